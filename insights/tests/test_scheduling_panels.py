"""Scheduling panels against a hand-computed fixture.

Alice (des Sources), with the psychologist, in October 2026: three appointments held (two at school,
one by telepractice), one where she was absent (at school), one cancelled (telepractice) and one
cancelled late (by phone). Zoé (Saint-Laurent), with the speech therapist: one absent, by phone.

- Modality, cancelled left out. Des Sources: school 3, telepractice 1, phone 0 of 4 → 75 %, 25 %, 0 %.
  Centre: school 3, telepractice 1, phone 1 of 5 → counts "< 5", shares 60 %, 20 %, 20 %.
- No-shows. Des Sources: held 3, absent 1, cancelled late 1, rate 1 / (3 + 1) = 25 %. Centre: every
  count under 5 hidden, and the rates with them (4 and 1 appointments).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from insights.panels import CENTRE, GROUP, SCHOOL, providers_for
from insights.providers import scheduling as panels
from insights.tests.helpers import by_first, scope_of
from scheduling.models import Appointment
from scheduling.tests.conftest import episode_for

pytestmark = pytest.mark.django_db


def appointment(episode, student, professional, day: int, modality: str, status: str, school=None):
    start = dt.datetime(2026, 10, day, 10, tzinfo=timezone.get_current_timezone())
    made = Appointment.objects.create(
        episode=episode,
        kind="session",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=45),
        modality=modality,
        school=school if modality == "school" else None,
        status=status,
        booked_by=professional,
    )
    made.students.add(student)
    made.professionals.add(professional)
    return made


@pytest.fixture
def booked(cast):
    alice = episode_for(cast, cast.psychologist, cast.alice, domain="psychologie")
    zoe = episode_for(cast, cast.speech_therapist, cast.zoe)
    psy = cast.psychologist
    for day, modality, status in [
        (5, "school", "held"),
        (6, "school", "held"),
        (7, "telepractice", "held"),
        (8, "school", "absent"),
        (9, "telepractice", "cancelled"),
        (13, "phone", "cancelled_late"),
    ]:
        appointment(alice, cast.alice, psy, day, modality, status, school=cast.sources)
    appointment(zoe, cast.zoe, cast.speech_therapist, 14, "phone", "absent")
    # Outside the period (August): counted nowhere.
    Appointment.objects.filter(
        pk=appointment(alice, cast.alice, psy, 15, "school", "held", cast.sources).pk
    ).update(starts_at=dt.datetime(2026, 8, 20, 10, tzinfo=timezone.get_current_timezone()))
    return cast


def test_the_providers_are_registered_for_the_centre_and_the_school():
    for kind in (CENTRE, SCHOOL):
        keys = {r.key for r in providers_for(kind)}
        assert {"scheduling.modality", "scheduling.no_shows"} <= keys
    assert not {"scheduling.modality", "scheduling.no_shows"} & {r.key for r in providers_for(GROUP)}


def test_the_school_sees_the_modality_of_its_appointments(booked):
    rows = by_first(panels.modality(scope_of(booked, SCHOOL)))
    assert rows == {"À l'école": [3, "75 %"], "Télépratique": [1, "25 %"], "Téléphone": [0, "0 %"]}


def test_the_centre_hides_small_counts_of_the_modality_but_not_a_share_of_five(booked):
    panel = panels.modality(scope_of(booked, CENTRE))
    assert panel is not None
    rows = by_first(panel)
    assert rows == {
        "À l'école": ["< 5", "60 %"],
        "Télépratique": ["< 5", "20 %"],
        "Téléphone": ["< 5", "20 %"],
    }
    assert panel.chart is None  # everything hidden: nothing to draw, the table says it


def test_the_profession_filter_keeps_that_professions_appointments(booked):
    rows = by_first(panels.modality(scope_of(booked, CENTRE, profession="speech_therapist")))
    assert rows["Téléphone"] == ["< 5", "< 5"] and rows["À l'école"] == [
        0,
        "< 5",
    ]  # a share of one appointment


def test_the_school_sees_its_no_show_rate(booked):
    panel = panels.no_shows(scope_of(booked, SCHOOL))
    assert panel is not None
    assert by_first(panel) == {"École secondaire des Sources": [3, 1, 1, "25 %"]}
    assert panel.chart is not None and panel.chart["datasets"][0]["data"] == [3]


def test_the_centre_hides_the_no_shows_of_small_counts(booked):
    rows = by_first(panels.no_shows(scope_of(booked, CENTRE)))
    assert rows["École secondaire des Sources"] == ["< 5", "< 5", "< 5", "< 5"]
    assert rows[booked.laurent.name] == [0, "< 5", 0, "< 5"]


def test_a_group_session_counts_once_for_its_school(booked):
    appointment_ = Appointment.objects.filter(status="held").first()
    assert appointment_ is not None
    appointment_.students.add(booked.bruno)  # same school: still one appointment
    rows = by_first(panels.no_shows(scope_of(booked, SCHOOL)))
    assert rows["École secondaire des Sources"][0] == 3
    assert by_first(panels.modality(scope_of(booked, SCHOOL)))["À l'école"][0] == 3


def test_the_caseload_is_set_against_the_weekly_available_time(booked):
    from insights.providers import records
    from scheduling.models import AvailabilityPattern
    from students.models import Caseload, Student

    psy = booked.psychologist
    for weekday, starts, ends in [(0, dt.time(8, 30), dt.time(12)), (1, dt.time(8), dt.time(16))]:
        AvailabilityPattern.objects.create(
            professional=psy,
            school_year=booked.year,
            weekday=weekday,
            school=booked.sources,
            starts=starts,
            ends=ends,
        )
    # 3.5 h + 8 h = 11.5 h a week; a pattern of another school year does not count.
    assert panels.available_hours([psy.pk], dt.date(2026, 12, 4)) == {psy.pk: 11.5}
    assert panels.available_hours([psy.pk], dt.date(2027, 8, 1)) == {}
    for i in range(5):  # a caseload of 6 shows: 6 / 11.5 = 0.5 student per available hour
        student = Student.objects.create(
            code_permanent=f"CHAR{i:02d}100101",
            last_name="Roy",
            first_name=f"Élève {i}",
            birth_date=dt.date(2011, 1, i + 1),
            sex="X",
            school=booked.sources,
            grade_level="S3",
        )
        Caseload.objects.create(professional=psy, student=student)
    rows = by_first(records.caseload(scope_of(booked, CENTRE)))
    name = f"{psy.first_name} {psy.last_name}"
    assert rows[name][:2] == ["Psychologue", 6]
    assert rows[name][-3:] == [11.5, "0 %", 0.5]


def test_travel_follows_the_days_route_and_counts_the_round_trips_telepractice_avoided(cast):
    """Monday 5 October 2026 the psychologist sees Alice at des Sources, then Zoé at Saint-Laurent: one
    leg of d km. Tuesday (a day at des Sources by her pattern) she sees Zoé by telepractice: the round
    trip avoided is 2 d. The figures are those of `scheduling.travel.week_travel` for that week."""
    from insights.providers import travel
    from scheduling.models import AvailabilityPattern
    from scheduling.travel import week_travel

    cast.sources.latitude, cast.sources.longitude = 46.3432, -72.5477
    cast.sources.save()
    cast.laurent.latitude, cast.laurent.longitude = 46.5667, -72.7500
    cast.laurent.save()
    psy = cast.psychologist
    AvailabilityPattern.objects.create(
        professional=psy,
        school_year=cast.year,
        weekday=1,
        school=cast.sources,
        starts=dt.time(8),
        ends=dt.time(16),
    )
    alice = episode_for(cast, psy, cast.alice, domain="psychologie")
    zoe = episode_for(cast, psy, cast.zoe, domain="psychologie")
    appointment(alice, cast.alice, psy, 5, "school", "held", cast.sources)
    later = appointment(zoe, cast.zoe, psy, 5, "school", "held", cast.laurent)
    Appointment.objects.filter(pk=later.pk).update(
        starts_at=later.starts_at + dt.timedelta(hours=3), ends_at=later.ends_at + dt.timedelta(hours=3)
    )
    appointment(zoe, cast.zoe, psy, 6, "telepractice", "held")
    appointment(zoe, cast.zoe, psy, 7, "telepractice", "cancelled")  # cancelled: avoided nothing
    rows = by_first(travel.travel(scope_of(cast, CENTRE)))
    name = f"{psy.first_name} {psy.last_name}"
    km, hours, avoided_km, avoided_hours = rows[name]
    week = week_travel(psy, dt.date(2026, 10, 5))
    assert km > 20 and avoided_km == round(2 * week.km, 1)
    assert [km, hours, avoided_km, avoided_hours] == [
        round(week.km, 1),
        round(week.hours, 1),
        round(week.avoided_km, 1),
        round(week.avoided_hours, 1),
    ]
    assert by_first(travel.travel(scope_of(cast, CENTRE, profession="speech_therapist"))) == {}
