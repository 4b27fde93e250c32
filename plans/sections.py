"""The "Plan d'intervention" section of the 360 page: the plan in force (or in preparation) with a link,
and for the principal of the school a button to open one."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core.models import Role
from plans.models import PlanStatus
from plans.queries import plans_visible_to
from plans.reminders import is_due, with_last_contact
from plans.rules import STAFF_REASONS
from students.access import StudentAccess
from students.sections import SUPPORT, Section

FAMILY_ROLES = (Role.GUARDIAN, Role.STUDENT)


def plans_section(user: Any, access: StudentAccess) -> Section | None:
    role = getattr(user, "role", "")
    is_staff = access.reason in STAFF_REASONS
    if not is_staff and role not in FAMILY_ROLES:
        return None  # an emergency access does not open the plan
    plans = list(
        with_last_contact(plans_visible_to(user).filter(student=access.student))
        .select_related("school_year")
        .order_by("-opened_at", "-pk")
    )
    if not plans and not is_staff:
        return None
    current = next((p for p in plans if p.status == PlanStatus.ACTIVE), None) or next(
        (p for p in plans if p.status == PlanStatus.DRAFT), None
    )
    summary = None
    if current is not None:
        summary = {
            "plan": current,
            "objectives": current.objectives.count(),
            "due": is_staff and is_due(current),
            "url_name": "plans:portal_plan" if role in FAMILY_ROLES else "plans:detail",
        }
    return Section(
        key="plan-intervention",
        compartment=SUPPORT,
        title=_("Plan d'intervention"),
        template="plans/_section.html",
        context={
            "student": access.student,
            "summary": summary,
            "others": [p for p in plans if p is not current],
            "can_open": current is None and user.has_perm("plans.open", access.student),
            "is_family": role in FAMILY_ROLES,
        },
    )
