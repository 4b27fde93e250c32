"""School-year arithmetic: Quebec school years run from 1 July to 30 June."""

from __future__ import annotations

import datetime as dt


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years of age on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def school_year_label(day: dt.date) -> str:
    """'2026-2027' for any day from 1 July 2026 to 30 June 2027."""
    first = day.year if day.month >= 7 else day.year - 1
    return f"{first}-{first + 1}"


def school_year_bounds(label: str) -> tuple[dt.date, dt.date]:
    """First and last day (1 July, 30 June) of a school year given as '2026-2027'."""
    first, _, second = label.partition("-")
    if not (first.isdecimal() and second.isdecimal() and int(second) == int(first) + 1):
        raise ValueError(f"année scolaire invalide : {label!r} (attendu AAAA-AAAA, par exemple 2026-2027)")
    return dt.date(int(first), 7, 1), dt.date(int(second), 6, 30)


def age_on_september_30(birth: dt.date, label: str) -> int:
    """The age the Régime pédagogique uses to place a student: age on 30 September of the school year."""
    start, _ = school_year_bounds(label)
    return age_on(birth, dt.date(start.year, 9, 30))
