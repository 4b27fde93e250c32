"""The "Repérage" section of the 360 page (dossier d'aide particulière): the latest coefficient with the
criteria that fired and their values, for the staff serving the student. Families never see it. The 360
page's own access row audits the read."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from earlywarning import explain
from earlywarning.criteria import criteria_set_of
from earlywarning.models import RiskScore
from earlywarning.rules import STAFF_REASONS
from students.access import StudentAccess
from students.sections import SUPPORT, Section


def warning_section(user: Any, access: StudentAccess) -> Section | None:
    if access.reason not in STAFF_REASONS:
        return None  # guardians, the student, an emergency access: never a coefficient
    score = (
        RiskScore.objects.visible_to(user)
        .filter(student=access.student, criteria_set=criteria_set_of())
        .select_related("criteria_set")
        .order_by("-week")
        .first()
    )
    return Section(
        key="reperage",
        compartment=SUPPORT,
        title=_("Repérage"),
        template="earlywarning/_section.html",
        context={
            "student": access.student,
            "score": score,
            "reasons": explain.fired_reasons(score) if score else [],
        },
    )
