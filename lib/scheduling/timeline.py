"""Local wall time in America/Montreal and weekly recurrence with exceptions (pure).

A weekly session keeps its wall-clock time across the daylight-saving changes (16:00 stays 16:00 in
November and March); its duration is real elapsed time. A wall time that does not exist (02:30 on the
March Sunday) moves forward by the gap, as clocks do; an ambiguous one (01:30 on the November Sunday)
is the first of the two (daylight time, fold 0).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil.rrule import WEEKLY, rrule  # type: ignore[import-untyped]

MONTREAL = ZoneInfo("America/Montreal")
UTC = dt.UTC
MAX_OCCURRENCES = 60


def aware(day: dt.date, at: dt.time, tz: ZoneInfo = MONTREAL) -> dt.datetime:
    """The instant of this wall time; a non-existent wall time moves forward by the gap."""
    naive = dt.datetime.combine(day, at.replace(tzinfo=None))
    # fold=0: the first of two ambiguous instants; a time in the spring gap is read with the offset
    # before the gap, and the round trip through UTC gives the wall time after it (02:30 → 03:30).
    return naive.replace(tzinfo=tz, fold=0).astimezone(UTC).astimezone(tz)


def day_bounds(day: dt.date, tz: ZoneInfo = MONTREAL) -> tuple[dt.datetime, dt.datetime]:
    """The first and last instant (exclusive) of a local day: 23 h in March, 25 h in November."""
    return aware(day, dt.time(0), tz), aware(day + dt.timedelta(days=1), dt.time(0), tz)


def week_start(day: dt.date) -> dt.date:
    """The Monday of the week of this day."""
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class Occurrence:
    day: dt.date
    start: dt.datetime  # aware
    end: dt.datetime  # aware

    @property
    def minutes(self) -> int:
        return int((self.end.astimezone(UTC) - self.start.astimezone(UTC)).total_seconds() // 60)


def occurrence(day: dt.date, at: dt.time, minutes: int, tz: ZoneInfo = MONTREAL) -> Occurrence:
    start = aware(day, at, tz)
    end = (start.astimezone(UTC) + dt.timedelta(minutes=minutes)).astimezone(tz)
    return Occurrence(day, start, end)


def weekly(
    first: dt.date,
    at: dt.time,
    minutes: int,
    *,
    count: int | None = None,
    until: dt.date | None = None,
    exceptions: Iterable[dt.date] = (),
    interval: int = 1,
    tz: ZoneInfo = MONTREAL,
) -> list[Occurrence]:
    """The sessions of a weekly series, from `first`, every `interval` weeks, `count` times or until
    `until` (inclusive), leaving out the exception days (a skipped day does not count: the series ends
    on the same date)."""
    if count is None and until is None:
        raise ValueError("count or until is required")
    if minutes <= 0:
        raise ValueError("minutes must be positive")
    start = dt.datetime.combine(first, dt.time(0))
    rule = rrule(
        WEEKLY,
        dtstart=start,
        interval=interval,
        count=min(count, MAX_OCCURRENCES) if count is not None else None,
        until=dt.datetime.combine(until, dt.time(0)) if until is not None else None,
    )
    skipped = set(exceptions)
    days = [moment.date() for moment in rule][:MAX_OCCURRENCES]
    return [occurrence(day, at, minutes, tz) for day in days if day not in skipped]
