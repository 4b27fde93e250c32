"""The audit scan raises candidate incidents from break-the-glass, bursts of reads, repeated refusals,
reason anomalies and large exports; it never raises the same candidate twice."""

from __future__ import annotations

import datetime as dt

from auditlog.models import LogEntry
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from core.audit import log_access, log_event
from privacy import tasks
from privacy.models import Detector, Incident
from privacy.scan import scan
from records.tests.core_helpers import break_glass
from students.models import Student


def many_students(cast, n):
    return [
        Student.objects.create(
            code_permanent=f"LAVX{i:08d}",
            last_name="Lavoie",
            first_name=f"Élève{i}",
            birth_date=dt.date(2012, 1, 1),
            sex="F",
            school=cast.sources,
            grade_level="S1",
        )
        for i in range(n)
    ]


def test_every_break_glass_access_becomes_one_candidate_and_a_second_scan_raises_nothing(cast):
    access = break_glass(cast.speech_therapist, cast.bruno)
    assert scan()["break_glass"] == 1
    incident = Incident.objects.get(detector=Detector.BREAK_GLASS)
    assert incident.status == "candidate" and incident.subject_user == cast.speech_therapist
    assert incident.signal["break_glass_id"] == access.pk and incident.centre == cast.centre
    assert "Urgence" not in str(incident.signal)  # the reason is not copied into the signal
    assert sum(scan().values()) == 0
    assert Incident.objects.count() == 1


@override_settings(PRIVACY_SCAN_DISTINCT_STUDENTS=5, PRIVACY_SCAN_WINDOW_MINUTES=60)
def test_reading_many_distinct_students_in_a_short_window_raises_one_candidate(cast):
    for student in many_students(cast, 6):
        log_access(cast.principal, student, reason="school", view="students:detail")
    assert scan()["many_students"] == 1
    incident = Incident.objects.get(detector=Detector.MANY_STUDENTS)
    assert incident.signal["students"] == 6 and incident.subject_user == cast.principal
    # A later read extends the same episode: not a new candidate.
    log_access(cast.principal, cast.alice, reason="school", view="students:detail")
    assert scan()["many_students"] == 0


@override_settings(PRIVACY_SCAN_DISTINCT_STUDENTS=5)
def test_a_few_reads_raise_nothing(cast):
    for student in many_students(cast, 4):
        log_access(cast.principal, student, reason="school", view="students:detail")
    assert sum(scan().values()) == 0


@override_settings(PRIVACY_SCAN_DENIED=3)
def test_repeated_refused_reads_of_student_files_raise_a_candidate(client, cast):
    client.force_login(cast.outsider)
    for _ in range(3):
        assert client.get(reverse("students:detail", args=[cast.alice.pk])).status_code == 404
    assert (
        LogEntry.objects.filter(additional_data__event="student_access_denied", actor=cast.outsider).count()
        == 3
    )
    assert scan()["denied_retries"] == 1
    assert Incident.objects.get(detector=Detector.DENIED_RETRIES).signal["refusals"] == 3


def test_a_caseload_read_without_a_caseload_that_day_is_an_anomaly(cast):
    log_access(cast.psychologist, cast.alice, reason="caseload", view="students:detail")  # has the caseload
    log_access(cast.speech_therapist, cast.bruno, reason="caseload", view="students:detail")  # has not
    log_access(cast.teacher, cast.alice, reason="school", view="students:detail")  # wrong role for reason
    assert scan()["reason_anomaly"] == 2
    problems = sorted(i.signal["problem"] for i in Incident.objects.filter(detector=Detector.REASON_ANOMALY))
    assert problems == ["no_caseload", "role"]
    assert scan()["reason_anomaly"] == 0


@override_settings(PRIVACY_SCAN_LARGE_EXPORT_ROWS=100)
def test_a_large_export_raises_a_candidate_and_a_small_one_does_not(cast):
    log_event(cast.coordinator, cast.coordinator, event="intake_export", rows=150)
    log_event(cast.coordinator, cast.coordinator, event="intake_export", rows=20)
    assert scan()["large_export"] == 1
    assert Incident.objects.get(detector=Detector.LARGE_EXPORT).signal["rows"] == 150


def test_the_command_and_the_periodic_task_run_the_same_idempotent_scan(cast, capsys):
    break_glass(cast.psychologist, cast.bruno)
    call_command("privacy", "scan")
    assert "1 signalement" in capsys.readouterr().out
    tasks.scan_audit.call_local()
    assert Incident.objects.count() == 1


def test_reads_older_than_the_lookback_are_not_scanned_again(cast):
    entry = log_access(cast.teacher, cast.alice, reason="school", view="students:detail")
    LogEntry.objects.filter(pk=entry.pk).update(timestamp=timezone.now() - dt.timedelta(days=30))
    assert scan()["reason_anomaly"] == 0
