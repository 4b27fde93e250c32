"""How long a closed professional record is kept: N years after the last service (domain notes §4, "at
least 5 years", configurable per order in settings.RECORD_RETENTION_BY_PROFESSION)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping


def years_for(profession: str, by_profession: Mapping[str, int], default: int) -> int:
    years = by_profession.get(profession, default)
    if years < 0:
        raise ValueError(f"durée de conservation négative pour {profession!r} : {years}")
    return years


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def retention_end(last_service: dt.date, years: int) -> dt.date:
    """The day until which the record is kept: the last service date plus `years`."""
    return add_years(last_service, years)


def retention_for(
    profession: str, last_service: dt.date, by_profession: Mapping[str, int], default: int
) -> dt.date:
    return retention_end(last_service, years_for(profession, by_profession, default))
