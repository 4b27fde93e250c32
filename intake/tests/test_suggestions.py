"""Assignment suggestions: eligible professionals (right profession, serving the student's network),
ranked by the lightest caseload (requests assigned and still open), then by the least travel from a
school they serve to the student's school. Distances are computed by hand below."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from conftest import make_user
from core.models import Role, School
from intake.models import ServiceRequest, Status
from intake.suggestions import eligible_professionals, suggest_professionals
from students.models import Student

_serial = itertools.count(1)

# Every school on the meridian 72.55° W. 0.1° of latitude is 6371 × 0.1 × π / 180 = 11.12 km in a
# straight line, × 1.3 (road factor) = 14.46 → 14.5 km; 0.2° → 22.24 × 1.3 = 28.91 → 28.9 km.
LONGITUDE = Decimal("-72.550000")


def place(school: School, latitude: str) -> School:
    school.latitude, school.longitude = Decimal(latitude), LONGITUDE
    school.save()
    return school


def nord_school(cast, code: str, name: str, latitude: str | None) -> School:
    school = School.objects.create(
        centre=cast.centre, network=cast.nord, ministry_code=code, name=name, level="primary"
    )
    return place(school, latitude) if latitude else school


def psychologist(cast, username: str, *, schools=(), networks=(), active: bool = True):
    user = make_user(
        username, Role.PROFESSIONAL, profession="psychologist", centre=cast.centre, schools=schools
    )
    user.networks.set(networks)
    if not active:
        user.is_active = False
        user.save()
    return user


def give_cases(cast, professional, domain, count: int, status: str = Status.ASSIGNED) -> None:
    for _ in range(count):
        n = next(_serial)
        student = Student.objects.create(
            code_permanent=f"SUGG{n:08d}",
            last_name=f"Suivi{n:02d}",
            first_name="Test",
            birth_date=dt.date(2012, 2, 2),
            sex="X",
            school=cast.sources,
            grade_level="S2",
        )
        ServiceRequest.objects.create(
            student=student,
            domain=domain,
            network=cast.nord,
            requested_by=cast.teacher,
            mandate_origin="school",
            status=status,
            assigned_to=professional,
            assigned_at=dt.datetime(2026, 1, 10, tzinfo=dt.UTC),
        )


@pytest.fixture
def team(cast, psychology):
    """The student's school, des Sources (network Nord), at 46.35° N.

    | who          | serves                                | open cases | travel  |
    | nord2        | École Nord-2 (46.45°: 0.1° away)      | 0          | 14.5 km |
    | nord3        | École Nord-3 (46.55°: 0.2° away)      | 0          | 28.9 km |
    | network      | all of network Nord (incl. des Sources)| 1         | 0.0 km  |
    | far          | École Nord-3, 3 closed cases          | 1          | 28.9 km |
    | marie (cast) | des Sources, Nord-2 and network Nord  | 2          | 0.0 km  |
    | nowhere      | École Nord-4 (no coordinates)         | 0          | unknown |

    Never suggested: a psychologist of network Sud, the speech therapist of des Sources, an inactive
    psychologist of des Sources, and the teacher of group 301.
    """
    place(cast.sources, "46.350000")
    place(cast.laurent, "46.360000")  # Sud, but the nearest school of all: distance must not matter
    nord2 = nord_school(cast, "751101", "École Nord-2", "46.450000")
    nord3 = nord_school(cast, "751102", "École Nord-3", "46.550000")
    nord4 = nord_school(cast, "751103", "École Nord-4", None)
    people = {
        "nord2": psychologist(cast, "ana.nord2", schools=[nord2]),
        "nord3": psychologist(cast, "ben.nord3", schools=[nord3]),
        "network": psychologist(cast, "carl.reseau", networks=[cast.nord]),
        "far": psychologist(cast, "dora.loin", schools=[nord3]),
        "marie": cast.psychologist,
        "nowhere": psychologist(cast, "eve.sanscoord", schools=[nord4]),
        "sud": psychologist(cast, "fred.sud", schools=[cast.laurent], networks=[cast.sud]),
        "inactive": psychologist(cast, "gil.inactif", schools=[cast.sources], active=False),
    }
    cast.psychologist.schools.add(nord2)  # several ways to serve des Sources: counted once
    cast.psychologist.networks.add(cast.nord)
    give_cases(cast, people["network"], psychology, 1)
    give_cases(cast, people["far"], psychology, 1)
    give_cases(cast, people["far"], psychology, 3, status=Status.CLOSED)  # closed: not a caseload
    give_cases(cast, cast.psychologist, psychology, 2)
    return people


@pytest.fixture
def request_for_alice(cast, psychology):
    return ServiceRequest.objects.create(
        student=cast.alice,
        domain=psychology,
        network=cast.nord,
        requested_by=cast.teacher,
        mandate_origin="school",
        status=Status.WAITING,
        priority=40,
    )


def test_suggestions_rank_the_lightest_caseload_first_then_the_least_travel(cast, team, request_for_alice):
    suggestions = suggest_professionals(request_for_alice, limit=10)
    assert [(s.professional, s.open_cases, s.travel_km) for s in suggestions] == [
        (team["nord2"], 0, 14.5),
        (team["nord3"], 0, 28.9),
        (team["nowhere"], 0, None),  # no coordinates: after every known distance
        (team["network"], 1, 0.0),
        (team["far"], 1, 28.9),
        (team["marie"], 2, 0.0),
    ]


def test_the_suggestions_stop_at_the_limit(cast, team, request_for_alice):
    assert [s.professional for s in suggest_professionals(request_for_alice)] == [
        team["nord2"],
        team["nord3"],
        team["nowhere"],
        team["network"],
        team["far"],
    ]
    assert [s.professional for s in suggest_professionals(request_for_alice, limit=2)] == [
        team["nord2"],
        team["nord3"],
    ]


def test_other_professions_other_networks_and_inactive_accounts_are_never_eligible(
    cast, team, request_for_alice
):
    eligible = set(eligible_professionals(request_for_alice))
    assert eligible == {team[k] for k in ("nord2", "nord3", "network", "far", "marie", "nowhere")}
    suggested = {s.professional for s in suggest_professionals(request_for_alice, limit=100)}
    assert suggested == eligible
    for outsider in (team["sud"], team["inactive"], cast.speech_therapist, cast.teacher):
        assert outsider not in suggested


def test_a_speech_request_suggests_speech_therapists_only(cast, team, speech):
    request = ServiceRequest.objects.create(
        student=cast.alice,
        domain=speech,
        network=cast.nord,
        requested_by=cast.teacher,
        mandate_origin="school",
        status=Status.WAITING,
        priority=40,
    )
    suggestions = suggest_professionals(request)
    assert [(s.professional, s.open_cases, s.travel_km) for s in suggestions] == [
        (cast.speech_therapist, 0, 0.0)
    ]


def test_a_request_from_network_sud_suggests_only_who_serves_sud(cast, team, psychology):
    request = ServiceRequest.objects.create(
        student=cast.zoe,
        domain=psychology,
        network=cast.sud,
        requested_by=cast.outsider,
        mandate_origin="school",
        status=Status.WAITING,
        priority=40,
    )
    assert [s.professional for s in suggest_professionals(request)] == [team["sud"]]


def test_without_the_students_school_coordinates_the_caseload_decides_then_the_name(
    cast, team, request_for_alice
):
    cast.sources.latitude = cast.sources.longitude = None
    cast.sources.save()
    request_for_alice.refresh_from_db()
    suggestions = suggest_professionals(request_for_alice, limit=10)
    assert all(s.travel_km is None for s in suggestions)
    # open cases 0: Ana, Ben, Eve; 1: Carl, Dora; 2: Marie — by name within each.
    assert [s.professional for s in suggestions] == [
        team["nord2"],
        team["nord3"],
        team["nowhere"],
        team["network"],
        team["far"],
        team["marie"],
    ]
