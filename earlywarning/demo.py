"""Early-warning data of the demo centre (see demo/histories.py for the contract).

A plausible current year, up to the last complete week (at least 8 weeks of classes, whatever the date):
each student has a fixed profile, drawn by fixed shares after a seeded shuffle — 70 % on track (about
3 % of periods missed), 15 % to watch (about 7 %), 10 % chronic absentees (about 14 %), 5 % critical
(about 25 %) — and one student in 12 whose absence climbs over the last six weeks. The student-weeks are
written directly; the period rows (`Attendance`) are written, consistent with those facts, for the last
two weeks only (a full year of rows for 2,000 students would slow `make run`; docs/reperage.md says so).

Results per étape ended (French, mathematics, English, science) follow a level and a slope per student
(one in 8 falls by 10 points or more); about 8 % of students have incidents and 1.5 % a suspension;
secondary students have last year's outcome and days absent. Then the coefficients of the last four
weeks are computed with the default set.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from core.models import ReportPeriod, SchoolYear, ServiceCentre
from earlywarning import facts, scoring
from earlywarning.imports.presences import write_rows
from earlywarning.models import (
    AbsenceSummary,
    Attendance,
    BehaviourEvent,
    Grade,
    GradeFacts,
    PastOutcome,
    RiskScore,
    Severity,
    StudentWeek,
)
from students.models import Student

BATCH = 2000
PROFILES = ((0.70, 0.03), (0.15, 0.07), (0.10, 0.14), (0.05, 0.25))  # (share, mean absence)
CLIMBING_SHARE = 1 / 12
FALLING_SHARE = 1 / 8
INCIDENT_SHARE = 0.08
SUSPENSION_SHARE = 0.015
ROW_WEEKS = 2
SCORED_WEEKS = 4
MIN_WEEKS = 8
SUBJECTS = ("francais", "mathematique", "anglais", "sciences")
EVENT_KINDS = (
    "Manquement au code de vie",
    "Retard répété",
    "Impolitesse envers un adulte",
    "Bagarre",
    "Intimidation",
)


def _periods_per_day(level: str) -> int:
    return 4 if level.startswith("S") else 5


def _weeks(year: SchoolYear, today: dt.date) -> list[dt.date]:
    first = ReportPeriod.objects.filter(school_year=year, number=1).values_list("start", flat=True).first()
    start = facts.monday(first or year.start)
    last = scoring.last_complete_week(min(max(today, start + dt.timedelta(weeks=MIN_WEEKS)), year.end))
    weeks = []
    week = start
    while week <= last:
        weeks.append(week)
        week += dt.timedelta(weeks=1)
    return weeks


def write_history(seed: int, log: Callable[[str], None], today: dt.date | None = None) -> dict[str, int]:
    from demo import geography

    centre = ServiceCentre.objects.filter(code=geography.CENTRE_CODE).first()
    year = SchoolYear.objects.filter(centre=centre, is_current=True).first() if centre else None
    if year is None:
        return {}
    rng = random.Random(f"eleve360-demo:{seed}:earlywarning")  # noqa: S311 — fiction, not secrets
    students = list(
        Student.objects.filter(school__centre=centre)
        .order_by("pk")
        .values_list("pk", "school_id", "group_id", "grade_level")
    )
    weeks = _weeks(year, today or timezone.localdate())
    order = list(range(len(students)))
    rng.shuffle(order)
    mean = np.zeros(len(students))
    start = 0
    for share, absence in PROFILES:
        count = round(share * len(students))
        for i in order[start : start + count]:
            mean[i] = absence
        start += count
    for i in order[start:]:
        mean[i] = PROFILES[0][1]
    climbing = set(order[: round(CLIMBING_SHARE * len(students))])  # among those on track
    with transaction.atomic():
        counts = _attendance(rng, students, weeks, mean, climbing)
        counts |= _grades(rng, students, year, weeks[-1], mean)
        counts |= _events_and_past(rng, students, year, weeks)
        for week in weeks[-SCORED_WEEKS:]:
            scoring.compute_week(week)
    counts["coefficients de risque"] = RiskScore.objects.filter(student__school__centre=centre).count()
    log(
        f"  repérage : {counts['semaines-élèves']} semaines-élèves, "
        f"{counts['présences par période']} présences, "
        f"{counts['résultats']} résultats, {counts['coefficients de risque']} coefficients"
    )
    return counts


def _attendance(
    rng: random.Random, students: list[Any], weeks: list[dt.date], mean: np.ndarray, climbing: set[int]
) -> dict[str, int]:
    rows, sid, day, per, sta = [], [], [], [], []
    for i, (pk, school, group, level) in enumerate(students):
        per_day = _periods_per_day(level)
        for w, week in enumerate(weeks):
            rate = mean[i]
            if i in climbing and w >= len(weeks) - 6:
                rate += 0.05 * (w - len(weeks) + 7)
            rate = min(0.9, max(0.0, rng.gauss(rate, rate / 3 + 0.005)))
            periods = 5 * per_day
            absent = min(periods, round(rate * periods))
            unexcused = round(absent * rng.choice((0.0, 0.25, 0.5)))
            late = rng.choice((0, 0, 0, 1, 2)) if absent < periods else 0
            rows.append(
                StudentWeek(
                    student_id=pk,
                    week=week,
                    school_id=school,
                    group_id=group,
                    periods=periods,
                    absent=absent,
                    unexcused=unexcused,
                    late=late,
                )
            )
            if w >= len(weeks) - ROW_WEEKS:
                statuses = [2] * unexcused + [1] * (absent - unexcused) + [3] * late
                statuses += [0] * (periods - len(statuses))
                rng.shuffle(statuses)
                for n, status in enumerate(statuses):
                    sid.append(pk)
                    day.append((week + dt.timedelta(days=n // per_day)).toordinal())
                    per.append(n % per_day + 1)
                    sta.append(status)
    StudentWeek.objects.bulk_create(rows, batch_size=BATCH)
    if sid:
        write_rows(
            np.array(sid, np.int64), np.array(day, np.int64), np.array(per, np.int64), np.array(sta, np.int64)
        )
    return {"semaines-élèves": len(rows), "présences par période": len(sid)}


def _grades(
    rng: random.Random, students: list[Any], year: SchoolYear, last_week: dt.date, mean: np.ndarray
) -> dict[str, int]:
    ended = list(
        ReportPeriod.objects.filter(school_year=year, end__lte=last_week + dt.timedelta(days=6))
        .order_by("number")
        .values_list("number", flat=True)
    )
    if not ended:
        ended = [1]
    grades = []
    for i, (pk, _school, _group, level) in enumerate(students):
        if level.startswith("M"):
            continue
        base = rng.gauss(76 - 60 * mean[i], 9)
        slope = -rng.uniform(6, 12) if rng.random() < FALLING_SHARE else rng.gauss(0, 2.5)
        subjects = SUBJECTS if level.startswith("S") else SUBJECTS[:3]
        for etape in ended:
            for subject in subjects:
                value = (
                    base + slope * (etape - 1) + rng.gauss(0, 4) + (-3 if subject == "mathematique" else 0)
                )
                grades.append(
                    Grade(
                        student_id=pk,
                        school_year=year.label,
                        etape=etape,
                        subject=subject,
                        grade=round(min(100.0, max(20.0, value)), 1),
                    )
                )
    Grade.objects.bulk_create(grades, batch_size=BATCH)
    facts.refresh_grades(pk for pk, *_rest in students)
    return {"résultats": len(grades)}


def _events_and_past(
    rng: random.Random, students: list[Any], year: SchoolYear, weeks: list[dt.date]
) -> dict[str, int]:
    events, outcomes, absences = [], [], []
    ids = [s[0] for s in students]
    with_events = set(rng.sample(ids, round(INCIDENT_SHARE * len(ids))))
    suspended = set(rng.sample(sorted(with_events), round(SUSPENSION_SHARE * len(ids))))
    first, second = (int(p) for p in year.label.split("-"))
    previous = f"{first - 1}-{second - 1}"
    for pk, _school, _group, level in students:
        if pk in with_events:
            days = rng.sample(range(len(weeks) * 5), min(len(weeks) * 5, rng.randint(1, 4)))
            for n, d in enumerate(sorted(days)):
                serious = pk in suspended and n == 0
                events.append(
                    BehaviourEvent(
                        student_id=pk,
                        date=weeks[d // 5] + dt.timedelta(days=d % 5),
                        kind=rng.choice(EVENT_KINDS[3:] if serious else EVENT_KINDS[:3]),
                        severity=Severity.MAJOR
                        if serious
                        else rng.choice((Severity.MINOR, Severity.MODERATE)),
                        suspension_days=rng.choice((1, 2, 3)) if serious else 0,
                    )
                )
        if level.startswith("S") and level != "S1":
            roll = rng.random()
            outcome = "decrochage" if roll < 0.02 else "echec" if roll < 0.09 else "reussite"
            outcomes.append(PastOutcome(student_id=pk, school_year=previous, outcome=outcome))
            absent = round(rng.uniform(2, 14) if outcome == "reussite" else rng.uniform(12, 40), 1)
            absences.append(
                AbsenceSummary(
                    student_id=pk, school_year=previous, etape=0, days_absent=absent, school_days=180
                )
            )
    BehaviourEvent.objects.bulk_create(events, batch_size=BATCH, ignore_conflicts=True)
    PastOutcome.objects.bulk_create(outcomes, batch_size=BATCH)
    AbsenceSummary.objects.bulk_create(absences, batch_size=BATCH)
    return {"manquements et incidents": len(events), "issues passées": len(outcomes)}


def delete_for(students: Any, users: Any) -> int:
    ids = list(students.values_list("pk", flat=True))
    deleted = 0
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        for model in (
            RiskScore,
            StudentWeek,
            GradeFacts,
            Grade,
            BehaviourEvent,
            PastOutcome,
            AbsenceSummary,
            Attendance,
        ):
            deleted += model.objects.filter(student_id__in=chunk).delete()[0]
    return deleted
