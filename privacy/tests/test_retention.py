"""Retention and destruction: a run lists what the schedule makes destructible (dry run), a second person
approves it, the content really goes (encrypted rows and those linked to them), legal holds block it, and
the log keeps kind, number, pseudonymous student, rule, when and who — never the content."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from privacy import actions, retention
from privacy.models import DestructionItem, ItemStatus
from records.models import Entry, EntryAttachment, ProfessionalRecord
from records.tests.core_helpers import NOTE


def test_the_dry_run_lists_the_closed_record_whose_retention_ended_and_writes_nothing(cast, old_record):
    planned, held = retention.dry_run(cast.privacy_officer)
    assert [(d.kind, d.object_id) for d in planned] == [("professional_record", old_record.pk)]
    assert held == [] and not DestructionItem.objects.exists()
    assert planned[0].rule.startswith("RECORD_RETENTION_PSYCHOLOGIST")


def test_a_record_still_within_its_retention_is_not_listed(cast, old_record):
    ProfessionalRecord.objects.filter(pk=old_record.pk).update(retention_until=timezone.localdate())
    assert retention.dry_run(cast.privacy_officer) == ([], [])


def test_the_person_who_prepared_cannot_approve_and_a_teacher_cannot_either(cast, old_record):
    run = retention.prepare_run(cast.privacy_officer)
    with pytest.raises(ValidationError):
        retention.approve_run(cast.privacy_officer, run)
    with pytest.raises(PermissionDenied):
        retention.approve_run(cast.teacher, run)
    assert ProfessionalRecord.objects.filter(pk=old_record.pk).exists()


def test_the_approved_run_really_deletes_the_record_its_signed_entries_and_corrections(cast, old_record):
    entries = list(Entry.objects.filter(record=old_record).values_list("pk", flat=True))
    assert len(entries) == 3
    run = retention.prepare_run(cast.privacy_officer)
    run = retention.approve_run(cast.manager, run)
    assert run.status == "executed" and run.approved_by == cast.manager
    assert not ProfessionalRecord.objects.filter(pk=old_record.pk).exists()
    assert not Entry.objects.filter(pk__in=entries).exists()
    assert not EntryAttachment.objects.filter(entry_id__in=entries).exists()
    item = run.items.get()
    assert item.status == ItemStatus.DESTROYED and item.destroyed_at is not None
    assert (
        item.student_hash == retention.student_hash(cast.alice.pk) and str(cast.alice.pk) != item.student_hash
    )
    # Nothing readable is left anywhere in the database: not in the rows, not in the audit.
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM records_entry WHERE record_id = %s", [old_record.pk])
        assert cursor.fetchone()[0] == 0
    audit = str(list(LogEntry.objects.values_list("changes", "additional_data", "object_repr")))
    assert NOTE not in audit and "Deuxième note" not in audit
    executed = LogEntry.objects.get(additional_data__event="destruction_executed")
    assert executed.actor == cast.manager and executed.additional_data["destroyed"] == 1


def test_a_second_privacy_officer_may_approve(cast, old_record, second_officer):
    run = retention.approve_run(second_officer, retention.prepare_run(cast.privacy_officer))
    assert run.items.get().status == ItemStatus.DESTROYED


def test_a_hold_on_the_student_keeps_the_record_out_of_the_run(cast, old_record):
    actions.place_hold(cast.privacy_officer, reason="Litige en cours avec la famille", student=cast.alice)
    planned, held = retention.dry_run(cast.privacy_officer)
    assert planned == [] and [d.object_id for d in held] == [old_record.pk]
    with pytest.raises(ValidationError):
        retention.prepare_run(cast.privacy_officer)


def test_a_hold_placed_after_the_preparation_still_blocks_the_destruction(cast, old_record):
    run = retention.prepare_run(cast.privacy_officer)
    actions.place_hold(
        cast.privacy_officer,
        reason="Demande d'accès en cours",
        kind="professional_record",
        object_id=old_record.pk,
    )
    run = retention.approve_run(cast.manager, run)
    assert run.items.get().status == ItemStatus.HELD
    assert ProfessionalRecord.objects.filter(pk=old_record.pk).exists()


def test_a_released_hold_no_longer_blocks(cast, old_record):
    hold = actions.place_hold(
        cast.privacy_officer, reason="Litige en cours avec la famille", student=cast.alice
    )
    actions.release_hold(cast.privacy_officer, hold, "Litige réglé par entente.")
    assert len(retention.dry_run(cast.privacy_officer)[0]) == 1


def test_a_cancelled_run_destroys_nothing(cast, old_record):
    run = retention.cancel_run(cast.manager, retention.prepare_run(cast.privacy_officer))
    assert run.status == "cancelled"
    with pytest.raises(ValidationError):
        retention.approve_run(cast.manager, run)
    assert ProfessionalRecord.objects.filter(pk=old_record.pk).exists()


def test_other_kinds_follow_the_schedule_consents_documents_plans(cast, settings):
    from consents.models import Consent, ConsentDocument
    from documents.models import Document, DocumentContent
    from documents.tests.helpers import upload
    from plans.models import InterventionPlan
    from plans.tests.helpers import active
    from records.tests.core_helpers import give_consent

    consent = give_consent(cast, cast.bruno)
    Consent.objects.filter(pk=consent.pk).update(
        revoked_at=timezone.now() - dt.timedelta(days=6 * 366), revoked_by=cast.principal
    )
    document = upload(cast.principal, cast.alice)
    Document.objects.filter(pk=document.pk).update(uploaded_at=timezone.now() - dt.timedelta(days=8 * 366))
    plan = active(cast)
    InterventionPlan.objects.filter(pk=plan.pk).update(
        status="closed", closed_at=timezone.now() - dt.timedelta(days=6 * 366)
    )
    planned, _held = retention.dry_run(cast.privacy_officer)
    assert {(d.kind, d.object_id) for d in planned} >= {
        ("consent", consent.pk),
        ("document", document.pk),
        ("plan", plan.pk),
    }
    retention.approve_run(cast.manager, retention.prepare_run(cast.privacy_officer))
    assert (
        not Consent.objects.filter(pk=consent.pk).exists()
        and not ConsentDocument.objects.filter(consent_id=consent.pk).exists()
    )
    assert (
        not Document.objects.filter(pk=document.pk).exists()
        and not DocumentContent.objects.filter(document_id=document.pk).exists()
    )
    assert not InterventionPlan.objects.filter(pk=plan.pk).exists()


def test_old_audit_entries_go_as_one_batch_and_the_newer_ones_stay(cast, settings):
    settings.RETENTION_SCHEDULE = {**settings.RETENTION_SCHEDULE, "audit_entry": {"years": 1, "code": "T"}}
    old = list(LogEntry.objects.order_by("pk")[:3])
    LogEntry.objects.filter(pk__in=[e.pk for e in old]).update(
        timestamp=timezone.now() - dt.timedelta(days=800)
    )
    planned, _ = retention.dry_run(cast.privacy_officer)
    batch = [d for d in planned if d.kind == "audit_entry"]
    assert len(batch) == 1 and batch[0].count >= 3
    newest = LogEntry.objects.order_by("-pk").first().pk
    retention.approve_run(cast.manager, retention.prepare_run(cast.privacy_officer))
    assert not LogEntry.objects.filter(pk__lte=batch[0].object_id).exists()
    assert LogEntry.objects.filter(pk=newest).exists()


def test_the_due_command_lists_without_destroying(cast, old_record, capsys):
    call_command("privacy", "due")
    out = capsys.readouterr().out
    assert f"professional_record;{old_record.pk};" in out and NOTE not in out
    assert ProfessionalRecord.objects.filter(pk=old_record.pk).exists()


def test_the_manager_approves_through_the_page_and_sees_no_content(client, cast, old_record):
    run = retention.prepare_run(cast.privacy_officer)
    client.force_login(cast.manager)
    page = client.get(reverse("privacy:run", args=[run.pk]))
    assert page.status_code == 200 and "Approuver et détruire" in page.content.decode()
    assert "Alice" not in page.content.decode() and cast.alice.code_permanent not in page.content.decode()
    assert client.post(reverse("privacy:run_approve", args=[run.pk])).status_code == 302
    assert not ProfessionalRecord.objects.filter(pk=old_record.pk).exists()
