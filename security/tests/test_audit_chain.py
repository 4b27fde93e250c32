"""The audit rows are chained: an edit, a deletion or an insertion made directly in the database is caught
by `manage.py verify_audit`, which exits non-zero and names the first broken row."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from core.audit import log_access, prune_entries
from security import chain
from security.models import AuditChainHead, AuditSeal
from support.audit import log_list_read

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def journal(cast, client):
    """A realistic journal: the 360 page read, a list read in bulk, an object created (auditlog's own)."""
    client.force_login(cast.psychologist)
    assert client.get(reverse("students:detail", args=[cast.alice.pk])).status_code == 200
    log_list_read(cast.principal, [cast.alice, cast.bruno], view="test")
    for student in cast.students:
        log_access(cast.principal, student, reason="school", view="test")
    entries = list(LogEntry.objects.order_by("pk"))
    assert len(entries) >= 6
    return entries


def verify_fails_on(entry_id: int | None, capsys) -> str:
    with pytest.raises(SystemExit) as stopped:
        call_command("verify_audit")
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert "Journal d'audit altéré" in err
    if entry_id is not None:
        assert f"entrée n° {entry_id}" in err, err
    return err


def test_every_entry_is_sealed_as_it_is_written_and_the_journal_verifies(journal, capsys):
    assert AuditSeal.objects.count() == LogEntry.objects.count() == len(journal)
    assert AuditChainHead.objects.get().seq == len(journal)
    call_command("verify_audit")
    assert f"Journal d'audit intact : {len(journal)} entrée(s)" in capsys.readouterr().out


def test_an_entry_edited_in_the_database_is_named(journal, capsys):
    target = journal[2]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE auditlog_logentry SET object_repr = %s WHERE id = %s", ["Quelqu'un d'autre", target.pk]
        )
    assert "entrée modifiée" in verify_fails_on(target.pk, capsys)


def test_a_changed_actor_or_reason_is_caught_too(journal, capsys):
    target = journal[-1]
    LogEntry.objects.filter(pk=target.pk).update(additional_data={"reason": "break_glass", "view": "test"})
    verify_fails_on(target.pk, capsys)


def test_a_deleted_entry_is_named(journal, capsys):
    target = journal[3]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM auditlog_logentry WHERE id = %s", [target.pk])
    assert "entrée supprimée" in verify_fails_on(target.pk, capsys)


def test_an_entry_deleted_with_its_seal_leaves_a_gap(journal, capsys):
    target = journal[1]
    LogEntry.objects.filter(pk=target.pk).delete()
    AuditSeal.objects.filter(entry_id=target.pk).delete()
    assert "sceau manquant" in verify_fails_on(None, capsys)


def test_the_last_entries_deleted_with_their_seals_are_caught(journal, capsys):
    for target in journal[-2:]:
        LogEntry.objects.filter(pk=target.pk).delete()
        AuditSeal.objects.filter(entry_id=target.pk).delete()
    assert "fin de la chaîne" in verify_fails_on(None, capsys)


def test_an_entry_inserted_behind_the_application_is_named(journal, cast, capsys):
    row = LogEntry.objects.filter(pk=journal[0].pk).values()[0]
    row.pop("id")
    with connection.cursor() as cursor:
        columns = ", ".join(row)
        marks = ", ".join(["%s"] * len(row))
        values = [json.dumps(v) if isinstance(v, (dict, list)) else v for v in row.values()]
        cursor.execute(f"INSERT INTO auditlog_logentry ({columns}) VALUES ({marks})", values)
    inserted = LogEntry.objects.order_by("-pk").first()
    assert "sans sceau" in verify_fails_on(inserted.pk, capsys)


def test_the_seals_depend_on_the_key_of_the_centre(journal, settings, capsys):
    settings.AUDIT_CHAIN_KEY = "la-clé-du-centre"
    with pytest.raises(SystemExit):
        call_command("verify_audit")  # every seal was made without this key
    capsys.readouterr()


def test_the_retention_schedule_prunes_the_oldest_entries_and_the_rest_verifies(journal, cast, capsys):
    prune_entries(journal[2].pk)
    assert not AuditSeal.objects.filter(entry_id__lte=journal[2].pk).exists()
    log_access(cast.principal, cast.alice, reason="school", view="after")
    checked, broken = chain.verify()
    assert broken is None and checked == len(journal) - 3 + 1
    LogEntry.objects.filter(pk=journal[3].pk).update(object_repr="x")
    verify_fails_on(journal[3].pk, capsys)


def test_no_audit_row_is_written_in_bulk_but_through_core_audit():
    skip = {".venv", "tests", "migrations", "bench", "var", "static"}
    pattern = re.compile(r"LogEntry\.objects\.bulk_create|LogEntry\.objects\.(?:filter\([^)]*\)\.)?delete\(")
    offenders = [
        str(p.relative_to(ROOT))
        for p in ROOT.rglob("*.py")
        if not skip & set(p.relative_to(ROOT).parts)
        and str(p.relative_to(ROOT)) != "core/audit.py"
        and pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert not offenders, (
        f"{offenders} écrivent ou suppriment des entrées d'audit en lot : passer par core.audit.bulk_log "
        "ou core.audit.prune_entries, sinon la chaîne du journal (security.chain) se brise."
    )


def test_an_entry_is_never_left_without_its_seal(cast, monkeypatch):
    """The entry and its seal are written in one transaction: if sealing fails (the database went away
    between the two), the entry is not kept either, so verify_audit never sees an unsealed read."""
    before = LogEntry.objects.count()

    def broken(*args, **kwargs):
        raise RuntimeError("la base est partie")

    monkeypatch.setattr(chain, "digest", broken)
    with pytest.raises(RuntimeError):
        log_access(cast.principal, cast.alice, reason="school", view="test")
    assert LogEntry.objects.count() == before
