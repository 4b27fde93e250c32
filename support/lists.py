"""The lists of tiers and interventions: the school list of the staff and the manager's counts. A few
queries per page whatever the number of students (no query per row)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from support.models import Intervention, InterventionStatus, TierDecision
from support.monitoring import Monitoring, monitor_all
from support.queries import current_tier_decisions, interventions_visible_to, staff_students

SMALL_CELL = 5  # counts under 5 are shown as "< 5" to the manager: a small number can name a student


@dataclass
class StudentRow:
    student: Any
    decision: TierDecision | None = None
    monitors: list[Monitoring] = field(default_factory=list)

    @property
    def tier(self) -> int | None:
        return self.decision.tier if self.decision else None

    @property
    def points_due(self) -> int:
        return sum(1 for m in self.monitors if m.point_due)

    @property
    def decisions_due(self) -> int:
        return sum(1 for m in self.monitors if m.decision_due)

    @property
    def to_do(self) -> bool:
        return bool(self.points_due or self.decisions_due)


def school_rows(
    user: Any, *, tier: int | None = None, only_due: bool = False, today: dt.date
) -> list[StudentRow]:
    """Students with a tier decision in force or an active intervention this user sees, those with
    something to do (a point or a decision due) first, then by tier (3 first) and name."""
    students = staff_students(user).values("pk")
    rows: dict[int, StudentRow] = {}
    decisions = (
        current_tier_decisions()
        .filter(student__in=students)
        .select_related("student__school", "student__group", "decided_by")
    )
    for decision in decisions:
        rows[decision.student_id] = StudentRow(decision.student, decision)
    active = (
        interventions_visible_to(user)
        .filter(status=InterventionStatus.ACTIVE)
        .select_related("student__school", "student__group", "kind", "responsible")
        .order_by("start_on", "pk")
    )
    for monitoring in monitor_all(active, today):
        student = monitoring.intervention.student
        rows.setdefault(student.pk, StudentRow(student)).monitors.append(monitoring)
    found = list(rows.values())
    if tier is not None:
        found = [r for r in found if r.tier == tier]
    if only_due:
        found = [r for r in found if r.to_do]
    found.sort(
        key=lambda r: (not r.to_do, -(r.tier or 0), r.student.last_name, r.student.first_name, r.student.pk)
    )
    return found


def _cell(n: int) -> str:
    return str(n) if n == 0 or n >= SMALL_CELL else f"< {SMALL_CELL}"


def centre_counts(centre_id: int | None) -> list[dict[str, Any]]:
    """Per school of the centre: students in each tier, active interventions. No name, no student id."""
    from core.models import School

    if centre_id is None:
        return []
    by_school: dict[int, dict[str, int]] = defaultdict(lambda: {"1": 0, "2": 0, "3": 0, "active": 0})
    tiers = (
        current_tier_decisions()
        .filter(student__school__centre_id=centre_id)
        .values("student__school_id", "tier")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in tiers:
        by_school[row["student__school_id"]][str(row["tier"])] = row["n"]
    active = (
        Intervention.objects.filter(status=InterventionStatus.ACTIVE, student__school__centre_id=centre_id)
        .values("student__school_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in active:
        by_school[row["student__school_id"]]["active"] = row["n"]
    schools = School.objects.filter(pk__in=list(by_school)).order_by("name")
    return [
        {
            "school": school,
            "tier1": _cell(by_school[school.pk]["1"]),
            "tier2": _cell(by_school[school.pk]["2"]),
            "tier3": _cell(by_school[school.pk]["3"]),
            "active": _cell(by_school[school.pk]["active"]),
        }
        for school in schools
    ]
