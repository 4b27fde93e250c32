"""Each professional's daily route between schools, weekly kilometres and hours, and the travel that
telepractice avoided (from `lib.scheduling.travel`, with the centre's road factor and speed).

The route of a day goes through the schools of its in-person appointments (not cancelled) in time order.
A telepractice session avoided the round trip from the professional's school of that day (their weekly
pattern; else the first school of the day's route; else their first school) to the student's school."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from lib.scheduling import travel as logic
from lib.scheduling.timeline import day_bounds
from scheduling import config
from scheduling.models import ACTIVE_STATUSES, Appointment, AvailabilityPattern, Modality


def place(school: Any) -> logic.Place | None:
    if school is None or school.latitude is None or school.longitude is None:
        return None
    return logic.Place(school.pk, school.name, float(school.latitude), float(school.longitude))


@dataclass
class DayTravel:
    day: dt.date
    route: logic.Route
    avoided: list[logic.Leg] = field(default_factory=list)

    @property
    def avoided_km(self) -> float:
        return sum(x.km for x in self.avoided)

    @property
    def avoided_minutes(self) -> float:
        return sum(x.minutes for x in self.avoided)


@dataclass
class WeekTravel:
    professional: Any
    days: list[DayTravel]

    @property
    def km(self) -> float:
        return sum(d.route.km for d in self.days)

    @property
    def hours(self) -> float:
        return sum(d.route.minutes for d in self.days) / 60

    @property
    def avoided_km(self) -> float:
        return sum(d.avoided_km for d in self.days)

    @property
    def avoided_hours(self) -> float:
        return sum(d.avoided_minutes for d in self.days) / 60

    @property
    def telepractice_count(self) -> int:
        return sum(len(d.avoided) for d in self.days)


def week_travel(professional: Any, monday: dt.date) -> WeekTravel:
    params = config.travel_params()
    start, _e = day_bounds(monday)
    _s, end = day_bounds(monday + dt.timedelta(days=6))
    appointments = (
        Appointment.objects.filter(
            professionals=professional, status__in=ACTIVE_STATUSES, starts_at__gte=start, starts_at__lt=end
        )
        .select_related("school", "episode__request__student__school")
        .order_by("starts_at")
    )
    patterns = {
        p.weekday: p.school
        for p in AvailabilityPattern.objects.filter(professional=professional, school__isnull=False)
        .select_related("school")
        .order_by("-starts")
    }
    fallback = place(professional.schools.order_by("pk").first())
    by_day: dict[dt.date, list[Appointment]] = {}
    for appointment in appointments:
        by_day.setdefault(timezone.localtime(appointment.starts_at).date(), []).append(appointment)
    days = []
    for day in sorted(by_day):
        visits = [place(a.school) for a in by_day[day] if a.modality == Modality.SCHOOL]
        route = logic.route([v for v in visits if v is not None], params)
        base = place(patterns.get(day.weekday())) or (route.stops[0] if route.stops else None) or fallback
        avoided = [
            leg
            for a in by_day[day]
            if a.modality == Modality.TELEPRACTICE
            and (leg := logic.avoided(base, place(a.episode.request.student.school), params)) is not None
        ]
        days.append(DayTravel(day, route, avoided))
    return WeekTravel(professional, days)
