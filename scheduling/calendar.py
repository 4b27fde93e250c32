"""The days of a calendar page: a week (Monday to Friday, the weekend when something is on it) or a day,
with the appointments and the school-calendar closures of each day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from lib.scheduling.timeline import day_bounds, week_start


@dataclass
class Day:
    day: dt.date
    appointments: list[Any] = field(default_factory=list)
    closures: list[Any] = field(default_factory=list)


def parse_day(raw: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(raw or "")
    except ValueError:
        return timezone.localdate()


def week_of(day: dt.date) -> list[dt.date]:
    monday = week_start(day)
    return [monday + dt.timedelta(days=i) for i in range(7)]


def days_with(appointments: Any, days: list[dt.date], closures: Any = ()) -> list[Day]:
    start, _end = day_bounds(days[0])
    _start, end = day_bounds(days[-1])
    found = {d: Day(d) for d in days}
    for appointment in appointments.filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at"):
        local = timezone.localtime(appointment.starts_at).date()
        if local in found:
            found[local].appointments.append(appointment)
    for closure in closures:
        if closure.day in found:
            found[closure.day].closures.append(closure)
    return [d for d in found.values() if d.day.weekday() < 5 or d.appointments]
