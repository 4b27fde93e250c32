"""Documents of the student file: PDF, JPEG, PNG and Word .docx recognised from their content."""

import io
import zipfile

from lib import filetypes


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_docx_package_is_recognised_whatever_its_name():
    docx = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    assert filetypes.sniff_document(docx) == filetypes.DOCX


def test_a_plain_zip_or_a_damaged_package_is_not_a_docx():
    assert filetypes.sniff_document(_zip({"notes.txt": b"bonjour"})) is None
    docx = _zip({"word/document.xml": b"<w:document/>" * 100})
    assert filetypes.sniff_document(docx[: len(docx) // 2]) is None


def test_a_zip_bomb_is_refused_before_decompression(monkeypatch):
    monkeypatch.setattr(filetypes, "DOCX_MAX_EXPANDED", 1000)
    docx = _zip({"word/document.xml": b"\x00" * 5000})
    assert not filetypes.is_docx(docx)


def test_an_executable_text_or_old_doc_is_not_a_document():
    assert filetypes.sniff_document(b"MZ\x90\x00" + b"\x00" * 200) is None
    assert filetypes.sniff_document(b"Bonjour") is None
    assert filetypes.sniff_document(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500) is None


def test_pdf_and_images_must_be_complete():
    assert filetypes.sniff_document(b"%PDF-1.4\n...\n%%EOF\n") == filetypes.PDF
    assert filetypes.sniff_document(b"%PDF-1.4\n...") is None
    assert filetypes.sniff_document(b"\xff\xd8\xff...\xff\xd9") == filetypes.JPEG
