"""The demo's professional records: one per started episode, signed notes after the first service, drafts,
corrections, closed records for closed episodes, publications for about a third; encrypted in bulk;
reproducible from the seed; removed by a reset."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from core.models import User
from demo import generator
from intake.models import ServiceEpisode
from records.entry_actions import signature_holds
from records.models import Entry, EntryStatus, ProfessionalRecord, Publication, RecordStatus

N = 2000


@pytest.fixture
def demo(db, mailoutbox):
    result = generator.generate(N, 42)
    assert mailoutbox == []
    return result


def test_every_started_episode_has_the_record_of_its_professional(demo):
    started = ServiceEpisode.objects.filter(first_service_at__isnull=False).select_related("request")
    records = {r.episode_id: r for r in ProfessionalRecord.objects.all()}
    assert started.exists()
    missing = 0
    for episode in started:
        record = records.get(episode.pk)
        if record is None:
            missing += 1
            continue
        assert record.professional_id == episode.professional_id
        assert record.student_id == episode.request.student_id
        assert record.mandate_origin == episode.request.mandate_origin
        assert record.reasons
    assert missing <= started.count() * 0.02  # only a duplicate open mandate is skipped
    assert not ProfessionalRecord.objects.filter(episode__first_service_at__isnull=True).exists()


def test_signed_notes_follow_the_first_service_and_their_signatures_hold(demo):
    entries = list(Entry.objects.select_related("record__episode").filter(status=EntryStatus.SIGNED))
    assert entries
    for entry in entries:
        assert entry.record.episode is not None
        first = timezone.localtime(entry.record.episode.first_service_at).date()
        assert entry.service_date >= first
        assert signature_holds(entry), entry.pk


def test_drafts_corrections_closed_records_and_publications_all_show(demo):
    assert Entry.objects.filter(status=EntryStatus.DRAFT).exists()
    assert not Entry.objects.filter(status=EntryStatus.DRAFT, record__status=RecordStatus.CLOSED).exists()
    assert Entry.objects.filter(corrects__isnull=False).exists()
    closed = ProfessionalRecord.objects.filter(status=RecordStatus.CLOSED)
    assert closed.exists()
    for record in closed.select_related("episode"):
        assert record.episode is not None
        assert record.episode.closed_at is not None
        assert record.closing_note and record.retention_until and record.closed_at
    share = Publication.objects.count() / ProfessionalRecord.objects.count()
    assert 0.15 < share < 0.45


def test_the_demo_psychologist_has_records_to_show(demo):
    psychologue = User.objects.get(username="psychologue")
    assert ProfessionalRecord.objects.filter(professional=psychologue).count() >= 3


def test_texts_are_encrypted_at_rest_even_in_bulk(demo):
    entry = Entry.objects.first()
    assert entry is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM records_entry WHERE id = %s", [entry.pk])
        stored = cursor.fetchone()[0]
    assert entry.text and entry.text not in str(stored)


def facts():
    return (
        sorted(
            ProfessionalRecord.objects.values_list(
                "student__code_permanent", "profession", "status", "opened_at"
            )
        ),
        Entry.objects.count(),
        Publication.objects.count(),
    )


def test_a_seed_gives_the_same_records_and_reset_replaces_them(db):
    generator.generate(N, 7)
    first = facts()
    assert first[0]
    generator.generate(N, 7, reset=True)
    assert facts() == first
    generator.delete_demo()
    assert not ProfessionalRecord.objects.exists() and not Entry.objects.exists()
