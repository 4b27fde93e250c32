"""What the database holds: ciphertext only for what says something about the student, and an audit log
that never carries the content."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.db import connection

from records import actions
from records.tests.core_helpers import NOTE, open_alice, signed


def raw(sql: str, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return [row[0] for row in cursor.fetchall()]


def test_entry_texts_and_locations_are_encrypted_in_the_database(cast):
    record = open_alice(cast)
    entry = signed(cast, record, modality="telepractice", student_location="Chez sa grand-mère à Shawinigan")
    texts = raw("SELECT text FROM records_entry WHERE id = %s", entry.pk)
    assert texts and NOTE not in texts[0] and "Alice" not in texts[0]
    locations = raw("SELECT student_location FROM records_entry WHERE id = %s", entry.pk)
    assert "grand-mère" not in locations[0]
    assert entry.text == NOTE  # read back through the field


def test_record_reasons_and_closing_note_are_encrypted(cast):
    record = open_alice(cast)
    actions.close_record(cast.psychologist, record, "Fin du suivi : Alice va mieux.")
    row = raw(
        "SELECT reasons || '|' || closing_note FROM records_professionalrecord WHERE id = %s", record.pk
    )[0]
    assert "Anxiété" not in row and "Alice va mieux" not in row


def test_the_audit_log_never_holds_the_content(cast):
    record = open_alice(cast)
    signed(cast, record)
    actions.close_record(cast.psychologist, record, "Fin du suivi : Alice va mieux.")
    for log in LogEntry.objects.all():
        blob = f"{log.changes} {log.additional_data} {log.object_repr}"
        for secret in ("Anxiété", "respiration", "Alice va mieux"):
            assert secret not in blob, (log.action, log.additional_data)
