"""Tiers in force (support): students by tier, by school from the centre, by grade level in a school;
plans d'intervention (plans): active, reviewed on time, late, by school or grade level."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from insights.panels import CENTRE, SCHOOL, Panel, Scope, register
from insights.providers.common import bar
from plans.models import InterventionPlan, PlanStatus
from students.models import GradeLevel, Student
from support.models import Intervention, InterventionStatus
from support.queries import current_tier_decisions


def _axis(scope: Scope) -> tuple[str, str]:
    """What the rows are: schools from the centre, grade levels in a school."""
    if scope.kind == CENTRE:
        return "school__name", _("École")
    return "grade_level", _("Niveau")


def _label(field: str, value: Any) -> str:
    if field == "grade_level":
        try:
            return str(GradeLevel(value).label)
        except ValueError:
            return str(value)
    return str(value)


@register("support.tiers", (CENTRE, SCHOOL), order=30)
def tiers(scope: Scope) -> Panel:
    field, heading = _axis(scope)
    students = dict(
        Student.objects.filter(scope.students_q(""))
        .values_list(field)
        .annotate(n=Count("pk"))
        .values_list(field, "n")
        .order_by()
    )
    counts: dict[Any, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for r in (
        current_tier_decisions()
        .filter(scope.students_q())
        .values(f"student__{field}", "tier")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[r[f"student__{field}"]][r["tier"]] += r["n"]
    active = dict(
        Intervention.objects.filter(scope.students_q(), status=InterventionStatus.ACTIVE)
        .values_list(f"student__{field}")
        .annotate(n=Count("pk"))
        .values_list(f"student__{field}", "n")
        .order_by()
    )
    table = []
    for key in sorted(students):
        c = counts.get(key, {})
        decided = sum(c.values())
        table.append(
            [
                _label(field, key),
                scope.count(students[key]),
                scope.count(students[key] - decided),
                scope.count(c.get(1, 0)),
                scope.count(c.get(2, 0)),
                scope.count(c.get(3, 0)),
                scope.count(active.get(key, 0)),
            ]
        )
    columns = [
        heading,
        _("Élèves"),
        _("Sans décision de palier"),
        _("Palier 1"),
        _("Palier 2"),
        _("Palier 3"),
        _("Interventions en cours"),
    ]
    return Panel(
        key="support.tiers",
        title=_("Élèves par palier en vigueur"),
        description=_("Le palier de la dernière décision de l'équipe pour chaque élève."),
        columns=columns,
        rows=table,
        chart=bar(
            [r[0] for r in table], [(columns[j], [r[j] for r in table]) for j in (3, 4, 5)], stacked=True
        ),
    )


@register("plans.active", (CENTRE, SCHOOL), order=31)
def plans(scope: Scope) -> Panel:
    field, heading = _axis(scope)
    today = scope.today
    rows = (
        InterventionPlan.objects.filter(scope.students_q(), status__in=[PlanStatus.ACTIVE, PlanStatus.DRAFT])
        .values(f"student__{field}")
        .annotate(
            draft=Count("pk", filter=Q(status=PlanStatus.DRAFT)),
            active=Count("pk", filter=Q(status=PlanStatus.ACTIVE)),
            late=Count("pk", filter=Q(status=PlanStatus.ACTIVE, next_review_on__lt=today)),
        )
        .order_by(f"student__{field}")
    )
    table = []
    for r in rows:
        on_time = r["active"] - r["late"]
        table.append(
            [
                _label(field, r[f"student__{field}"]),
                scope.count(r["draft"]),
                scope.count(r["active"]),
                scope.count(on_time),
                scope.count(r["late"]),
            ]
        )
    columns = [heading, _("En préparation"), _("Actifs"), _("Révision à temps"), _("Révision en retard")]
    return Panel(
        key="plans.active",
        title=_("Plans d'intervention actifs et révisés à temps"),
        description=_("Un plan actif est en retard quand sa date de prochaine révision est passée."),
        columns=columns,
        rows=table,
        chart=bar(
            [r[0] for r in table],
            [(columns[3], [r[3] for r in table]), (columns[4], [r[4] for r in table])],
            stacked=True,
        ),
    )
