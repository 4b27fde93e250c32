"""Files attached to a draft entry: checked by their content, limited in size, encrypted, frozen with the
signature, and every download audited with its reason."""

from __future__ import annotations

import io
import zipfile

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from consents.tests.helpers import make_image, make_pdf
from records import actions, attachments
from records.models import EntryAttachment, ImmutableEntryError
from records.tests.core_helpers import draft, open_alice


def make_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("maker", "name", "media_type"),
    [
        (make_pdf, "rapport.pdf", "application/pdf"),
        (lambda: make_image("PNG"), "dessin.png", "image/png"),
        (lambda: make_image("JPEG"), "photo.jpg", "image/jpeg"),
        (make_docx, "protocole.docx", attachments.DOCX),
        (lambda: b"item;score\nWISC;12\n", "scores.csv", "text/csv"),
        (lambda: "Observations brutes, séance 1".encode(), "notes.txt", "text/plain"),
    ],
)
def test_accepted_files_are_recognised_by_their_content(maker, name, media_type):
    assert attachments.check_file(maker(), name) == media_type


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00", "rapport.pdf"),  # a program renamed .pdf
        (b"%PDF-1.7\n1 0 obj", "coupe.pdf"),  # a PDF cut short
        (b"PK\x03\x04not a real zip", "faux.docx"),
        ("café".encode("cp1252"), "latin.txt"),  # not UTF-8
    ],
)
def test_other_files_are_refused_whatever_their_name(data, name):
    with pytest.raises(ValidationError, match="contenu a été vérifié"):
        attachments.check_file(data, name)


def test_empty_and_too_large_files_are_refused(settings):
    settings.RECORD_ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="vide"):
        attachments.check_file(b"", "x.pdf")
    with pytest.raises(ValidationError, match="taille permise"):
        attachments.check_file(b"a" * 101, "x.txt")


def test_a_file_is_attached_to_a_draft_encrypted_and_frozen_by_the_signature(cast):
    entry = draft(cast, open_alice(cast), kind="evaluation_report")
    pdf = make_pdf()
    attachment = attachments.add_attachment(
        cast.psychologist, entry, filename="../../rapport WISC.pdf", data=pdf
    )
    assert attachment.filename == "rapport WISC.pdf" and attachment.size == len(pdf)
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM records_entryattachment WHERE id = %s", [attachment.pk])
        raw = bytes(cursor.fetchone()[0])
    assert b"%PDF" not in raw and pdf not in raw
    signed = actions.sign_entry(cast.psychologist, entry)
    assert actions.signature_holds(signed)
    with pytest.raises(ValidationError, match="signée"):
        attachments.add_attachment(cast.psychologist, signed, filename="autre.pdf", data=pdf)
    with pytest.raises(ImmutableEntryError):
        EntryAttachment.objects.get(pk=attachment.pk).delete()


def test_only_the_author_attaches_to_a_draft(cast):
    entry = draft(cast, open_alice(cast))
    with pytest.raises(PermissionDenied):
        attachments.add_attachment(cast.speech_therapist, entry, filename="x.pdf", data=make_pdf())


def test_a_file_is_removed_from_a_draft(cast):
    entry = draft(cast, open_alice(cast))
    attachment = attachments.add_attachment(cast.psychologist, entry, filename="x.txt", data=b"brut")
    attachments.remove_attachment(cast.psychologist, attachment)
    assert not EntryAttachment.objects.exists()


def test_each_download_is_audited_with_its_reason(client, cast):
    entry = draft(cast, open_alice(cast))
    pdf = make_pdf()
    attachment = attachments.add_attachment(cast.psychologist, entry, filename="rapport.pdf", data=pdf)
    client.force_login(cast.psychologist)
    from django.urls import reverse

    response = client.get(reverse("records:attachment", args=[attachment.pk]))
    assert response.status_code == 200 and response.content == pdf
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert "attachment;" in response["Content-Disposition"]
    log = LogEntry.objects.get_for_object(attachment).get(action=LogEntry.Action.ACCESS)
    assert log.actor == cast.psychologist and log.additional_data["reason"] == "owner"
    client.force_login(cast.principal)
    assert client.get(reverse("records:attachment", args=[attachment.pk])).status_code == 404
