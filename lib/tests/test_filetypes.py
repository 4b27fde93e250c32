"""A file is what its bytes say, not what its name says."""

import pytest

from lib import filetypes


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3", filetypes.PDF),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", filetypes.JPEG),
        (b"\x89PNG\r\n\x1a\n\x00\x00", filetypes.PNG),
        (b"Bonjour, ceci est du texte", None),
        (b"<html><body>%PDF-</body>", None),
        (b"GIF89a", None),
        (b"", None),
    ],
)
def test_sniff_reads_the_magic_bytes(head, expected):
    assert filetypes.sniff(head) == expected


def test_a_truncated_pdf_is_not_complete():
    assert filetypes.looks_complete(b"%PDF-1.4\n...\n%%EOF\n", filetypes.PDF)
    assert not filetypes.looks_complete(b"%PDF-1.4\n...", filetypes.PDF)


def test_jpeg_and_png_ends_are_checked():
    assert filetypes.looks_complete(b"\xff\xd8\xff...\xff\xd9", filetypes.JPEG)
    assert not filetypes.looks_complete(b"\xff\xd8\xff...", filetypes.JPEG)
    assert filetypes.looks_complete(b"\x89PNG....\x00\x00\x00\x00IEND\xaeB`\x82", filetypes.PNG)
    assert not filetypes.looks_complete(b"\x89PNG....", filetypes.PNG)
