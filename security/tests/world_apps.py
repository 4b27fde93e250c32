"""The objects of the test world for appointments (scheduling), early warning and portraits (insights),
built through the apps' own actions, on Alice's side (`own`) and on Zoé's (`other`).

- Appointments of Alice (15) with her psychologist: at des Sources (nobody else invited), in
  telepractice, and one she booked herself on his slot; the same for Zoé (10) with Zack at
  Saint-Laurent, her father invited or booking. Free published slots of both professionals, their
  weekly availability and a day off, and the psychologist's calendar feed (its secret is the key).
- Early warning: Alice's year of attendance, results and events through the real imports, scored with
  the default criteria set; another version of the set.
- Portraits: a teacher's observation of Alice in group 301; Zoé's group at Saint-Laurent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from core.models import ServiceDomain


def _episode(student: Any, professional: Any, network: Any, filer: Any) -> Any:
    from intake.models import ServiceEpisode, ServiceRequest
    from students.models import Caseload

    request = ServiceRequest.objects.create(
        student=student,
        # Another service than the world's open psychology requests (one open request per domain).
        domain=ServiceDomain.objects.get(code="psychoeducation"),
        network=network,
        requested_by=filer,
        mandate_origin="school",
        status="assigned",
        assigned_to=professional,
    )
    Caseload.objects.get_or_create(professional=professional, student=student, ended_on=None)
    return ServiceEpisode.objects.create(request=request, professional=professional)


def _next_monday() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=(0 - today.weekday()) % 7 + 7)


def _side(
    cast: Any, student: Any, professional: Any, family: Any, guardian: Any, school: Any, filer: Any
) -> dict[str, Any]:
    """One side's appointments, slots and availability. `family` books (the student of 14 or older, or
    the parent of a younger child); `guardian` is invited to the appointments (None: nobody)."""
    from records.tests.core_helpers import give_consent
    from scheduling import actions, booking_actions
    from scheduling.models import AvailabilityException, AvailabilityPattern, Room

    give_consent(cast, student, scope="telepractice", **({"guardian": guardian} if guardian else {}))
    episode = _episode(student, professional, cast.nord if school == cast.sources else cast.sud, filer)
    monday = _next_monday()
    room = Room.objects.create(school=school, name="Local 204")
    invited = [guardian] if guardian else []

    def plan(day: dt.date, modality: str, **extra: Any) -> Any:
        data: dict[str, Any] = {"kind": "session", "day": day, "at": dt.time(10), "minutes": 45}
        data["modality"] = modality
        (made,) = actions.plan_appointment(professional, episode, actions.Plan(**(data | extra)))
        return made

    at_school = plan(monday, "school", school=school, room=room, guardians=invited)
    remote = plan(monday + dt.timedelta(days=1), "telepractice", guardians=invited)
    day = timezone.localdate() + dt.timedelta(days=3)

    def slot(at: dt.time) -> Any:
        (made,) = booking_actions.publish_slots(
            professional, kind="session", day=day, at=at, minutes=30, count=1, modality="telepractice"
        )
        return made

    booked = booking_actions.book_slot(family, slot(dt.time(8)), student)
    free = slot(dt.time(15))
    pattern = AvailabilityPattern.objects.create(
        professional=professional,
        school_year=cast.year,
        weekday=2,
        school=school,
        starts=dt.time(8, 30),
        ends=dt.time(12),
    )
    day_off = AvailabilityException.objects.create(
        professional=professional, day=monday + dt.timedelta(days=4), reason="Formation"
    )
    return {
        "appointment": at_school,
        "telepractice": remote,
        "booked": booked,
        "slot": free,
        "pattern": pattern,
        "day_off": day_off,
    }


def _early_warning(cast: Any) -> tuple[Any, Any]:
    from earlywarning import criteria, scoring
    from earlywarning.tests.helpers import build_year

    build_year(cast)
    scoring.compute_week(dt.date(2026, 11, 2))
    active = criteria.criteria_set_of()
    other = criteria.create_criteria_set(
        name="Essai de la direction", criteria=active.as_criteria(), based_on=active, author=cast.manager
    )
    return active, other


def build(cast: Any, sample: Any, roy: Any) -> dict[str, Any]:
    from insights import actions as insight_actions
    from scheduling import feeds

    own = _side(cast, cast.alice, cast.psychologist, cast.student15, None, cast.sources, cast.principal)
    other = _side(cast, cast.zoe, cast.zack, roy.user, roy, cast.laurent, cast.outsider)
    samples = {name: sample(own[name], other[name]) for name in own}
    # The secret is the key, without a session: whoever holds the address reads the feed, so there is
    # no "other side" that must be refused (a revoked or unknown secret: scheduling/tests).
    samples["feed"] = sample(feeds.create_or_rotate(cast.psychologist), None)
    samples["served_school"] = sample(cast.sources, cast.laurent)
    samples["criteria_set"] = sample(*_early_warning(cast))
    insight_actions.add_observation(
        cast.teacher,
        cast.alice,
        observed_on=timezone.localdate(),
        domain="learning",
        text="Participe davantage en lecture à voix haute.",
    )
    samples["group"] = sample(cast.g301, cast.zoe.group)
    return samples
