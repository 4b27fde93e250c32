"""What a file really is, from its first bytes (magic numbers), never from its name or declared type."""

from __future__ import annotations

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"

EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}

_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
]


def sniff(head: bytes) -> str | None:
    """The media type of a PDF, JPEG or PNG file from its first bytes; None for anything else.

    A PDF may start after a few bytes of garbage (readers accept up to 1024); a scan from a copier
    does not, so the header must be at the very start.
    """
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            return media_type
    return None


def looks_complete(data: bytes, media_type: str) -> bool:
    """A cheap check that the file was not cut short: PDF ends with %%EOF, JPEG with FFD9, PNG with IEND."""
    tail = data[-1024:]
    if media_type == PDF:
        return b"%%EOF" in tail
    if media_type == JPEG:
        return tail.rstrip(b"\x00").endswith(b"\xff\xd9")
    if media_type == PNG:
        return b"IEND" in data[-12:]
    return False
