"""Documents: checked by content, encrypted at rest, audited downloads, shared with the family on purpose,
withdrawn with their content purged; the pages' triad and the portal."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from documents import actions
from documents.models import Document, DocumentContent
from documents.queries import documents_visible_to
from documents.tests.helpers import make_image, make_pdf, upload

LOGIN = reverse("account_login")


def test_a_png_named_pdf_is_stored_as_a_png(cast):
    document = actions.upload_document(
        cast.principal,
        cast.alice,
        compartment="scolaire",
        kind="autre",
        title="Photo du travail",
        filename="travail.pdf",
        data=make_image("PNG"),
    )
    assert document.content_type == "image/png"


def test_an_executable_renamed_pdf_is_refused_in_french_and_nothing_is_written(cast):
    with pytest.raises(ValidationError, match="ni un PDF"):
        actions.upload_document(
            cast.principal,
            cast.alice,
            compartment="scolaire",
            kind="autre",
            title="Bulletin",
            filename="bulletin.pdf",
            data=b"MZ\x90\x00" + b"\x00" * 200,
        )
    assert not Document.objects.exists()


@override_settings(DOCUMENT_MAX_BYTES=100)
def test_a_file_over_the_limit_is_refused(cast):
    with pytest.raises(ValidationError, match="taille permise"):
        upload(cast.principal, cast.alice)


def test_an_empty_title_is_refused(cast):
    with pytest.raises(ValidationError, match="titre"):
        upload(cast.principal, cast.alice, title="  ")


def test_the_content_is_encrypted_in_the_raw_database(cast):
    data = make_pdf()
    document = upload(cast.principal, cast.alice, data=data)
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM documents_documentcontent WHERE document_id = %s", [document.pk])
        raw = bytes(cursor.fetchone()[0])
    assert b"%PDF" not in raw and b"Formulaire" not in raw
    assert bytes(DocumentContent.objects.get(document=document).content) == data


def test_who_may_upload(cast):
    upload(cast.psychologist, cast.alice)  # caseload
    upload(cast.principal, cast.alice)  # school
    for user in (
        cast.teacher,
        cast.speech_therapist,
        cast.outsider,
        cast.parent,
        cast.student15,
        cast.manager,
    ):
        with pytest.raises(PermissionDenied):
            upload(user, cast.alice)


def test_each_person_sees_only_the_documents_within_reach(cast):
    kept = upload(cast.principal, cast.alice)
    shared = upload(cast.principal, cast.alice, share=True, compartment="scolaire")
    zoe = upload(cast.outsider, cast.zoe, share=True)

    def seen(user):
        return set(documents_visible_to(user).values_list("pk", flat=True))

    assert seen(cast.psychologist) == seen(cast.principal) == seen(cast.teacher) == {kept.pk, shared.pk}
    assert seen(cast.outsider) == {zoe.pk}
    assert seen(cast.parent) == seen(cast.student15) == {shared.pk}
    for user in (cast.speech_therapist, cast.coordinator, cast.manager, cast.privacy_officer):
        assert seen(user) == set()


def test_a_download_is_audited_with_its_reason_and_sent_as_an_attachment(client, cast):
    document = upload(cast.principal, cast.alice, share=True, compartment="scolaire")
    client.force_login(cast.parent)
    response = client.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    row = LogEntry.objects.get(
        action=LogEntry.Action.ACCESS,
        content_type=ContentType.objects.get_for_model(Document),
        object_pk=str(document.pk),
    )
    assert row.actor == cast.parent and row.additional_data["reason"] == "guardian"


def test_sharing_tells_the_family_without_naming_the_document(cast, django_capture_on_commit_callbacks):
    cast.student15.email = "alice@exemple.qc.ca"
    cast.student15.save()
    with django_capture_on_commit_callbacks(execute=True):
        document = upload(cast.principal, cast.alice, title="Évaluation en psychologie")
        actions.share_document(cast.principal, document)
    # Alice is 15: she is told, not her parents
    assert [m.to for m in mail.outbox] == [["alice@exemple.qc.ca"]]
    assert "psychologie" not in mail.outbox[0].body


def test_a_withdrawn_document_disappears_and_its_content_is_purged(client, cast):
    document = upload(cast.principal, cast.alice, share=True)
    with pytest.raises(ValidationError):
        actions.withdraw_document(cast.principal, document, " ")
    actions.withdraw_document(cast.principal, document, "Déposé au mauvais dossier.")
    assert not DocumentContent.objects.filter(document=document).exists()
    client.force_login(cast.principal)
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404


def test_the_pages_triad(client, cast):
    document = upload(cast.principal, cast.alice)
    urls = {
        "upload": reverse("documents:upload", args=[cast.alice.pk]),
        "download": reverse("documents:download", args=[document.pk]),
        "withdraw": reverse("documents:withdraw", args=[document.pk]),
        "portal": reverse("documents:portal"),
    }
    for url in urls.values():
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    client.force_login(cast.outsider)
    for name in ("upload", "download", "withdraw"):
        assert client.get(urls[name]).status_code == 404, name
    assert client.get(urls["portal"]).status_code == 403
    client.force_login(cast.teacher)
    assert client.get(urls["download"]).status_code == 200
    assert client.get(urls["upload"]).status_code == 403
    assert client.get(urls["withdraw"]).status_code == 403
    client.force_login(cast.principal)
    for name in ("upload", "download", "withdraw"):
        assert client.get(urls[name]).status_code == 200, name


def test_the_upload_page_round_trip_shows_a_french_error_then_stores(client, cast):
    client.force_login(cast.principal)
    url = reverse("documents:upload", args=[cast.alice.pk])
    bad = SimpleUploadedFile("notes.pdf", b"bonjour", content_type="application/pdf")
    response = client.post(url, {"title": "Notes", "compartment": "aide", "kind": "autre", "file": bad})
    assert response.status_code == 200 and "ni un PDF" in response.content.decode()
    good = SimpleUploadedFile("bulletin.pdf", make_pdf(), content_type="application/pdf")
    response = client.post(
        url, {"title": "Bulletin", "compartment": "scolaire", "kind": "bulletin", "file": good}
    )
    assert response.status_code == 302
    assert Document.objects.get().title == "Bulletin"


def test_the_portal_lists_what_was_shared_and_the_360_page_groups_by_file(client, cast):
    shared = upload(
        cast.principal, cast.alice, share=True, title="Bulletin de la 1re étape", compartment="scolaire"
    )
    upload(cast.principal, cast.alice, title="Document interne")
    client.force_login(cast.parent)
    page = client.get(reverse("documents:portal")).content.decode()
    assert shared.title in page and "Document interne" not in page
    client.force_login(cast.teacher)
    page = client.get(reverse("students:detail", args=[cast.alice.pk])).content.decode()
    assert 'id="section-documents-scolaire"' in page and 'id="section-documents-aide"' in page
