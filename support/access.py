"""The access helpers of support data: the object and why the user may read it, the read audited;
else a 404 identical for missing and forbidden."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from core.audit import log_access
from students.access import StudentAccess, get_student_for
from support.models import Intervention
from support.queries import interventions_visible_to
from support.rules import STAFF_REASONS, intervention_reason


@dataclass(frozen=True)
class InterventionAccess:
    intervention: Intervention
    reason: str

    @property
    def is_staff(self) -> bool:
        return self.reason in STAFF_REASONS


def get_intervention_for(
    user: Any, intervention_id: Any, *, view: str, audit: bool = True
) -> InterventionAccess:
    try:
        intervention = (
            interventions_visible_to(user)
            .select_related("student__school", "student__group", "kind", "responsible", "plan")
            .get(pk=int(intervention_id))
        )
    except (Intervention.DoesNotExist, TypeError, ValueError):
        raise Http404("Intervention introuvable") from None
    reason = intervention_reason(user, intervention)
    if reason is None:  # the queryset and the rules disagree: deny, never guess
        raise Http404("Intervention introuvable")
    if audit:
        log_access(user, intervention, reason=reason, view=view, student_id=intervention.student_id)
    return InterventionAccess(intervention=intervention, reason=reason)


def get_support_student_for(user: Any, student_id: Any, *, view: str) -> StudentAccess:
    """A student whose tiers this staff member sees (school, group, caseload), the read audited; else 404."""
    access = get_student_for(user, student_id, view=view, audit=False)
    if access.reason not in STAFF_REASONS:
        raise Http404("Élève introuvable")
    log_access(user, access.student, reason=access.reason, view=view)
    return access
