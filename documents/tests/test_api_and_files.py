"""The API's download (audited, an attachment) and the file checks: Word, names, the size setting."""

from __future__ import annotations

import io
import zipfile

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from documents import actions
from documents.tests.helpers import make_pdf, upload


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def test_the_api_download_is_an_audited_attachment(client, cast):
    document = upload(cast.principal, cast.alice, compartment="scolaire", share=True)
    client.force_login(cast.parent)
    response = client.get(reverse("api:document-content", args=[document.pk]), HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff" and "no-store" in response["Cache-Control"]
    row = LogEntry.objects.get(action=LogEntry.Action.ACCESS, object_pk=str(document.pk))
    assert row.additional_data["view"] == "api:document-content"
    assert row.additional_data["reason"] == "guardian"


def test_the_api_download_says_404_for_missing_and_forbidden_alike(client, cast):
    document = upload(cast.principal, cast.alice)  # support file, not shared
    client.force_login(cast.parent)
    for pk in (document.pk, document.pk + 1000):
        response = client.get(reverse("api:document-content", args=[pk]), HTTP_ACCEPT="application/pdf")
        assert response.status_code == 404
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


def test_the_api_lists_the_documents_of_one_visible_student(client, cast):
    mine = upload(cast.principal, cast.alice)
    upload(cast.principal, cast.bruno)
    client.force_login(cast.teacher)
    rows = client.get(reverse("api:document-list"), {"eleve": cast.alice.pk}).json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]
    assert set(rows[0]) >= {"title", "kind", "compartment", "uploaded_at", "shared_with_student"}


def test_a_word_document_is_accepted_by_its_content(cast):
    document = upload(cast.principal, cast.alice, data=_docx())
    assert document.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_a_name_with_accents_and_a_path_is_kept_readable_and_safe(client, cast):
    document = actions.upload_document(
        cast.principal,
        cast.alice,
        compartment="scolaire",
        kind="lettre",
        title="Lettre",
        filename='C:\\Users\\x\\lettre "été".pdf',
        data=make_pdf(),
    )
    assert document.filename == "lettre _été_.pdf"
    client.force_login(cast.principal)
    response = client.get(reverse("documents:download", args=[document.pk]))
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''lettre%20_%C3%A9t%C3%A9_.pdf"


@override_settings()
def test_the_size_limit_defaults_to_ten_mebibytes_without_the_setting(settings, cast):
    del settings.DOCUMENT_MAX_BYTES
    assert actions.max_bytes() == 10 * 1024 * 1024
    with pytest.raises(ValidationError, match="10 Mo"):
        actions.check_file(b"%PDF-" + b"\x00" * (10 * 1024 * 1024), "gros.pdf")
