"""What the plan pages show, computed once per page from the access reason (no permission query per row)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from lib import plans as logic
from plans.models import InterventionPlan, Means, Phase, PlanStatus
from plans.reminders import contact_days
from plans.rules import ALL_MEANS_REASONS, STAFF_REASONS
from students.authorizer import Reason


def steps(plan: InterventionPlan) -> list[dict[str, Any]]:
    current = logic.phase_index(plan.phase)
    return [
        {
            "code": code,
            "label": Phase(code).label,
            "number": index + 1,
            "current": index == current,
            "done": index < current,
        }
        for index, code in enumerate(logic.PHASES)
    ]


def contact_state(plan: InterventionPlan, last: dt.date | None, today: dt.date) -> dict[str, Any]:
    opened = timezone.localtime(plan.opened_at).date()
    days = contact_days()
    return {
        "last": last,
        "due": logic.contact_is_due(last, opened, today, days, closed=plan.status == PlanStatus.CLOSED),
        "due_on": logic.contact_due_on(last, opened, days),
        "days": days,
    }


def plan_context(user: Any, plan: InterventionPlan, reason: str, *, digest: str = "") -> dict[str, Any]:
    today = timezone.localdate()
    is_staff = reason in STAFF_REASONS
    runs = reason == Reason.SCHOOL and not plan.is_closed
    means_qs = Means.objects.filter(plan=plan).select_related("responsible").order_by("pk")
    if reason not in ALL_MEANS_REASONS:
        means_qs = means_qs.filter(responsible=user)
    by_objective: dict[int, list[Means]] = {}
    for m in means_qs:
        by_objective.setdefault(m.objective_id, []).append(m)
    objectives = [
        {"objective": o, "means": by_objective.get(o.pk, [])} for o in plan.objectives.select_related("need")
    ]
    contacts = list(plan.contacts.select_related("by")) if is_staff else []
    last = max((c.contacted_on for c in contacts), default=None) if is_staff else None
    objectives_count = len(objectives)
    with_means = sum(1 for row in objectives if row["means"]) if reason in ALL_MEANS_REASONS else 0
    gap = None
    if runs:
        gap = logic.phase_gap(
            plan.phase,
            has_analysis=bool(plan.strengths or plan.difficulties),
            objectives=objectives_count,
            objectives_with_means=with_means,
            reviews=plan.reviews.count(),
        )
    signatures = list(plan.signatures.select_related("guardian"))
    return {
        "plan": plan,
        "student": plan.student,
        "reason": reason,
        "steps": steps(plan),
        "needs": list(plan.needs.all()),
        "objectives": objectives,
        "all_means": reason in ALL_MEANS_REASONS,
        "participants": list(plan.participants.select_related("user", "guardian")),
        "reviews": list(plan.reviews.select_related("recorded_by")),
        "signatures": signatures,
        "current_signatures": [s for s in signatures if s.plan_version == plan.version],
        "contacts": contacts,
        "contact": contact_state(plan, last, today) if is_staff else None,
        "is_staff": is_staff,
        "runs": runs,
        "can_log_contact": is_staff and not plan.is_closed,
        "next_phase": Phase(logic.next_phase(plan.phase)).label,
        "phase_gap": gap,
        "activation_gap": logic.activation_gap(objectives=objectives_count, objectives_with_means=with_means)
        if runs
        else None,
        "digest": digest,
    }
