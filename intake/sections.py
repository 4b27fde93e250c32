"""The "Demandes de service" section of the 360 page: this student's requests the viewer may see,
and the button to file one when the viewer may."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core.models import Role
from intake.queries import requests_visible_to
from students.access import StudentAccess
from students.sections import Section


def requests_section(user: Any, access: StudentAccess) -> Section | None:
    student = access.student
    requests = list(
        requests_visible_to(user).filter(student=student).select_related("domain").order_by("-created_at")
    )
    can_file = user.has_perm("intake.file_request", student)
    if not requests and not can_file:
        return None
    return Section(
        key="demandes",
        title=_("Demandes de service"),
        template="intake/_section.html",
        context={
            "student": student,
            "requests": requests,
            "can_file": can_file,
            "is_family": getattr(user, "role", "") in (Role.GUARDIAN, Role.STUDENT),
        },
    )
