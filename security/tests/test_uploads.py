"""Uploads are judged by their content, never by their name or declared type, on every upload path:
the paper consent's scan, a record entry's attachment, a document of the student file and the SIS
import. A new upload path (a FileField or request.FILES in a module not listed here) fails the last test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from consents.models import Consent
from consents.tests.helpers import make_image, make_pdf
from documents.models import Document
from records.models import EntryAttachment
from records.tests.core_helpers import draft, open_alice
from students.models import Student

ROOT = Path(__file__).resolve().parents[2]
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200  # a Windows executable
HTML = b"<html><script>alert(document.cookie)</script></html>"
TRUNCATED_PDF = make_pdf()[:200]
DISGUISES = [
    ("rapport.pdf", "application/pdf", EXECUTABLE),
    ("scan.png", "image/png", HTML),
    ("formulaire.pdf", "application/pdf", TRUNCATED_PDF),
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _file(name: str, content_type: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def _paper(client, cast, upload):
    data = {"scope": "services", "signer": "student", "signed_on": timezone.localdate().isoformat()}
    return client.post(reverse("consents:paper", args=[cast.alice.pk]), {**data, "scan": upload})


@pytest.mark.parametrize(("name", "content_type", "data"), DISGUISES)
def test_a_disguised_consent_scan_is_refused(client, cast, name, content_type, data):
    client.force_login(cast.principal)
    response = _paper(client, cast, _file(name, content_type, data))
    assert response.status_code == 200 and response.context["form"].errors.get("scan")
    assert not Consent.objects.exists()


def test_a_real_scan_with_a_misleading_name_is_accepted_for_its_content(client, cast):
    client.force_login(cast.principal)
    response = _paper(client, cast, _file("photo.exe", "application/octet-stream", make_image("PNG")))
    assert response.status_code == 302
    assert Consent.objects.get().document_type == "image/png"


@pytest.mark.parametrize(("name", "content_type", "data"), [DISGUISES[0], DISGUISES[2]])
def test_a_disguised_attachment_is_refused(client, cast, name, content_type, data):
    entry = draft(cast, open_alice(cast))
    client.force_login(cast.psychologist)
    url = reverse("records:attachment_add", args=[entry.pk])
    response = client.post(url, {"file": _file(name, content_type, data)})
    assert response.status_code in (200, 302)
    assert not EntryAttachment.objects.exists()


def test_html_named_png_is_kept_as_plain_text_never_as_an_image(client, cast):
    """A record accepts text notes: the HTML is stored as text/plain, served as an attachment."""
    entry = draft(cast, open_alice(cast))
    client.force_login(cast.psychologist)
    client.post(
        reverse("records:attachment_add", args=[entry.pk]), {"file": _file("scan.png", "image/png", HTML)}
    )
    attachment = EntryAttachment.objects.get()
    assert attachment.content_type == "text/plain"
    response = client.get(reverse("records:attachment", args=[attachment.pk]))
    assert response["Content-Type"].startswith("text/plain")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")


def test_a_real_pdf_attachment_named_exe_is_kept_as_a_pdf(client, cast):
    entry = draft(cast, open_alice(cast))
    client.force_login(cast.psychologist)
    url = reverse("records:attachment_add", args=[entry.pk])
    client.post(url, {"file": _file("notes.exe", "application/x-msdownload", make_pdf())})
    assert EntryAttachment.objects.get().content_type == "application/pdf"


def _document(client, cast, upload):
    data = {"title": "Rapport", "compartment": "aide", "kind": "rapport", "file": upload}
    return client.post(reverse("documents:upload", args=[cast.alice.pk]), data)


@pytest.mark.parametrize(("name", "content_type", "data"), DISGUISES)
def test_a_disguised_document_is_refused(client, cast, name, content_type, data):
    client.force_login(cast.psychologist)
    response = _document(client, cast, _file(name, content_type, data))
    assert response.status_code == 200
    assert not Document.objects.exists()


def test_a_real_document_with_a_misleading_name_is_stored_for_its_content(client, cast):
    client.force_login(cast.psychologist)
    assert _document(client, cast, _file("rapport.txt", "text/plain", make_pdf())).status_code == 302
    assert Document.objects.get().content_type == "application/pdf"


@pytest.mark.parametrize("data", [make_pdf(), EXECUTABLE, make_image("PNG"), b"\x00\xff" * 500])
def test_a_binary_file_named_csv_imports_nothing(client, cast, data):
    client.force_login(cast.manager)
    response = client.post(
        reverse("sis:import"), {"kind": "eleves", "file": _file("eleves.csv", "text/csv", data)}
    )
    assert response.status_code == 302
    preview = client.get(reverse("sis:preview"))
    assert preview.status_code == 200 and preview.context["errors"]
    client.post(reverse("sis:confirm"))
    assert Student.objects.count() == 3


UPLOAD = re.compile(r"forms\.FileField\(|request\.FILES|FileUploadParser|MultiPartParser")
COVERED = {"consents/forms.py", "consents/views.py", "records/forms.py", "records/views.py"}
COVERED |= {"documents/forms.py", "documents/views.py", "sis/forms.py", "sis/views.py"}
COVERED |= {"earlywarning/views_backtest.py"}


def test_every_upload_path_is_covered_here():
    skip = {".venv", "static", "var", "tests", "migrations", "bench"}
    found = {
        str(p.relative_to(ROOT))
        for p in ROOT.rglob("*.py")
        if not skip & set(p.relative_to(ROOT).parts) and UPLOAD.search(p.read_text(encoding="utf-8"))
    }
    assert found <= COVERED, (
        f"Nouveau chemin de téléversement : {sorted(found - COVERED)}. Vérifier le contenu avec "
        "lib.filetypes (sniff_document) et ajouter ses tests dans security/tests/test_uploads.py."
    )
    assert found, "the walk over the sources is broken"


BACKTEST_DATA = ROOT / "earlywarning" / "tests" / "data" / "backtest"


@pytest.mark.parametrize("data", [make_pdf(), EXECUTABLE, make_image("PNG"), b"\x00\xff" * 500])
def test_a_binary_file_named_like_a_backtest_csv_is_refused_for_its_content(client, cast, data):
    client.force_login(cast.manager)
    folder = [
        SimpleUploadedFile(
            p.name, data if p.name == "resultats.csv" else p.read_bytes(), content_type="text/csv"
        )
        for p in sorted(BACKTEST_DATA.iterdir())
    ]
    response = client.post(
        reverse("earlywarning:backtest:run"), {"folder": folder, "etape": "2", "criteria": ""}
    )
    assert response.status_code == 200 and response.context.get("report") is None
    assert "pas un fichier CSV" in response.content.decode()


def test_a_zip_is_recognised_by_its_content_not_its_name(client, cast):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for p in sorted(BACKTEST_DATA.iterdir()):
            archive.writestr(p.name, p.read_bytes())
    client.force_login(cast.manager)
    upload = SimpleUploadedFile("dossier.csv", buffer.getvalue(), content_type="text/csv")
    response = client.post(
        reverse("earlywarning:backtest:run"), {"folder": [upload], "etape": "2", "criteria": ""}
    )
    assert response.status_code == 200 and response.context["report"]["students"] == 10
