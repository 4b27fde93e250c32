"""Pure rules of the privacy tools: access-request deadlines, audit bursts, the retention schedule, the
incident register's requirements and pseudonyms."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from typing import Any

import pytest

from lib import access_deadlines, incident_register, retention_schedule
from lib.audit_patterns import Read, bursts
from lib.pseudonym import hashed_id

DAY = dt.date(2026, 11, 2)
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def test_an_access_request_is_answered_within_20_days_or_30_after_the_one_extension():
    assert access_deadlines.due_on(DAY, extended=False) == dt.date(2026, 11, 22)
    assert access_deadlines.due_on(DAY, extended=True) == dt.date(2026, 12, 2)


def test_the_extension_is_refused_a_second_time_or_once_the_20_days_are_over():
    assert access_deadlines.may_extend(DAY, dt.date(2026, 11, 22), already=False) is None
    assert "déjà" in str(access_deadlines.may_extend(DAY, DAY, already=True))
    assert "expiré" in str(access_deadlines.may_extend(DAY, dt.date(2026, 11, 23), already=False))


def test_the_deadline_state_flags_overdue_and_due_soon_requests():
    due = dt.date(2026, 11, 22)
    assert access_deadlines.state(due, dt.date(2026, 11, 23), answered=False) == "overdue"
    assert access_deadlines.state(due, dt.date(2026, 11, 18), answered=False) == "due_soon"
    assert access_deadlines.state(due, dt.date(2026, 11, 10), answered=False) == "on_time"
    assert access_deadlines.state(due, dt.date(2026, 12, 30), answered=True) == "answered"
    assert access_deadlines.days_left(due, dt.date(2026, 11, 25)) == -3


def reads(*spec):
    return [Read(i, T0 + dt.timedelta(minutes=m), target) for i, (m, target) in enumerate(spec, start=1)]


def test_a_burst_is_found_when_enough_distinct_students_are_read_within_the_window():
    found = bursts(reads((0, 1), (5, 2), (10, 3), (50, 1)), window=dt.timedelta(minutes=30), threshold=3)
    assert len(found) == 1
    assert found[0].targets == (1, 2, 3) and found[0].first_entry_id == 1 and found[0].entries == 3


def test_reading_the_same_student_many_times_or_slowly_is_no_burst():
    same = reads(*((m, 7) for m in range(10)))
    slow = reads((0, 1), (40, 2), (80, 3))
    assert bursts(same, window=dt.timedelta(minutes=30), threshold=3) == []
    assert bursts(slow, window=dt.timedelta(minutes=30), threshold=3) == []


def test_bursts_do_not_overlap_and_the_same_reads_give_the_same_bursts():
    spec = [(m, m) for m in range(12)]
    first = bursts(reads(*spec), window=dt.timedelta(minutes=5), threshold=3)
    again = bursts(list(reversed(reads(*spec))), window=dt.timedelta(minutes=5), threshold=3)
    assert first == again
    assert all(a.end < b.start for a, b in itertools.pairwise(first))


def test_a_rule_makes_an_item_due_the_day_after_its_retention_ends():
    rule = retention_schedule.Rule("plan", 5, "CC-1", "fermeture")
    assert rule.due_on(dt.date(2020, 6, 30)) == dt.date(2025, 7, 1)
    assert not rule.is_due(dt.date(2020, 6, 30), dt.date(2025, 6, 30))
    assert rule.is_due(dt.date(2020, 6, 30), dt.date(2025, 7, 1))
    assert not rule.is_due(None, dt.date(2099, 1, 1))


def test_a_schedule_with_a_wrong_duration_is_refused():
    with pytest.raises(ValueError):
        retention_schedule.parse({"plan": {"years": "cinq"}})
    with pytest.raises(ValueError):
        retention_schedule.parse({"plan": {"years": -1}})
    assert retention_schedule.parse({"plan": {"years": "3", "code": "X"}})["plan"].years == 3


def test_an_incident_is_qualified_only_with_its_description_circumstances_and_dates():
    gaps = incident_register.qualification_gaps(incident_register.Entry(), DAY)
    assert len(gaps) == 4
    ok = incident_register.Entry(
        information_unknown_reason="Journal illisible",
        circumstances="Courriel mal adressé",
        occurred_from=DAY,
        discovered_on=DAY,
    )
    assert incident_register.qualification_gaps(ok, DAY) == []
    late = dataclasses.replace(ok, discovered_on=DAY - dt.timedelta(days=1))
    assert incident_register.qualification_gaps(late, DAY) == ["La prise de connaissance précède l'incident."]


def test_a_serious_risk_cannot_be_closed_without_the_notices():
    base: dict[str, Any] = {
        "information": "Nom et école",
        "circumstances": "Courriel mal adressé",
        "occurred_from": DAY,
        "discovered_on": DAY,
        "persons_count": 1,
        "risk_sensitivity": "Faible",
        "risk_consequences": "Gêne",
        "risk_likelihood": "Faible",
        "measures": "Rappel du courriel",
    }
    assert incident_register.closing_gaps(incident_register.Entry(**base, serious_risk=False), DAY) == []
    serious = incident_register.closing_gaps(incident_register.Entry(**base, serious_risk=True), DAY)
    assert len(serious) == 2
    notified = incident_register.Entry(
        **base, serious_risk=True, commission_notified_on=DAY, public_notice=True, public_notice_on=DAY
    )
    assert incident_register.closing_gaps(notified, DAY) == []


def test_a_pseudonym_is_stable_keyed_and_short():
    a = hashed_id(b"k1", "student", 42)
    assert a == hashed_id(b"k1", "student", 42) and len(a) == 16
    assert a != hashed_id(b"k2", "student", 42) and a != hashed_id(b"k1", "student", 43)
    with pytest.raises(ValueError):
        hashed_id(b"", "student", 1)
