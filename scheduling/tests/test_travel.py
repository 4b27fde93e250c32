"""Travel figures on a hand-computed fixture: two schools on the meridian 72.5° W, 0.3° apart
(0.3 × 6371 × π / 180 = 33.358 km in a straight line; × 1.3 = 43.365 km by road; 43.4 min at 60 km/h)."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from scheduling import actions
from scheduling.models import AvailabilityPattern
from scheduling.tests.conftest import committed, consent, episode_for
from scheduling.travel import week_travel

ROAD_KM = 0.3 * 6371 * math.pi / 180 * 1.3  # 43.365


def _schools(cast):
    cast.sources.latitude, cast.sources.longitude = 46.0, -72.5
    cast.sources.save()
    cast.laurent.latitude, cast.laurent.longitude = 46.3, -72.5
    cast.laurent.save()


def _plan(cast, episode, day, at, **extra):
    data = {"kind": "session", "day": day, "at": at, "minutes": 45, "modality": "school"}
    return committed(actions.plan_appointment, cast.speech_therapist, episode, actions.Plan(**(data | extra)))


def test_a_day_between_two_schools_and_a_telepractice_session_that_avoided_the_trip(cast, sched):
    _schools(cast)
    cast.speech_therapist.schools.add(cast.laurent)
    AvailabilityPattern.objects.create(
        professional=cast.speech_therapist,
        school_year=cast.year,
        weekday=0,
        school=cast.laurent,
        starts=dt.time(8),
        ends=dt.time(16),
    )
    zoe = episode_for(cast, cast.speech_therapist, cast.zoe)
    consent(cast, sched.leo)
    monday = sched.monday
    _plan(cast, sched.leo_episode, monday, dt.time(9), school=cast.sources)
    _plan(cast, zoe, monday, dt.time(11), school=cast.laurent)
    _plan(cast, sched.leo_episode, monday, dt.time(14), school=cast.sources)
    _plan(cast, sched.leo_episode, monday + dt.timedelta(days=7), dt.time(10), modality="telepractice")
    first = week_travel(cast.speech_therapist, monday)
    (day,) = first.days
    assert [s.name for s in day.route.stops] == [
        "École secondaire des Sources",
        "École Saint-Laurent",
        "École secondaire des Sources",
    ]
    assert math.isclose(first.km, 2 * ROAD_KM, rel_tol=1e-9)  # 86.73 km
    assert math.isclose(first.hours, 2 * ROAD_KM / 60, rel_tol=1e-9)  # 1.45 h
    assert first.avoided_km == 0
    second = week_travel(cast.speech_therapist, monday + dt.timedelta(days=7))
    assert second.km == 0 and second.telepractice_count == 1
    # Monday is a Saint-Laurent day: the session for Léo (des Sources) avoided the round trip
    assert math.isclose(second.avoided_km, 2 * ROAD_KM, rel_tol=1e-9)


def test_the_professional_sees_the_figures_and_the_manager_the_sums(client, cast, sched):
    _schools(cast)
    zoe = episode_for(cast, cast.speech_therapist, cast.zoe)
    _plan(cast, sched.leo_episode, sched.monday, dt.time(9), school=cast.sources)
    _plan(cast, zoe, sched.monday, dt.time(11), school=cast.laurent)
    client.force_login(cast.speech_therapist)
    page = client.get(reverse("scheduling:travel"), {"semaine": sched.monday.isoformat()}).content.decode()
    assert "43,4 km" in page or "43.4 km" in page
    client.force_login(cast.manager)
    page = client.get(
        reverse("scheduling:travel_totals"), {"semaine": sched.monday.isoformat()}
    ).content.decode()
    assert "Luc Test" in page and ("43,4" in page or "43.4" in page)
    assert "Léo" not in page


def test_a_group_session_gathers_several_students_and_each_is_checked_for_conflicts(cast, sched):
    from scheduling.models import Appointment

    plan = actions.Plan(
        kind="session",
        day=sched.monday,
        at=dt.time(9),
        minutes=45,
        modality="phone",
        other_students=[sched.leo],
    )
    (group,) = committed(actions.plan_appointment, cast.psychologist, sched.alice_episode, plan)
    assert {s.first_name for s in group.students.all()} == {"Léo", "Alice"}
    assert Appointment.objects.count() == 1
    # the speech therapist does not read that appointment, but Léo is busy: refused, and said
    with pytest.raises(ValidationError) as error:
        _plan(cast, sched.leo_episode, sched.monday, dt.time(9, 30), modality="phone")
    assert "Léo Tremblay a déjà un rendez-vous" in " ".join(error.value.messages)
    alone = actions.Plan(
        kind="session",
        day=sched.monday,
        at=dt.time(15),
        minutes=30,
        modality="phone",
        other_students=[cast.alice],
    )
    with pytest.raises(ValidationError):  # only students one serves join a group
        committed(actions.plan_appointment, cast.speech_therapist, sched.leo_episode, alone)
