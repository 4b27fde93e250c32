"""The "Dossiers professionnels" section of the 360 page, for professionals only.

The viewer's own records for this student, the button to open one when allowed, and the records they may
read through a share or a break-the-glass access. Anyone else gets no section at all: it must not even
reveal that a record exists.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core.models import Role
from records.queries import records_read_through_others, records_visible_to
from records.rules import open_episode_for
from students.access import StudentAccess
from students.sections import PROFESSIONAL, Section


def records_section(user: Any, access: StudentAccess) -> Section | None:
    if getattr(user, "role", "") != Role.PROFESSIONAL:
        return None
    student = access.student
    own = list(
        records_visible_to(user).filter(student=student, professional=user).order_by("-status", "-opened_at")
    )
    others = list(
        records_read_through_others(user)
        .filter(student=student)
        .select_related("professional")
        .order_by("-opened_at")
    )
    can_open = user.has_perm("records.open", student)
    if not own and not others and not can_open:
        return None
    return Section(
        key="dossiers-professionnels",
        compartment=PROFESSIONAL,
        title=_("Dossiers professionnels"),
        template="records/_section.html",
        context={
            "student": student,
            "own": own,
            "others": others,
            "can_open": can_open,
            "episode": open_episode_for(user, student) if can_open else None,
        },
    )
