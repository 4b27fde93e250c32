"""What a file really is, from its first bytes (magic numbers), never from its name or declared type."""

from __future__ import annotations

import re

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


# --- Office documents (Word .docx): a ZIP package holding word/document.xml ---------------------------

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_ZIP_MAGIC = b"PK\x03\x04"
DOCX_MAX_MEMBERS = 2_000
DOCX_MAX_EXPANDED = 200 * 1024 * 1024  # refuse a "zip bomb" before decompressing anything


def is_docx(data: bytes) -> bool:
    """A Word .docx file: a sound ZIP package with `word/document.xml`, of reasonable expanded size."""
    import io
    import zipfile

    if not data.startswith(_ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > DOCX_MAX_MEMBERS or sum(m.file_size for m in members) > DOCX_MAX_EXPANDED:
                return False
            names = {m.filename for m in members}
            return "word/document.xml" in names and archive.testzip() is None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return False


def sniff_document(data: bytes) -> str | None:
    """The media type of a whole PDF, JPEG, PNG or Word .docx file, from its content; None for anything
    else (an executable renamed .pdf, text, a truncated file, an old .doc)."""
    media_type = sniff(data[:16])
    if media_type is not None:
        return media_type if looks_complete(data, media_type) else None
    return DOCX if is_docx(data) else None


def safe_filename(name: str, default: str = "document") -> str:
    """The file's own name without any path, quotes or control characters (shown and sent back as is)."""
    base = re.sub(r"[^\w.\- ]+", "_", (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip(" .")
    return (base or default)[:200]
