"""Weekly attendance portraits, from the student-week facts: per school and per group, the absence rate
of the week and its trend, the chronic absentees, the students newly over the threshold and those with
high recent absence and no follow-up recorded (a tier decision in force or an intervention under way,
in `support`).

Scope: a principal, their schools and the groups of those schools; a teacher, their groups; the manager,
every school of the centre with counts only, a count under 5 hidden (« moins de 5 »).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Q, Sum

from core.models import Role, School
from earlywarning.facts import monday
from earlywarning.models import StudentWeek
from earlywarning.queries import role_of, students_for
from lib.schoolyear import school_year_bounds, school_year_label
from students.models import Group, Student
from support.models import Intervention, InterventionStatus
from support.queries import current_tier_decisions

CHRONIC = 10.0  # % of periods missed since the start of the year (domain notes §7)
RECENT_HIGH = 10.0  # % missed over the last 4 weeks, or more
TREND_WEEKS = 8
SMALL = 5


@dataclass
class StudentLine:
    student: Any
    year_absence: float
    recent_absence: float


@dataclass
class Unit:
    key: str
    label: str
    weeks: list[float | None]
    rate: float | None = None  # absence rate of the week (%)
    trend: float | None = None  # change in points from the mean of the weeks before
    chronic: list[StudentLine] = field(default_factory=list)
    new: list[StudentLine] = field(default_factory=list)
    unfollowed: list[StudentLine] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def shown(count: int, *, hide: bool) -> str:
    return "< 5" if hide and 0 < count < SMALL else str(count)


def latest_week() -> dt.date | None:
    return StudentWeek.objects.aggregate(w=Max("week"))["w"]


def _rate(periods: int | None, absent: int | None) -> float | None:
    return round(100 * (absent or 0) / periods, 1) if periods else None


def scope(user: Any) -> tuple[str, Q, list[tuple[str, str, Q]]]:
    """(kind, filter of the student-weeks in scope, units as (key, label, filter))."""
    role = role_of(user)
    if role == Role.MANAGER and user.centre_id:
        schools = list(School.objects.filter(centre_id=user.centre_id).order_by("name"))
        return (
            "centre",
            Q(school_id__in=[s.pk for s in schools]),
            [(f"s{s.pk}", s.name, Q(school_id=s.pk)) for s in schools],
        )
    if role == Role.PRINCIPAL:
        ids = set(students_for(user).values_list("school_id", flat=True).distinct())
        schools = list(School.objects.filter(pk__in=ids).order_by("name"))
        groups = list(
            Group.objects.filter(school__in=schools, school_year__is_current=True).order_by(
                "school__name", "code"
            )
        )
        units = [(f"s{s.pk}", s.name, Q(school_id=s.pk)) for s in schools]
        units += [(f"g{g.pk}", f"{g.school.name} · {g.code}", Q(group_id=g.pk)) for g in groups]
        return "school", Q(school_id__in=[s.pk for s in schools]), units
    if role == Role.TEACHER:
        groups = list(Group.objects.filter(teachers=user).select_related("school").order_by("code"))
        units = [(f"g{g.pk}", f"{g.school.name} · {g.code}", Q(group_id=g.pk)) for g in groups]
        return "group", Q(group_id__in=[g.pk for g in groups]), units
    return "none", Q(pk__in=[]), []


def build(user: Any, week: dt.date) -> tuple[str, list[dt.date], list[Unit]]:
    kind, in_scope, specs = scope(user)
    week = monday(week)
    weeks = [week - dt.timedelta(weeks=i) for i in range(TREND_WEEKS - 1, -1, -1)]
    year_start, _end = school_year_bounds(school_year_label(week))
    base = StudentWeek.objects.filter(in_scope)
    units = []
    for key, label, q in specs:
        rows = base.filter(q, week__in=weeks).values("week").annotate(p=Sum("periods"), a=Sum("absent"))
        by_week = {r["week"]: _rate(r["p"], r["a"]) for r in rows}
        series = [by_week.get(w) for w in weeks]
        before = [r for r in series[-5:-1] if r is not None]
        unit = Unit(key=key, label=label, weeks=series, rate=series[-1])
        if unit.rate is not None and before:
            unit.trend = round(unit.rate - sum(before) / len(before), 1)
        units.append(unit)
    _students(user, kind, base, specs, units, week, year_start)
    return kind, weeks, units


def _students(
    user: Any, kind: str, base: Any, specs: list[Any], units: list[Unit], week: dt.date, year_start: dt.date
) -> None:
    previous = week - dt.timedelta(weeks=1)
    recent = week - dt.timedelta(weeks=3)
    rows = (
        base.filter(week__range=(year_start, week))
        .values("student_id")
        .annotate(
            p=Sum("periods"),
            a=Sum("absent"),
            pp=Sum("periods", filter=Q(week__lte=previous)),
            ap=Sum("absent", filter=Q(week__lte=previous)),
            pr=Sum("periods", filter=Q(week__gte=recent)),
            ar=Sum("absent", filter=Q(week__gte=recent)),
            school=Max("school_id", filter=Q(week=week)),
            group=Max("group_id", filter=Q(week=week)),
        )
    )
    stats = {}
    for r in rows:
        if r["school"] is None:
            continue  # no attendance this week: not in this week's portrait
        year, before, last4 = _rate(r["p"], r["a"]), _rate(r["pp"], r["ap"]), _rate(r["pr"], r["ar"])
        stats[r["student_id"]] = (r["school"], r["group"], year or 0.0, before, last4 or 0.0)
    ids = list(stats)
    followed = set(current_tier_decisions().filter(student_id__in=ids).values_list("student_id", flat=True))
    followed |= set(
        Intervention.objects.filter(student_id__in=ids, status=InterventionStatus.ACTIVE).values_list(
            "student_id", flat=True
        )
    )
    named = kind in ("school", "group")
    students = {s.pk: s for s in students_for(user).filter(pk__in=ids)} if named else {}
    by_unit: dict[str, list[tuple[str, StudentLine]]] = defaultdict(list)
    for sid, (school, group, year, before, last4) in stats.items():
        line = StudentLine(students.get(sid, sid), year, last4)
        tags = []
        if year > CHRONIC:
            tags.append("chronic")
            if before is not None and before <= CHRONIC:
                tags.append("new")
        if last4 >= RECENT_HIGH and sid not in followed:
            tags.append("unfollowed")
        for tag in tags:
            by_unit[f"s{school}"].append((tag, line))
            if group is not None:
                by_unit[f"g{group}"].append((tag, line))
    for unit in units:
        for tag, line in by_unit.get(unit.key, []):
            if named and isinstance(line.student, Student):
                getattr(unit, tag).append(line)
            unit.counts[tag] = unit.counts.get(tag, 0) + 1
        for tag in ("chronic", "new", "unfollowed"):
            getattr(unit, tag).sort(key=lambda item: -item.year_absence)
            unit.counts.setdefault(tag, 0)
