"""Indicators on a hand-computed fixture: thirteen requests of the cast's centre (and two of another
centre that must never count), every timestamp set explicitly.

T0 is the filing time of every request; "triage" and "1st service" are days after T0.

| #  | service      | network | status         | triage | 1st service |
| 1  | Psychologie  | Nord    | waiting        | 2      |             |
| 2  | Psychologie  | Nord    | waiting        | 11     |             |
| 3  | Psychologie  | Nord    | assigned       | 4      | 10          |
| 4  | Psychologie  | Nord    | closed         | 1      | 6           |
| 5  | Psychologie  | Nord    | info_requested | 7      |             |
| 6  | Psychologie  | Sud     | refused        | 3      |             |
| 7  | Psychologie  | Sud     | withdrawn      | 10     |             |  (withdrawn after acceptance)
| 8  | Psychologie  | Sud     | assigned       | 6      | not yet     |
| 9  | Orthophonie  | Nord    | redirected     | 8      |             |
| 10 | Orthophonie  | Nord    | submitted      |        |             |
| 11 | Orthophonie  | Nord    | refused        | 0.5    |             |
| 12 | Orthophonie  | Sud     | waiting        | 5      |             |
| 13 | Orthophonie  | Sud     | assigned       | 12     | 14          |
| x1 | Psychologie  | other centre | refused   | 100    |             |
| x2 | Psychologie  | other centre | assigned  | 50     | 200         |
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from core.models import Network, School, ServiceCentre
from intake import indicators
from intake.models import ServiceEpisode, ServiceRequest, Status
from intake.queries import requests_visible_to
from students.models import Student

T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
_serial = itertools.count(1)


def day(n: float) -> dt.datetime:
    return T0 + dt.timedelta(days=n)


def new_student(school: School) -> Student:
    n = next(_serial)
    return Student.objects.create(
        code_permanent=f"INDI{n:08d}",
        last_name=f"Indicateur{n:02d}",
        first_name="Test",
        birth_date=dt.date(2013, 9, 1),
        sex="X",
        school=school,
        grade_level="S1",
    )


def make(cast, domain, school, status, triage=None, first_service=None, episode=False):
    request = ServiceRequest.objects.create(
        student=new_student(school),
        domain=domain,
        network=school.network,
        requested_by=cast.teacher,
        mandate_origin="school",
        status=status,
        created_at=T0,
        triaged_at=day(triage) if triage is not None else None,
        assigned_at=day(triage + 1) if episode else None,
        assigned_to=cast.psychologist if episode else None,
    )
    if episode:
        ServiceEpisode.objects.create(
            request=request,
            professional=cast.psychologist,
            opened_at=day(triage + 1),
            first_service_at=day(first_service) if first_service is not None else None,
        )
    return request


@pytest.fixture
def fixture(cast, psychology, speech):
    nord, sud = cast.sources, cast.laurent
    make(cast, psychology, nord, Status.WAITING, 2)  # 1
    make(cast, psychology, nord, Status.WAITING, 11)  # 2
    make(cast, psychology, nord, Status.ASSIGNED, 4, 10, episode=True)  # 3
    make(cast, psychology, nord, Status.CLOSED, 1, 6, episode=True)  # 4
    make(cast, psychology, nord, Status.INFO_REQUESTED, 7)  # 5
    make(cast, psychology, sud, Status.REFUSED, 3)  # 6
    make(cast, psychology, sud, Status.WITHDRAWN, 10)  # 7
    make(cast, psychology, sud, Status.ASSIGNED, 6, None, episode=True)  # 8
    make(cast, speech, nord, Status.REDIRECTED, 8)  # 9
    make(cast, speech, nord, Status.SUBMITTED)  # 10
    make(cast, speech, nord, Status.REFUSED, 0.5)  # 11
    make(cast, speech, sud, Status.WAITING, 5)  # 12
    make(cast, speech, sud, Status.ASSIGNED, 12, 14, episode=True)  # 13

    other = ServiceCentre.objects.create(name="CSS voisin", code="CSS-VOISIN", region="Mauricie")
    far = School.objects.create(
        centre=other,
        network=Network.objects.create(centre=other, name="Réseau voisin"),
        ministry_code="759999",
        name="École voisine",
        level="primary",
    )
    make(cast, psychology, far, Status.REFUSED, 100)  # x1
    make(cast, psychology, far, Status.ASSIGNED, 50, 200, episode=True)  # x2
    return requests_visible_to(cast.manager)


def test_requests_are_counted_by_service_and_status(fixture):
    assert indicators.requests_by(fixture, "domain__name", "status") == [
        {"domain__name": "Orthophonie", "status": "assigned", "count": 1},  # 13
        {"domain__name": "Orthophonie", "status": "redirected", "count": 1},  # 9
        {"domain__name": "Orthophonie", "status": "refused", "count": 1},  # 11
        {"domain__name": "Orthophonie", "status": "submitted", "count": 1},  # 10
        {"domain__name": "Orthophonie", "status": "waiting", "count": 1},  # 12
        {"domain__name": "Psychologie", "status": "assigned", "count": 2},  # 3, 8
        {"domain__name": "Psychologie", "status": "closed", "count": 1},  # 4
        {"domain__name": "Psychologie", "status": "info_requested", "count": 1},  # 5
        {"domain__name": "Psychologie", "status": "refused", "count": 1},  # 6
        {"domain__name": "Psychologie", "status": "waiting", "count": 2},  # 1, 2
        {"domain__name": "Psychologie", "status": "withdrawn", "count": 1},  # 7
    ]


def test_requests_are_counted_by_network(fixture):
    # Nord: 1, 2, 3, 4, 5, 9, 10, 11 = 8; Sud: 6, 7, 8, 12, 13 = 5. The other centre's two are not there.
    assert indicators.requests_by(fixture, "network__name") == [
        {"network__name": "Réseau Nord", "count": 8},
        {"network__name": "Réseau Sud", "count": 5},
    ]


def test_waiting_list_lengths(fixture):
    summary = indicators.summary(fixture)
    assert summary["waiting_lengths"] == [
        {"domain__name": "Orthophonie", "network__name": "Réseau Sud", "count": 1},  # 12
        {"domain__name": "Psychologie", "network__name": "Réseau Nord", "count": 2},  # 1, 2
    ]


def test_time_to_triage_median_and_90th_percentile(fixture):
    # Triaged: 12 requests (10 never was). Sorted days: 0.5 1 2 3 4 5 | 6 7 8 10 11 12.
    # Median: mean of the 6th and 7th = (5 + 6) / 2 = 5.5.
    # 90th percentile (linear): rank (12 − 1) × 0.9 = 9.9 → 10 + 0.9 × (11 − 10) = 10.9.
    # (Nearest rank would say 11; the other centre's 100 days would drag both up.)
    durations = indicators.time_to_triage(fixture)
    assert durations.count == 12
    assert durations.median_days == pytest.approx(5.5)
    assert durations.p90_days == pytest.approx(10.9)


def test_time_to_first_service_median_and_90th_percentile(fixture):
    # First service given: 3 (10 days), 4 (6), 13 (14); 8 has an episode but no service yet.
    # Sorted 6 10 14: median 10; 90th: rank 2 × 0.9 = 1.8 → 10 + 0.8 × (14 − 10) = 13.2.
    durations = indicators.time_to_first_service(fixture)
    assert durations.count == 3
    assert durations.median_days == pytest.approx(10.0)
    assert durations.p90_days == pytest.approx(13.2)


def test_share_of_triaged_requests_redirected_and_refused(fixture):
    # Triaged = not submitted, not waiting for information, not withdrawn: 1 2 3 4 6 8 9 11 12 13 = 10.
    # Redirected: 9 → 1/10. Refused: 6, 11 → 2/10.
    shares = indicators.share_redirected_or_refused(fixture)
    assert shares["redirected"] == pytest.approx(0.1)
    assert shares["refused"] == pytest.approx(0.2)


def test_the_summary_holds_the_same_figures(fixture):
    summary = indicators.summary(fixture)
    assert sum(row["count"] for row in summary["by_domain_and_status"]) == 13
    triage = summary["time_to_triage"]
    assert (triage.count, triage.median_days, triage.p90_days) == (
        12,
        pytest.approx(5.5),
        pytest.approx(10.9),
    )
    assert summary["time_to_first_service"].count == 3
    assert summary["shares"] == {"redirected": pytest.approx(0.1), "refused": pytest.approx(0.2)}


def test_with_no_request_there_is_nothing_to_compute(cast):
    base = requests_visible_to(cast.manager)
    assert indicators.time_to_triage(base) == indicators.Durations(0, None, None)
    assert indicators.time_to_first_service(base) == indicators.Durations(0, None, None)
    assert indicators.share_redirected_or_refused(base) == {"redirected": None, "refused": None}


def test_the_indicators_follow_what_the_user_may_see(cast, fixture):
    # The outsider (principal of Saint-Laurent, network Sud) sees only Sud's five: 6, 7, 8, 12, 13.
    base = requests_visible_to(cast.outsider)
    assert indicators.requests_by(base, "network__name") == [{"network__name": "Réseau Sud", "count": 5}]
    # Triage days 3, 10, 6, 5, 12 → sorted 3 5 6 10 12: median 6; 90th: rank 3.6 → 10 + 0.6 × 2 = 11.2.
    durations = indicators.time_to_triage(base)
    assert (durations.count, durations.median_days) == (5, 6)
    assert durations.p90_days == pytest.approx(11.2)
