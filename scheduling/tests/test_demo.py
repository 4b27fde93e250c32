"""The demo's appointments: patterns across several schools with coordinates, four weeks of past
sessions in fixed shares, upcoming ones, some telepractice (each with its consent), published slots and
a slot booked by the demo parent; no conflict; removed by a reset."""

from __future__ import annotations

import pytest

from consents.queries import missing_for
from demo import generator
from lib.consent import TELEPRACTICE
from scheduling.models import (
    ACTIVE_STATUSES,
    Appointment,
    AvailabilityPattern,
    BookableSlot,
    Modality,
    Status,
)

N = 1500


@pytest.fixture
def demo(db, mailoutbox):
    return generator.generate(N, 42)


def test_the_demo_has_patterns_sessions_slots_and_a_booking_for_the_parent(demo):
    appointments = Appointment.objects.all()
    assert appointments.count() > 100
    statuses = set(appointments.values_list("status", flat=True))
    assert {Status.HELD, Status.ABSENT, Status.CANCELLED, Status.CANCELLED_LATE, Status.PLANNED} <= statuses
    held = appointments.filter(status=Status.HELD).count()
    past = appointments.exclude(status=Status.PLANNED).count()
    assert 0.7 <= held / past <= 0.9
    schools = set(appointments.filter(modality=Modality.SCHOOL).values_list("school_id", flat=True))
    assert len(schools) >= 3
    assert not appointments.filter(modality=Modality.SCHOOL, school__latitude__isnull=True).exists()
    assert AvailabilityPattern.objects.filter(school__isnull=True).exists()
    assert AvailabilityPattern.objects.filter(professional__username="orthophoniste").count() >= 3
    assert BookableSlot.objects.filter(professional__username="psychologue").exists()
    booked = Appointment.objects.get(booked_by__username="parent")
    assert booked.slot is not None and booked.status == Status.PLANNED
    assert booked.guardians.filter(user__username="parent").exists()


def test_every_demo_telepractice_session_has_its_consent_and_nobody_is_booked_twice(demo):
    for appointment in Appointment.objects.filter(modality=Modality.TELEPRACTICE).select_related(
        "episode__request"
    ):
        for student in appointment.students.all():
            assert not missing_for(student, [TELEPRACTICE], appointment.episode.request.domain_id)
    active = list(
        Appointment.objects.filter(status__in=ACTIVE_STATUSES).prefetch_related("professionals", "students")
    )
    seen: dict[str, list[tuple]] = {}
    for a in active:
        for key in [f"u{p.pk}" for p in a.professionals.all()] + [f"s{s.pk}" for s in a.students.all()]:
            for start, end in seen.get(key, []):
                assert not (a.starts_at < end and start < a.ends_at), key
            seen.setdefault(key, []).append((a.starts_at, a.ends_at))


def test_a_reset_removes_the_appointments(demo):
    generator.delete_demo()
    assert not Appointment.objects.exists() and not BookableSlot.objects.exists()
