"""Waiting lists on a hand-computed fixture: order, positions, estimated waits, overdue, one list per
service and network. Every timestamp is set explicitly and `now` is fixed, so each number below can be
checked with a pencil."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from core.models import School, ServiceCentre
from intake import waiting
from intake.config import settings_for
from intake.models import ServiceRequest, Status
from intake.queries import requests_visible_to
from students.models import Student

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
_serial = itertools.count(1)


def ago(days: float) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


def new_student(school: School) -> Student:
    n = next(_serial)
    return Student.objects.create(
        code_permanent=f"WAIT{n:08d}",
        last_name=f"Attente{n:02d}",
        first_name="Test",
        birth_date=dt.date(2014, 5, 1),
        sex="X",
        school=school,
        grade_level="P6",
    )


def make_request(cast, domain, school, status, **fields) -> ServiceRequest:
    """A request already in `status`, each timestamp given by the test (one student per request, so the
    one-open-request-per-student-and-domain rule never gets in the way)."""
    fields.setdefault("created_at", fields.get("accepted_at") or fields.get("assigned_at") or ago(100))
    return ServiceRequest.objects.create(
        student=new_student(school),
        domain=domain,
        network=school.network,
        requested_by=cast.teacher,
        mandate_origin="school",
        status=status,
        **fields,
    )


def waiting_since(cast, domain, school, days: float, priority: int) -> ServiceRequest:
    accepted = ago(days)
    return make_request(
        cast,
        domain,
        school,
        Status.WAITING,
        priority=priority,
        created_at=accepted - dt.timedelta(days=3),
        triaged_at=accepted,
        accepted_at=accepted,
    )


def assigned(cast, domain, school, days: float, status: str = Status.ASSIGNED) -> ServiceRequest:
    when = ago(days)
    return make_request(
        cast, domain, school, status, priority=10, accepted_at=when - dt.timedelta(days=7), assigned_at=when
    )


@pytest.fixture
def config(cast):
    """The centre's settings: throughput over the last 4 weeks, overdue after 30 days."""
    settings = settings_for(cast.centre)
    settings.throughput_window_weeks = 4
    settings.wait_limit_days = 30
    settings.save()
    return settings


def psychology_nord(cast, psychology, config):
    return waiting.waiting_list(
        requests_visible_to(cast.coordinator),
        psychology.pk,
        cast.nord.pk,
        window_weeks=config.throughput_window_weeks,
        limit_days=config.wait_limit_days,
        now=NOW,
    )


@pytest.fixture
def nord_psychology_list(cast, psychology, speech, config):
    """Four waiting in psychology, network Nord, and the assignments that set the list's pace.

    | request | priority | accepted  |
    | a       | 50       | 10 d ago  |
    | b       | 70       |  5 d ago  |
    | c       | 50       | 20 d ago  |
    | d       | 30       | 40 d ago  |

    Expected order: b (70), then c and a (50 each: c was accepted first), then d (30).
    """
    school = cast.sources  # network Nord
    return {
        "a": waiting_since(cast, psychology, school, 10, 50),
        "b": waiting_since(cast, psychology, school, 5, 70),
        "c": waiting_since(cast, psychology, school, 20, 50),
        "d": waiting_since(cast, psychology, school, 40, 30),
    }


def test_the_list_is_ordered_by_priority_then_by_the_oldest_acceptance(
    cast, psychology, config, nord_psychology_list
):
    entries = psychology_nord(cast, psychology, config)
    r = nord_psychology_list
    assert [e.request.pk for e in entries] == [r["b"].pk, r["c"].pk, r["a"].pk, r["d"].pk]
    assert [e.position for e in entries] == [1, 2, 3, 4]
    assert [e.waited_days for e in entries] == [5, 20, 10, 40]


def test_the_estimated_wait_follows_the_lists_throughput_over_the_window(
    cast, psychology, speech, config, nord_psychology_list
):
    # Six assignments of this very list (psychology, Nord) in the last 4 weeks: 1, 3, 8, 12, 20, 27 days
    # ago (four still assigned, two already closed: the assignment is what counts).
    for days in (1, 3, 8, 12):
        assigned(cast, psychology, cast.sources, days)
    for days in (20, 27):
        assigned(cast, psychology, cast.sources, days, status=Status.CLOSED)
    # Not this list's pace: 29 days ago (outside the window), another service, another network, and one
    # dated after `now`.
    assigned(cast, psychology, cast.sources, 29, status=Status.CLOSED)
    assigned(cast, speech, cast.sources, 2)
    assigned(cast, psychology, cast.laurent, 2)
    assigned(cast, psychology, cast.sources, -1)

    entries = psychology_nord(cast, psychology, config)
    # 6 assignments / 4 weeks = 1.5 per week; position n waits n / 1.5 weeks.
    expected = [1 / 1.5, 2 / 1.5, 3 / 1.5, 4 / 1.5]  # 0.67, 1.33, 2.0, 2.67
    assert [e.estimated_weeks for e in entries] == pytest.approx(expected)
    assert entries[2].estimated_weeks == pytest.approx(2.0)  # position 3 waits 2 weeks


def test_without_any_recent_assignment_there_is_no_estimate(cast, psychology, config, nord_psychology_list):
    assigned(cast, psychology, cast.sources, 35, status=Status.CLOSED)  # 5 weeks ago: outside the window
    entries = psychology_nord(cast, psychology, config)
    assert [e.estimated_weeks for e in entries] == [None, None, None, None]


def test_a_request_is_overdue_once_it_has_waited_more_than_the_configured_limit(cast, psychology, config):
    # Limit 30 days. Waited 30 d 12 h → 30 whole days: not yet. 31 d → overdue. 40 d → overdue.
    on_the_limit = waiting_since(cast, psychology, cast.sources, 30.5, 60)
    just_over = waiting_since(cast, psychology, cast.sources, 31, 50)
    long_over = waiting_since(cast, psychology, cast.sources, 40, 40)
    fresh = waiting_since(cast, psychology, cast.sources, 2, 30)

    entries = {e.request.pk: e for e in psychology_nord(cast, psychology, config)}
    assert entries[on_the_limit.pk].waited_days == 30 and not entries[on_the_limit.pk].overdue
    assert entries[just_over.pk].waited_days == 31 and entries[just_over.pk].overdue
    assert entries[long_over.pk].overdue
    assert not entries[fresh.pk].overdue

    # The summary of the lists counts the same two, not three.
    [summary] = waiting.list_summaries(requests_visible_to(cast.coordinator), config.wait_limit_days, now=NOW)
    assert (summary.length, summary.overdue) == (4, 2)


def test_changing_the_configured_limit_changes_what_is_overdue(
    cast, psychology, config, nord_psychology_list
):
    assert [e.overdue for e in psychology_nord(cast, psychology, config)] == [False, False, False, True]
    config.wait_limit_days = 15
    config.save()
    config = settings_for(cast.centre)
    # Waited 5, 20, 10, 40 days: 20 and 40 are over 15.
    assert [e.overdue for e in psychology_nord(cast, psychology, config)] == [False, True, False, True]


def test_each_service_and_network_has_its_own_list(cast, psychology, speech, config, nord_psychology_list):
    in_sud = waiting_since(cast, psychology, cast.laurent, 50, 90)  # Sud: highest priority, overdue
    speech_nord = waiting_since(cast, speech, cast.sources, 3, 80)
    base = requests_visible_to(cast.coordinator)

    nord = psychology_nord(cast, psychology, config)
    assert {e.request.pk for e in nord} == {r.pk for r in nord_psychology_list.values()}
    sud = waiting.waiting_list(base, psychology.pk, cast.sud.pk, window_weeks=4, limit_days=30, now=NOW)
    assert [(e.request.pk, e.position) for e in sud] == [(in_sud.pk, 1)]
    speech_list = waiting.waiting_list(base, speech.pk, cast.nord.pk, window_weeks=4, limit_days=30, now=NOW)
    assert [(e.request.pk, e.position) for e in speech_list] == [(speech_nord.pk, 1)]

    summaries = waiting.list_summaries(base, config.wait_limit_days, now=NOW)
    assert [(s.domain_name, s.network_name, s.length, s.overdue) for s in summaries] == [
        ("Orthophonie", "Réseau Nord", 1, 0),
        ("Psychologie", "Réseau Nord", 4, 1),  # d waited 40 days
        ("Psychologie", "Réseau Sud", 1, 1),  # waited 50 days
    ]


def test_requests_that_are_not_waiting_are_not_on_the_list(cast, psychology, config, nord_psychology_list):
    make_request(cast, psychology, cast.sources, Status.SUBMITTED)
    make_request(cast, psychology, cast.sources, Status.INFO_REQUESTED)
    assigned(cast, psychology, cast.sources, 3)
    assert len(psychology_nord(cast, psychology, config)) == 4
    [summary] = waiting.list_summaries(requests_visible_to(cast.coordinator), 30, now=NOW)
    assert summary.length == 4


def test_the_list_of_schools_without_a_network_counts_only_its_own_centres_pace(cast, psychology, config):
    # Two centres each have a school without a network: both lists are keyed "network IS NULL".
    lone = School.objects.create(
        centre=cast.centre, ministry_code="751900", name="École isolée", level="primary", network=None
    )
    other_centre = ServiceCentre.objects.create(name="CSS voisin", code="CSS-VOISIN", region="Mauricie")
    elsewhere = School.objects.create(
        centre=other_centre, ministry_code="751901", name="École voisine", level="primary", network=None
    )
    mine = waiting_since(cast, psychology, lone, 10, 40)
    for days in (2, 5, 9):  # the other centre's assignments: none of this list's business
        assigned(cast, psychology, elsewhere, days)

    base = requests_visible_to(cast.coordinator)
    entries = waiting.waiting_list(base, psychology.pk, None, window_weeks=4, limit_days=30, now=NOW)
    assert [e.request.pk for e in entries] == [mine.pk]
    assert entries[0].estimated_weeks is None  # nothing assigned in this centre's list

    assigned(cast, psychology, lone, 7)  # one of its own: 1 / 4 weeks = 0.25 a week → 4 weeks
    entries = waiting.waiting_list(base, psychology.pk, None, window_weeks=4, limit_days=30, now=NOW)
    assert entries[0].estimated_weeks == pytest.approx(4.0)

    [summary] = waiting.list_summaries(base, 30, now=NOW)
    assert (summary.network_id, summary.network_name, summary.length) == (None, "—", 1)


def test_the_lists_show_only_the_requests_the_user_may_see(cast, psychology, config, nord_psychology_list):
    base = requests_visible_to(cast.outsider)  # principal of Saint-Laurent: none of des Sources
    assert (
        waiting.waiting_list(base, psychology.pk, cast.nord.pk, window_weeks=4, limit_days=30, now=NOW) == []
    )
    assert waiting.list_summaries(base, 30, now=NOW) == []
