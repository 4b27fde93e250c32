"""Facts that the imports keep up to date, and the facts of a week read for the scores.

- `refresh_weeks` (the `presences` import): the attendance facts of the student-weeks touched, from
  those weeks' rows only (one SQL aggregate on PostgreSQL).
- `refresh_grades` (the `resultats` import): French and mathematics at their latest étape and the
  change of the average, per student and school year.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np
from django.db import connection

from earlywarning.imports.common import chunks
from earlywarning.models import Attendance, Grade, GradeFacts, StudentWeek
from lib import arrays
from lib.risk import grade_trend
from students.models import Student

FRENCH = "francais"
MATH = "mathematique"
ABSENT = (1, 2)
UNEXCUSED = 2
LATE = 3


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


# --- attendance ------------------------------------------------------------------------------------

_UPSERT_PG = """
INSERT INTO earlywarning_studentweek (student_id, week, school_id, group_id, periods, absent, unexcused, late)
SELECT a.student_id, date_trunc('week', a.date)::date, s.school_id, s.group_id, count(*),
       count(*) FILTER (WHERE a.status IN (1, 2)), count(*) FILTER (WHERE a.status = 2),
       count(*) FILTER (WHERE a.status = 3)
FROM earlywarning_attendance a JOIN students_student s ON s.id = a.student_id
WHERE a.date BETWEEN %s AND %s AND a.student_id = ANY(%s)
GROUP BY 1, 2, 3, 4
ON CONFLICT (student_id, week) DO UPDATE SET school_id = EXCLUDED.school_id,
    group_id = EXCLUDED.group_id, periods = EXCLUDED.periods, absent = EXCLUDED.absent,
    unexcused = EXCLUDED.unexcused, late = EXCLUDED.late
"""


def refresh_weeks(student_ids: Iterable[int], first: dt.date, last: dt.date) -> None:
    """Recompute the student-weeks of these students between the weeks of `first` and `last`, from the
    attendance rows of those weeks only. A week left without any row loses its facts."""
    ids = sorted(set(student_ids))
    if not ids:
        return
    start, end = monday(first), monday(last) + dt.timedelta(days=6)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM earlywarning_studentweek WHERE week BETWEEN %s AND %s AND student_id = ANY(%s)",
                [start, end, ids],
            )
            cursor.execute(_UPSERT_PG, [start, end, ids])
        return
    for chunk in chunks(ids, 500):
        StudentWeek.objects.filter(student_id__in=chunk, week__range=(start, end)).delete()
        _refresh_weeks_python(chunk, start, end)


def weeks_stored(student_ids: np.ndarray, first: dt.date, last: dt.date) -> bool:
    """Whether any of these students has a student-week between these dates (hence attendance rows)."""
    ids = [int(s) for s in student_ids.tolist()]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM earlywarning_studentweek WHERE week BETWEEN %s AND %s "
                "AND student_id = ANY(%s::integer[]))",
                [monday(first), last, ids],
            )
            return bool(cursor.fetchone()[0])
    in_range = StudentWeek.objects.filter(week__range=(monday(first), last))
    return any(in_range.filter(student_id__in=chunk).exists() for chunk in chunks(ids, 500))


def _placement(ids: list[int]) -> dict[int, tuple[int, int | None]]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, school_id, group_id FROM students_student WHERE id = ANY(%s::bigint[])", [ids]
            )
            return {pk: (school, group) for pk, school, group in cursor.fetchall()}
    where: dict[int, tuple[int, int | None]] = {}
    for chunk in chunks(ids, 500):
        for pk, school, group in Student.objects.filter(pk__in=chunk).values_list(
            "pk", "school_id", "group_id"
        ):
            where[pk] = (school, group)
    return where


def add_weeks(student: np.ndarray, ordinal: np.ndarray, status: np.ndarray) -> None:
    """The facts of student-weeks that had no stored row, counted from the new rows alone (numpy)."""
    if not len(student):
        return
    monday_ord = ordinal - (ordinal - 1) % 7  # ordinal 1 (1 January of year 1) was a Monday
    base = int(monday_ord.min())
    keys = (student << 20) | (monday_ord - base)
    unique, inverse = arrays.groups(keys)
    periods = np.bincount(inverse)
    absent = np.bincount(inverse, weights=(status == 1) | (status == 2)).astype(np.int64)
    unexcused = np.bincount(inverse, weights=status == UNEXCUSED).astype(np.int64)
    late = np.bincount(inverse, weights=status == LATE).astype(np.int64)
    ids = (unique >> 20).tolist()
    weeks = [dt.date.fromordinal(base + int(o)) for o in (unique & ((1 << 20) - 1)).tolist()]
    where = _placement(sorted(set(ids)))
    rows = zip(ids, weeks, periods.tolist(), absent.tolist(), unexcused.tolist(), late.tolist(), strict=True)
    if connection.vendor == "postgresql":
        sql = (
            "COPY earlywarning_studentweek (student_id, week, school_id, group_id, periods, absent, "
            "unexcused, late) FROM STDIN"
        )
        null = chr(92) + "N"
        lines = []
        for s, w, p, a, u, la in rows:
            school, group = where[s]
            lines.append(f"{s}\t{w}\t{school}\t{null if group is None else group}\t{p}\t{a}\t{u}\t{la}\n")
        with connection.cursor() as cursor, cursor.copy(sql) as copy:
            for start in range(0, len(lines), 50_000):
                copy.write("".join(lines[start : start + 50_000]))
        return
    StudentWeek.objects.bulk_create(
        (
            StudentWeek(
                student_id=s,
                week=w,
                school_id=where[s][0],
                group_id=where[s][1],
                periods=p,
                absent=a,
                unexcused=u,
                late=la,
            )
            for s, w, p, a, u, la in rows
        ),
        batch_size=2000,
    )


def _refresh_weeks_python(ids: Iterable[int], start: dt.date, end: dt.date) -> None:
    counts: dict[tuple[int, dt.date], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    rows = Attendance.objects.filter(student_id__in=list(ids), date__range=(start, end))
    for student_id, day, status in rows.values_list("student_id", "date", "status").iterator(
        chunk_size=20000
    ):
        c = counts[(student_id, monday(day))]
        c[0] += 1
        c[1] += status in ABSENT
        c[2] += status == UNEXCUSED
        c[3] += status == LATE
    where = dict(Student.objects.filter(pk__in={s for s, _w in counts}).values_list("pk", "school_id"))
    groups = dict(Student.objects.filter(pk__in=where).values_list("pk", "group_id"))
    StudentWeek.objects.bulk_create(
        [
            StudentWeek(
                student_id=s,
                week=w,
                school_id=where[s],
                group_id=groups[s],
                periods=c[0],
                absent=c[1],
                unexcused=c[2],
                late=c[3],
            )
            for (s, w), c in counts.items()
        ],
        batch_size=2000,
    )


# --- grades ----------------------------------------------------------------------------------------


def grade_facts(
    results: Iterable[tuple[int, str, float]],
) -> tuple[int, float | None, float | None, float | None]:
    """(latest étape, French at its latest étape, mathematics at its latest étape, change of the average
    between the last two étapes) from one year's (étape, subject, grade)."""
    by_etape: dict[int, list[float]] = defaultdict(list)
    latest: dict[str, tuple[int, float]] = {}
    for etape, subject, grade in results:
        by_etape[etape].append(grade)
        if subject not in latest or etape > latest[subject][0]:
            latest[subject] = (etape, grade)
    averages = [sum(v) / len(v) for _e, v in sorted(by_etape.items())]
    french = latest.get(FRENCH)
    math = latest.get(MATH)
    return (
        max(by_etape) if by_etape else 0,
        french[1] if french else None,
        math[1] if math else None,
        grade_trend(averages),
    )


def refresh_grades(student_ids: Iterable[int]) -> None:
    ids = sorted(set(student_ids))
    for chunk in chunks(ids):
        results: dict[tuple[int, str], list[tuple[int, str, float]]] = defaultdict(list)
        rows = Grade.objects.filter(student_id__in=chunk).values_list(
            "student_id", "school_year", "etape", "subject", "grade"
        )
        for student_id, year, etape, subject, grade in rows:
            results[(student_id, year)].append((etape, subject, float(grade)))
        GradeFacts.objects.filter(student_id__in=chunk).delete()
        facts = []
        for (student_id, year), items in results.items():
            etape, french, math, trend = grade_facts(items)
            facts.append(
                GradeFacts(
                    student_id=student_id,
                    school_year=year,
                    latest_etape=etape,
                    french_grade=french,
                    math_grade=math,
                    grade_trend=trend,
                )
            )
        GradeFacts.objects.bulk_create(facts, batch_size=2000)


def week_rows(student_id: int, *, weeks: int = 10) -> list[Any]:
    return list(StudentWeek.objects.filter(student_id=student_id).order_by("-week")[:weeks])
