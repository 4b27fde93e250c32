"""Columns of the class portrait's student table. A capability registers a column provider that
receives the scope and the ids of the group's students and returns one value per student, in one or two
set-based queries (never one per student). Attendance and results come from early warning (pending)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from insights.panels import Scope

ColumnProvider = Callable[[Scope, list[int]], dict[int, Any]]


@dataclass(frozen=True)
class Column:
    key: str
    title: Any  # lazy translation
    provider: ColumnProvider
    order: int


_columns: dict[str, Column] = {}


def register_column(key: str, title: Any, order: int = 100) -> Callable[[ColumnProvider], ColumnProvider]:
    def wrap(provider: ColumnProvider) -> ColumnProvider:
        _columns[key] = Column(key, title, provider, order)
        return provider

    return wrap


def columns() -> list[Column]:
    return sorted(_columns.values(), key=lambda c: (c.order, c.key))


@register_column("support.tier", gettext_lazy("Palier"), order=30)
def tier(scope: Scope, ids: list[int]) -> dict[int, Any]:
    from support.queries import current_tier_decisions

    return dict(current_tier_decisions().filter(student_id__in=ids).values_list("student_id", "tier"))


@register_column("intake.open_requests", gettext_lazy("Demandes en cours"), order=40)
def open_requests(scope: Scope, ids: list[int]) -> dict[int, Any]:
    from intake.models import OPEN_STATUSES, ServiceRequest

    found: dict[int, list[str]] = defaultdict(list)
    for student_id, domain in (
        ServiceRequest.objects.filter(student_id__in=ids, status__in=OPEN_STATUSES)
        .values_list("student_id", "domain__name")
        .order_by("domain__name")
    ):
        found[student_id].append(domain)
    return {k: ", ".join(v) for k, v in found.items()}


@register_column("plans.active", gettext_lazy("Plan d'intervention"), order=50)
def plan(scope: Scope, ids: list[int]) -> dict[int, Any]:
    from plans.models import InterventionPlan, PlanStatus

    rows = InterventionPlan.objects.filter(student_id__in=ids, status=PlanStatus.ACTIVE).values_list(
        "student_id", "next_review_on"
    )
    late = _("actif, révision en retard")
    return {sid: (late if review and review < scope.today else _("actif")) for sid, review in rows}


@register_column("insights.observations", gettext_lazy("Observations (période)"), order=60)
def observations(scope: Scope, ids: list[int]) -> dict[int, Any]:
    from insights.models import Observation

    rows = (
        Observation.objects.filter(
            student_id__in=ids, observed_on__gte=scope.filters.start, observed_on__lte=scope.filters.end
        )
        .values("student_id")
        .annotate(n=Count("pk"), last=Max("observed_on"))
        .order_by()
    )
    return {r["student_id"]: f"{r['n']} ({r['last']:%Y-%m-%d})" for r in rows}
