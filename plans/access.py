"""The one access helper of a plan: the plan and why the user may read it, the read audited; else 404."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from core.audit import log_access
from plans.models import InterventionPlan
from plans.queries import plans_visible_to
from plans.rules import plan_reason


@dataclass(frozen=True)
class PlanAccess:
    plan: InterventionPlan
    reason: str


def get_plan_for(user: Any, plan_id: Any, *, view: str, audit: bool = True) -> PlanAccess:
    """Missing and forbidden give the same 404. With `audit`, the read is written with its reason."""
    try:
        plan = (
            plans_visible_to(user)
            .select_related(
                "student__school", "student__group", "school_year", "opened_by", "contact_responsible"
            )
            .get(pk=int(plan_id))
        )
    except (InterventionPlan.DoesNotExist, TypeError, ValueError):
        raise Http404("Plan d'intervention introuvable") from None
    reason = plan_reason(user, plan)
    if reason is None:  # the queryset and the rules disagree: deny, never guess
        raise Http404("Plan d'intervention introuvable")
    if audit:
        log_access(user, plan, reason=reason, view=view, student_id=plan.student_id)
    return PlanAccess(plan=plan, reason=reason)
