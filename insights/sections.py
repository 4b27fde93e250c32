"""The "Observations en classe" section of the 360 page (dossier d'aide particulière): the teachers'
dated observations, read by the staff serving the student. The 360 page's own access row audits the
read."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from insights.models import Observation
from insights.rules import READ_OBSERVATIONS
from students.access import StudentAccess
from students.sections import SUPPORT, Section

SHOWN = 10


def observations_section(user: Any, access: StudentAccess) -> Section | None:
    if access.reason not in READ_OBSERVATIONS:
        return None
    student = access.student
    found = list(Observation.objects.filter(student=student).select_related("author")[: SHOWN + 1])
    can_add = user.has_perm("insights.add_observation", student)
    if not found and not can_add:
        return None
    return Section(
        key="observations",
        compartment=SUPPORT,
        title=_("Observations en classe"),
        template="insights/_section.html",
        context={
            "observations": found[:SHOWN],
            "more": len(found) > SHOWN,
            "group_id": student.group_id if can_add else None,
        },
    )
