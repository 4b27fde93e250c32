"""The weekly coefficients: the facts of a week for every student, scored at once (numpy), stored
with the criteria that fired and the values they read, week by week.

The facts come from what the imports keep up to date: the student-weeks (attendance), the grade facts
(French, mathematics, trend), the behaviour events of the year (incidents, suspension days) and the
student (years repeated, age for the grade). Attendance rows are never re-read here.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from core import bulk
from earlywarning.criteria import criteria_set_of
from earlywarning.facts import monday

__all__ = ["compute_week", "last_complete_week", "monday", "week_facts"]
from earlywarning.models import CriteriaSet, GradeFacts, RiskScore
from lib.risk import FACTS, evaluate_many, years_behind
from lib.schoolyear import school_year_bounds, school_year_label
from students.models import Student

EXPECTED_AGE = (
    {"M4": 4, "M5": 5} | {f"P{i}": 5 + i for i in range(1, 7)} | {f"S{i}": 11 + i for i in range(1, 6)}
)
RECENT_WEEKS = 4


@dataclass
class WeekFacts:
    week: dt.date
    school_year: str
    student: np.ndarray
    school: np.ndarray
    group: np.ndarray  # -1 when none
    facts: dict[str, np.ndarray]  # NaN when unknown


def _rate(periods: np.ndarray, absent: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.round(100 * (periods - absent) / periods, 1)
    return np.where(periods > 0, rate, np.nan)


def week_facts(week: dt.date) -> WeekFacts:
    """The facts of every student for the week starting on `week` (a Monday)."""
    week = monday(week)
    label = school_year_label(week)
    year_start, _end = school_year_bounds(label)
    week_end = week + dt.timedelta(days=6)
    rows = list(
        Student.objects.order_by("pk").values_list(
            "pk", "school_id", "group_id", "years_repeated", "birth_date", "grade_level"
        )
    )
    n = len(rows)
    student = np.fromiter((r[0] for r in rows), np.int64, n)
    index = {int(s): i for i, s in enumerate(student.tolist())}
    school = np.fromiter((r[1] for r in rows), np.int64, n)
    group = np.fromiter((r[2] if r[2] is not None else -1 for r in rows), np.int64, n)
    sept30 = dt.date(year_start.year, 9, 30)
    behind = np.fromiter((_behind(r[3], r[4], r[5], sept30) for r in rows), np.float64, n)
    facts = {name: np.full(n, np.nan) for name in FACTS}
    facts["years_behind"] = behind

    recent = week - dt.timedelta(weeks=RECENT_WEEKS - 1)
    sums = np.zeros((n, 4))
    seen = np.zeros(n, bool)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT student_id, SUM(periods), SUM(absent), "
            "SUM(CASE WHEN week >= %s THEN periods ELSE 0 END), "
            "SUM(CASE WHEN week >= %s THEN absent ELSE 0 END) "
            "FROM earlywarning_studentweek WHERE week >= %s AND week <= %s GROUP BY student_id",
            [recent, recent, year_start, week],
        )
        for sid, *values in cursor.fetchall():
            i = index.get(sid)
            if i is not None:
                sums[i] = values
                seen[i] = True
        cursor.execute(
            "SELECT student_id, COUNT(*), SUM(suspension_days) FROM earlywarning_behaviourevent "
            "WHERE date >= %s AND date <= %s GROUP BY student_id",
            [year_start, week_end],
        )
        incidents, suspension = np.zeros(n), np.zeros(n)
        for sid, count, days in cursor.fetchall():
            i = index.get(sid)
            if i is not None:
                incidents[i], suspension[i] = count, float(days or 0)
    facts["attendance_rate_year"] = np.where(seen, _rate(sums[:, 0], sums[:, 1]), np.nan)
    facts["attendance_rate_4w"] = np.where(seen, _rate(sums[:, 2], sums[:, 3]), np.nan)
    facts["incidents_year"], facts["suspension_days_year"] = incidents, suspension
    for sid, french, math, trend in GradeFacts.objects.filter(school_year=label).values_list(
        "student_id", "french_grade", "math_grade", "grade_trend"
    ):
        i = index.get(sid)
        if i is not None:
            for name, value in (("french_grade", french), ("math_grade", math), ("grade_trend", trend)):
                facts[name][i] = np.nan if value is None else value
    return WeekFacts(week, label, student, school, group, facts)


def _behind(repeated: int, birth: dt.date, level: str, sept30: dt.date) -> float:
    expected = EXPECTED_AGE.get(level)
    age = sept30.year - birth.year - ((sept30.month, sept30.day) < (birth.month, birth.day))
    value = years_behind(repeated, age, expected)
    return np.nan if value is None else value


def compute_week(week: dt.date, criteria_set: CriteriaSet | None = None) -> int:
    """Score every student for this week with the set (the active default when None); replaces the
    scores of that week and set. Returns the number of students scored."""
    chosen = criteria_set or criteria_set_of()
    criteria = chosen.as_criteria()
    data = week_facts(week)
    many = evaluate_many(data.facts, criteria)
    codes = [c.code for c in criteria]
    now = timezone.now()
    fired_json, missing_json, facts_json = _json(data.facts, many, codes, [c.fact for c in criteria])
    with transaction.atomic():
        RiskScore.objects.filter(week=data.week, criteria_set=chosen).delete()
        rows = zip(
            data.student.tolist(),
            data.school.tolist(),
            data.group.tolist(),
            many.coefficients.tolist(),
            fired_json,
            missing_json,
            facts_json,
            strict=True,
        )
        if connection.vendor == "postgresql":
            _copy_scores(rows, data.week, chosen.pk, now)
        else:
            RiskScore.objects.bulk_create(
                (
                    RiskScore(
                        student_id=s,
                        week=data.week,
                        criteria_set=chosen,
                        school_id=sc,
                        group_id=g if g >= 0 else None,
                        coefficient=c,
                        fired=json.loads(f),
                        missing=json.loads(m),
                        facts=json.loads(x),
                        computed_at=now,
                    )
                    for s, sc, g, c, f, m, x in rows
                ),
                batch_size=2000,
            )
        bulk.announce("earlywarning.RiskScore")
    return len(data.student)


def _copy_scores(rows: Any, week: dt.date, set_id: int, now: dt.datetime) -> None:
    """One text COPY: the JSON built above has no tab, newline or backslash to escape."""
    sql = (
        "COPY earlywarning_riskscore (student_id, week, criteria_set_id, school_id, group_id, coefficient, "
        "fired, missing, facts, computed_at) FROM STDIN"
    )
    fixed = f"\t{week.isoformat()}\t{set_id}\t"
    stamp = now.isoformat()
    lines = [
        f"{s}{fixed}{sc}\t{g if g >= 0 else chr(92) + 'N'}\t{c!r}\t{f}\t{m}\t{x}\t{stamp}\n"
        for s, sc, g, c, f, m, x in rows
    ]
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for start in range(0, len(lines), 20000):
            copy.write("".join(lines[start : start + 20000]))


def _text(values: np.ndarray) -> list[str]:
    """Numbers rounded to a tenth as JSON text ('null' when unknown), in one vectorised pass."""
    rounded = np.round(values, 1)
    text = rounded.astype(str)
    return np.where(np.isnan(values), "null", text).tolist()


def _json(
    facts: dict[str, np.ndarray], many: Any, codes: list[str], fact_of: list[str]
) -> tuple[list[str], list[str], list[str]]:
    """The fired criteria with their values, the missing ones and every fact, as JSON text per student,
    built column by column (a json.dumps per student was most of the weekly computation)."""
    n = len(many.coefficients)
    if not n:
        return [], [], []
    names = list(facts)
    fact_text = [_text(facts[name]) for name in names]
    keys = [f'"{name}": ' for name in names]
    facts_json = [
        "{" + ", ".join(k + v for k, v in zip(keys, row, strict=True)) + "}"
        for row in zip(*fact_text, strict=True)
    ]
    by_fact = dict(zip(names, fact_text, strict=True))
    value_text = [
        by_fact[fact] if fact in by_fact else _text(many.values[:, j]) for j, fact in enumerate(fact_of)
    ]
    pieces = [
        [
            f'{{"code": "{code}", "value": {v}}}' if hit else ""
            for v, hit in zip(value_text[j], many.fired[:, j].tolist(), strict=True)
        ]
        for j, code in enumerate(codes)
    ]
    fired_json = ["[" + ", ".join(p for p in row if p) + "]" for row in zip(*pieces, strict=True)]
    quoted = [f'"{code}"' for code in codes]
    missing_json = [
        "[" + ", ".join(q for q, m in zip(quoted, row, strict=True) if m) + "]"
        for row in many.missing.tolist()
    ]
    return fired_json, missing_json, facts_json


def last_complete_week(today: dt.date | None = None) -> dt.date:
    """The Monday of the last week that has ended (the weekly job runs on the weekend or on Monday)."""
    day = today or timezone.localdate()
    this = monday(day)
    return this if day.weekday() >= 5 else this - dt.timedelta(weeks=1)
