"""The "Rendez-vous" section of the 360 page: the student's coming and recent appointments that this
viewer may read (the 360 page's own access row audits the read)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from students.access import StudentAccess
from students.sections import SERVICES, Section


def appointments_section(user: Any, access: StudentAccess) -> Section | None:
    from scheduling.queries import appointments_visible_to

    if user.role not in ("professional", "principal", "teacher", "guardian", "student"):
        return None
    since = timezone.now() - dt.timedelta(days=60)
    rows = list(
        appointments_visible_to(user)
        .filter(students=access.student, starts_at__gte=since)
        .select_related("school", "room")
        .prefetch_related("professionals")
        .order_by("starts_at")[:20]
    )
    if not rows and user.role != "professional":
        return None
    now = timezone.now()
    return Section(
        key="rendez-vous",
        compartment=SERVICES,
        title=_("Rendez-vous"),
        template="scheduling/_section.html",
        context={
            "student": access.student,
            "upcoming": [a for a in rows if a.starts_at >= now],
            "past": [a for a in rows if a.starts_at < now][::-1],
            "can_plan": user.role == "professional",
        },
    )
