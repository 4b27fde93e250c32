"""Pure helpers of the portraits (dashboards): small-count suppression, weekly buckets, shares and the
spreadsheet-cell neutralisation of the exports. No database; tested in lib/tests/test_portraits.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from lib.stats import percentile

SMALL_COUNT = 5  # a count from 1 to 4 shown outside the school it describes could name a student
HIDDEN = "< 5"


def suppress(count: int | None, threshold: int = SMALL_COUNT) -> int | str | None:
    """The count, or "< 5" when it is between 1 and threshold - 1 (0 names nobody and stays)."""
    if count is None:
        return None
    if 0 < count < threshold:
        return f"< {threshold}"
    return count


def suppress_figure(value: Any, count: int | None, threshold: int = SMALL_COUNT) -> Any:
    """A figure derived from `count` people (a median, a share): hidden with its count.

    A median wait of two requests tells as much as the two waits themselves."""
    if count is not None and 0 < count < threshold:
        return f"< {threshold}"
    return value


def is_hidden(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("< ")


def week_start(day: dt.date) -> dt.date:
    """The Monday of the week of `day` (weeks run Monday to Sunday, as the school calendar)."""
    return day - dt.timedelta(days=day.weekday())


def weeks_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """The Mondays of every week from the one of `start` to the one of `end`, both included."""
    if end < start:
        return []
    first, last = week_start(start), week_start(end)
    return [first + dt.timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]


def weekly_counts(days: Iterable[dt.date], start: dt.date, end: dt.date) -> list[int]:
    """How many of `days` fall in each week of weeks_between(start, end); days outside are left out."""
    weeks = weeks_between(start, end)
    index = {monday: i for i, monday in enumerate(weeks)}
    counts = [0] * len(weeks)
    for day in days:
        i = index.get(week_start(day))
        if i is not None and start <= day <= end:
            counts[i] += 1
    return counts


def weekly_sums(pairs: Iterable[tuple[dt.date, float]], start: dt.date, end: dt.date) -> list[float]:
    """The sum of the values of each week (pairs of day and value), like weekly_counts."""
    weeks = weeks_between(start, end)
    index = {monday: i for i, monday in enumerate(weeks)}
    sums = [0.0] * len(weeks)
    for day, value in pairs:
        i = index.get(week_start(day))
        if i is not None and start <= day <= end:
            sums[i] += value
    return sums


def share(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide (never a misleading 0 %)."""
    return part / whole if whole else None


def percent(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{round(value * 100, digits):g} %"


def median_and_p90(values: Sequence[float]) -> tuple[float | None, float | None]:
    """Median and 90th percentile (linear interpolation, numpy's default), rounded to 0.1."""
    med, p90 = percentile(values, 50), percentile(values, 90)
    return (None if med is None else round(med, 1), None if p90 is None else round(p90, 1))


def neutralise_cell(value: Any) -> Any:
    """A cell of an export: text that a spreadsheet would evaluate (= + - @ tab CR) gets a leading
    apostrophe; numbers, dates and None pass unchanged (`lib.spreadsheet.neutralise_value`)."""
    from lib.spreadsheet import neutralise_value

    return neutralise_value(value)
