"""What was known of a student at the end of étape N, as the facts of ``lib.risk.FACTS``.

- Grades: étapes 1 to N. ``french_grade`` and ``math_grade`` are those of the latest étape that has
  them (a subject whose folded name starts with ``francais`` or ``math``; several such subjects in an
  étape are averaged); ``grade_trend`` compares the averages of all subjects of the last two étapes.
- Attendance, from ``presences.csv`` when the student has rows that year (one row per period; a late
  arrival counts as present): from 1 July to the end of étape N for the year, the 28 days ending then
  for the last four weeks. Otherwise from ``absences.csv``: the days of étapes 1 to N, and — only
  summaries exist — the rate of étape N stands for the last four weeks. A year total (étape empty) is
  used only at the last étape, when the year is over. Rates are rounded to one decimal, as shown.
- Events of ``evenements.csv`` from 1 July to the end of étape N (unknown when the file is absent).
- Years behind: the years repeated, or the years above the age of the level on 30 September.
"""

from __future__ import annotations

import datetime as dt
from statistics import fmean

from earlywarning.backtest.reading import Folder
from lib.risk import grade_trend, years_behind
from lib.schoolyear import age_on_september_30, school_year_bounds

EXPECTED_AGE = (
    {"M4": 4, "M5": 5} | {f"P{n}": 5 + n for n in range(1, 7)} | {f"S{n}": 11 + n for n in range(1, 6)}
)
WEEKS4 = dt.timedelta(days=27)

Facts = dict[str, float | None]


def _subject(grades: dict[int, dict[str, float]], prefix: str) -> float | None:
    for etape in sorted(grades, reverse=True):
        values = [v for s, v in grades[etape].items() if s.startswith(prefix)]
        if values:
            return fmean(values)
    return None


def _rate(rows: list[tuple[dt.date, bool]], first: dt.date, last: dt.date) -> float | None:
    inside = [present for day, present in rows if first <= day <= last]
    return round(100 * sum(inside) / len(inside), 1) if inside else None


def _attendance(folder: Folder, key: tuple[str, str], etape: int, start: dt.date, end: dt.date) -> Facts:
    rows = folder.presences.get(key)
    if rows:
        return {
            "attendance_rate_year": _rate(rows, start, end),
            "attendance_rate_4w": _rate(rows, end - WEEKS4, end),
        }
    summaries = folder.summaries.get(key, {})
    known = [summaries[e] for e in range(1, etape + 1) if e in summaries]
    last = summaries.get(etape)
    if not known and etape == folder.calendar.count and None in summaries:
        known = [summaries[None]]  # only a year total, and the year is over: it stands for both
        last = summaries[None]
    year = round(100 * (1 - sum(a for a, _ in known) / sum(d for _, d in known)), 1) if known else None
    recent = round(100 * (1 - last[0] / last[1]), 1) if last else None
    return {"attendance_rate_year": year, "attendance_rate_4w": recent}


def facts_at(folder: Folder, code: str, year: str, etape: int, has_events: bool) -> Facts:
    start, _ = school_year_bounds(year)
    end = folder.calendar.end_of(year, etape)
    key = (code, year)
    grades = {e: g for e, g in folder.grades.get(key, {}).items() if e <= etape}
    averages = [fmean(grades[e].values()) if grades.get(e) else None for e in range(1, etape + 1)]
    facts: Facts = {
        "french_grade": _subject(grades, "francais"),
        "math_grade": _subject(grades, "math"),
        "grade_trend": grade_trend(averages),
    }
    facts |= _attendance(folder, key, etape, start, end)
    if has_events:
        events = [days for day, days in folder.events.get(key, []) if start <= day <= end]
        facts["incidents_year"] = float(len(events))
        facts["suspension_days_year"] = float(sum(events))
    else:
        facts["incidents_year"] = facts["suspension_days_year"] = None
    student = folder.students[code]
    facts["years_behind"] = years_behind(
        student.years_repeated, age_on_september_30(student.birth_date, year), EXPECTED_AGE.get(student.level)
    )
    return facts
