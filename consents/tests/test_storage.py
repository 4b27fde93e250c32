"""Documents at rest: encrypted, rotated with the other keys, never in the audit log."""

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import connection

from consents import actions
from consents.models import ConsentDocument
from consents.tests.helpers import ask, make_pdf, paper, sign
from core.crypto import EncryptionError, _keyring_for, keyring, new_key_spec


def raw(consent):
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM consents_consentdocument WHERE consent_id = %s", [consent.pk])
        return bytes(cursor.fetchone()[0])


@pytest.fixture
def fresh_keys():
    _keyring_for.cache_clear()
    yield
    _keyring_for.cache_clear()


def test_the_rotation_command_reencrypts_documents_too(cast, leo, settings, fresh_keys):
    consent = sign(cast.parent, ask(cast, leo))
    pdf = ConsentDocument.objects.get(consent=consent).content
    assert keyring().key_id_of(raw(consent)) == "test1"
    settings.ENCRYPTION_KEYS = f"{new_key_spec('rot2')},{settings.ENCRYPTION_KEYS}"
    _keyring_for.cache_clear()
    call_command("rotate_encryption_keys", stdout=None)
    assert keyring().key_id_of(raw(consent)) == "rot2"
    assert ConsentDocument.objects.get(consent=consent).content == pdf
    once = raw(consent)
    call_command("rotate_encryption_keys")
    assert raw(consent) == once  # nothing to do the second time


def test_a_document_does_not_open_without_its_key(cast, leo, settings, fresh_keys):
    consent = actions.record_paper_consent(cast.psychologist, leo, paper(cast, leo, scan=make_pdf()))
    settings.ENCRYPTION_KEYS = new_key_spec("autre")
    with pytest.raises(EncryptionError):
        ConsentDocument.objects.get(consent=consent)


def test_the_audit_log_holds_neither_the_document_nor_the_sharing_details(cast, leo):
    consent = actions.record_paper_consent(
        cast.psychologist,
        leo,
        paper(cast, leo, scope="sharing", shared_with="CLSC du Cap", shared_what="Rapport", scan=make_pdf()),
    )
    actions.revoke_consent(cast.psychologist, consent, "Appel de la mère : retrait du partage.")
    logged = " ".join(str(e.changes) + str(e.additional_data) for e in LogEntry.objects.all())
    assert "CLSC du Cap" not in logged and "Appel de la mère" not in logged and "%PDF" not in logged
    assert not LogEntry.objects.filter(content_type__model="consentdocument").exists()
