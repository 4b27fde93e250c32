"""The "Paliers et interventions" section of the 360 page (dossier d'aide particulière): the tier in
force and the interventions with their flags for the staff serving the student; the interventions for
the family. The 360 page's own access row (`students:detail`) audits the read: one row per page."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from students.access import StudentAccess
from students.sections import SUPPORT, Section
from support.models import InterventionStatus
from support.monitoring import monitor_all
from support.queries import current_tier_decisions, interventions_visible_to
from support.rules import FAMILY_REASONS, STAFF_REASONS


def support_section(user: Any, access: StudentAccess) -> Section | None:
    is_staff = access.reason in STAFF_REASONS
    if not is_staff and access.reason not in FAMILY_REASONS:
        return None  # an emergency access does not open support data
    student = access.student
    interventions = (
        interventions_visible_to(user).filter(student=student).select_related("kind", "responsible")
    )
    if not is_staff:
        interventions = interventions.filter(status=InterventionStatus.ACTIVE)
    monitors = monitor_all(interventions.order_by("status", "-start_on", "-pk"))
    if not is_staff and not monitors:
        return None
    return Section(
        key="paliers",
        compartment=SUPPORT,
        title=_("Paliers et interventions"),
        template="support/_section.html",
        context={
            "student": student,
            "is_staff": is_staff,
            "decision": current_tier_decisions().filter(student=student).first() if is_staff else None,
            "monitors": monitors,
            "can_record_tier": user.has_perm("support.record_tier", student),
            "detail_url": "support:detail" if is_staff else "support:portal_detail",
        },
    )
