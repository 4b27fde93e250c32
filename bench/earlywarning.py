"""Early warning at the scale of a service centre. Prints one JSON object.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python bench/earlywarning.py --students 100000

It builds a centre of N students in a fresh database (bench/benchdb.py) and a full school year of
period-level attendance (33 weeks × 5 days × 6 periods: 990 rows a student), then measures:

- `backfill_rows_per_s`: the year loaded week by week through the product's bulk path
  (`earlywarning.imports.presences.load`: compared with what is stored, binary COPY into the
  partitioned table, student-week facts counted);
- `copy_rows_per_s`: a raw binary COPY of the same rows into an unindexed, unpartitioned table, in the
  same run; `ratio_to_copy` is the first over the second (target ≥ 0.5);
- `weekly_import_s`: one new week for everyone as a CSV file through the real import (read, checked
  line by line, compared, written, facts refreshed, audited);
- `recompute_s`: the coefficients of every student for that week (`earlywarning.scoring.compute_week`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from typing import Any

import benchdb
import numpy as np

benchdb.BENCH_DATABASE = "eleve360_bench_earlywarning"  # its own scratch database: benches run side by side
YEAR = "2025-2026"
FIRST_MONDAY = dt.date(2025, 9, 1)
WEEKS = 33
PERIODS = 6
PER_SCHOOL = 800
PER_GROUP = 30


def build_centre(n: int) -> np.ndarray:
    from core.models import School, SchoolYear, ServiceCentre
    from students.models import Group, Student

    centre = ServiceCentre.objects.create(name="CSS du Banc d'essai", code="BENCH", region="Montérégie")
    year = SchoolYear.objects.create(
        centre=centre, label=YEAR, start=dt.date(2025, 7, 1), end=dt.date(2026, 6, 30), is_current=True
    )
    schools = School.objects.bulk_create(
        School(centre=centre, ministry_code=f"9{i:05d}", name=f"École {i}", level="secondary")
        for i in range(max(1, n // PER_SCHOOL))
    )
    groups = Group.objects.bulk_create(
        Group(school=schools[i % len(schools)], school_year=year, code=f"{i // len(schools):03d}")
        for i in range(max(1, n // PER_GROUP))
    )
    rng = np.random.default_rng(7)
    levels = rng.integers(1, 6, n)
    students = []
    for i in range(n):
        group = groups[i % len(groups)]
        students.append(
            Student(
                code_permanent=f"BENC{i:08d}",
                last_name="Élève",
                first_name=f"N{i}",
                birth_date=dt.date(2013 - int(levels[i]) - (i % 10 == 0), 1 + i % 12, 1 + i % 28),
                sex="FMX"[i % 3],
                school_id=group.school_id,
                grade_level=f"S{levels[i]}",
                group=group,
                years_repeated=int(i % 17 == 0),
            )
        )
    Student.objects.bulk_create(students, batch_size=5000)
    return np.array(Student.objects.order_by("pk").values_list("pk", flat=True), np.int64)


def week_rows(ids: np.ndarray, week: int) -> tuple[np.ndarray, ...]:
    """One week of rows for everyone, the same for every call with the same week."""
    rng = np.random.default_rng(1000 + week)
    n, per_student = len(ids), 5 * PERIODS
    propensity = np.random.default_rng(99).beta(1.2, 18, n)  # each student's absence, fixed for the year
    student = np.repeat(ids, per_student)
    slot = np.tile(np.arange(per_student), n)
    ordinal = (FIRST_MONDAY + dt.timedelta(weeks=week)).toordinal() + slot // PERIODS
    period = slot % PERIODS + 1
    roll = rng.random(n * per_student)
    absent = roll < np.repeat(propensity, per_student)
    status = np.where(absent, np.where(rng.random(n * per_student) < 0.3, 2, 1), 0)
    status = np.where(~absent & (roll > 0.98), 3, status)
    return student, ordinal.astype(np.int64), period.astype(np.int64), status.astype(np.int64)


def raw_copy(ids: np.ndarray) -> float:
    from django.db import connection, transaction

    from earlywarning.imports import pgcopy

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_raw_copy (student_id integer, date date, period smallint, status smallint)"
        )
    elapsed = 0.0
    for week in range(WEEKS):
        rows = week_rows(ids, week)
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            pgcopy.copy_in(cursor, "bench_raw_copy", pgcopy.encode(*rows))
        elapsed += time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_raw_copy")
    return elapsed


def backfill(ids: np.ndarray) -> float:
    from django.db import transaction

    from earlywarning.imports.presences import load

    elapsed = 0.0
    for week in range(WEEKS):
        rows = week_rows(ids, week)
        started = time.perf_counter()
        with transaction.atomic():
            load(*rows)
        elapsed += time.perf_counter() - started
    return elapsed


def weekly_csv(ids: np.ndarray, codes: dict[int, str]) -> bytes:
    student, ordinal, period, status = week_rows(ids, WEEKS)
    words = np.array(["présent", "absent motivé", "absent non motivé", "retard"])
    days = {o: dt.date.fromordinal(o).strftime("%d/%m/%Y") for o in np.unique(ordinal).tolist()}
    lines = ["code_permanent;date;periode;statut"]
    lines += [
        f"{codes[s]};{days[o]};{p};{w}"
        for s, o, p, w in zip(
            student.tolist(), ordinal.tolist(), period.tolist(), words[status].tolist(), strict=True
        )
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--students", type=int, default=10_000)
    args = parser.parse_args()
    with benchdb.bench_database("earlywarning") as database:
        from django.db import connection

        from earlywarning import scoring
        from earlywarning.imports import presences
        from earlywarning.models import StudentWeek
        from students.models import Student

        ids = build_centre(args.students)
        rows_per_week = len(ids) * 5 * PERIODS
        year_rows = rows_per_week * WEEKS
        copy_s = raw_copy(ids) if database == "postgresql" else float("nan")
        backfill_s = backfill(ids)
        if database == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        codes = dict(Student.objects.values_list("pk", "code_permanent"))
        data = weekly_csv(ids, codes)
        today = dt.date(2026, 6, 30)
        began = time.perf_counter()
        plan = presences.plan_file(data, today=today)
        read_s = time.perf_counter() - began
        assert plan.is_valid, plan.errors[:5]
        presences.apply_plan(None, plan, source="bench")
        weekly_s = time.perf_counter() - began
        week = FIRST_MONDAY + dt.timedelta(weeks=WEEKS)
        started = time.perf_counter()
        scored = scoring.compute_week(week)
        recompute_s = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM earlywarning_attendance")
            stored = cursor.fetchone()[0]
        figures: dict[str, Any] = {
            "database": database,
            "students": len(ids),
            "attendance_rows": stored,
            "rows_per_student": round(stored / len(ids)),
            "backfill_rows_per_s": round(year_rows / backfill_s),
            "copy_rows_per_s": round(year_rows / copy_s) if copy_s == copy_s else None,
            "ratio_to_copy": round(copy_s / backfill_s, 2) if copy_s == copy_s else None,
            "weekly_rows": rows_per_week,
            "weekly_import_s": round(weekly_s, 2),
            "weekly_read_and_check_s": round(read_s, 2),
            "recompute_s": round(recompute_s, 2),
            "scored": scored,
            "student_weeks": StudentWeek.objects.count(),
        }
        assert figures["student_weeks"] == len(ids) * (WEEKS + 1)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
