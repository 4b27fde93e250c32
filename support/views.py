"""Pages of tiers and interventions that read: the school list, a student's tiers and interventions, an
intervention with its chart and table, the family portal and the manager's counts. Thin: reads through
`support.queries` and `support.access`, every read of a student's support data audited. Forms that
change something: views_forms.py.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from core.models import Role
from support.access import get_intervention_for, get_support_student_for
from support.audit import log_list_read
from support.lists import centre_counts, school_rows
from support.models import Tier, TierDecision
from support.monitoring import monitor, monitor_all
from support.queries import FAMILY_ROLES, decisions_visible_to, interventions_visible_to

TIER_FILTERS = {"1": 1, "2": 2, "3": 3}


@login_required
def school_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.role in FAMILY_ROLES:
        return redirect("support:portal")
    if user.role == Role.MANAGER:
        return redirect("support:counts")
    if not user.has_perm("support.list"):
        raise PermissionDenied
    tier = TIER_FILTERS.get(request.GET.get("palier", ""))
    only_due = request.GET.get("a-faire") == "1"
    rows = school_rows(user, tier=tier, only_due=only_due, today=timezone.localdate())
    log_list_read(user, [r.student for r in rows], view="support:list")
    context = {
        "rows": rows,
        "tier": tier,
        "only_due": only_due,
        "tiers": Tier.choices,
        "to_do": sum(1 for r in rows if r.to_do),
        "is_principal": user.role == Role.PRINCIPAL,
    }
    return render(request, "support/list.html", context)


@login_required
def student_page(request: HttpRequest, student_id: int) -> HttpResponse:
    user: Any = request.user
    access = get_support_student_for(user, student_id, view="support:student")
    student = access.student
    history = list(TierDecision.objects.filter(student=student).select_related("decided_by"))
    interventions = (
        interventions_visible_to(user).filter(student=student).select_related("kind", "responsible")
    )
    context = {
        "student": student,
        "current": history[0] if history else None,  # newest first: the one in force
        "history": history,
        "monitors": monitor_all(interventions.order_by("status", "-start_on", "-pk")),
        "can_record_tier": user.has_perm("support.record_tier", student),
        "can_start": user.has_perm("support.start", student),
    }
    return render(request, "support/student.html", context)


def _detail_context(user: Any, access: Any) -> dict[str, Any]:
    intervention = access.intervention
    monitoring = monitor(intervention)
    return {
        "intervention": intervention,
        "student": intervention.student,
        "m": monitoring,
        "rows": monitoring.rows(),
        "chart": monitoring.chart(),
        "is_staff": access.is_staff,
        "decisions": list(
            decisions_visible_to(user).filter(intervention=intervention).select_related("decided_by")
        ),
        "can_add_point": user.has_perm("support.add_point", intervention),
        "can_decide": user.has_perm("support.decide", intervention),
    }


@login_required
def intervention_detail(request: HttpRequest, intervention_id: int) -> HttpResponse:
    user: Any = request.user
    if user.role in FAMILY_ROLES:  # the family reads in the portal (audited there)
        found = get_intervention_for(user, intervention_id, view="support:detail", audit=False)
        return redirect("support:portal_detail", intervention_id=found.intervention.pk)
    access = get_intervention_for(user, intervention_id, view="support:detail")
    return render(request, "support/detail.html", _detail_context(user, access))


@login_required
def portal(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.role not in FAMILY_ROLES:
        raise PermissionDenied
    interventions = (
        interventions_visible_to(user)
        .select_related("student", "kind", "responsible")
        .order_by("student__first_name", "status", "-start_on", "-pk")
    )
    monitors = monitor_all(interventions)
    log_list_read(user, [m.intervention.student for m in monitors], view="support:portal")
    return render(request, "support/portal.html", {"monitors": monitors})


@login_required
def portal_detail(request: HttpRequest, intervention_id: int) -> HttpResponse:
    user: Any = request.user
    if user.role not in FAMILY_ROLES:
        found = get_intervention_for(user, intervention_id, view="support:portal_detail", audit=False)
        return redirect("support:detail", intervention_id=found.intervention.pk)
    access = get_intervention_for(user, intervention_id, view="support:portal_detail")
    return render(request, "support/portal_detail.html", _detail_context(user, access))


@login_required
def counts(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.has_perm("support.view_counts"):
        raise PermissionDenied
    return render(request, "support/counts.html", {"rows": centre_counts(user.centre_id)})
