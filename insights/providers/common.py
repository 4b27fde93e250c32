"""Helpers shared by the providers: the period as aware datetimes, week labels, chart data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from insights.panels import Scope
from lib.portraits import is_hidden, weeks_between


def period_bounds(scope: Scope) -> tuple[dt.datetime, dt.datetime]:
    start, end = scope.filters.start, scope.filters.end
    tz = timezone.get_current_timezone()
    low = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return low, high


def as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def week_labels(scope: Scope) -> list[dt.date]:
    start, end = scope.weeks()
    return weeks_between(start, end)


def drawable(values: list[Any]) -> list[float]:
    """Chart values: a hidden "< 5" is drawn as 0 (the table says "< 5"), None as 0."""
    return [0 if v is None or is_hidden(v) else v for v in values]


def bar(labels: list[Any], datasets: list[tuple[str, list[Any]]], **options: Any) -> dict[str, Any] | None:
    """A chart spec, or None when there is nothing to draw (all zero or hidden): the table says it."""
    if not any(v for _name, values in datasets for v in drawable(list(values))):
        return None
    return {
        "type": options.pop("type", "bar"),
        "labels": [str(label) for label in labels],
        "datasets": [{"label": str(name), "data": drawable(list(values))} for name, values in datasets],
        **options,
    }


def days_between(start: Any, end: Any) -> float:
    return (end - start).total_seconds() / 86400
