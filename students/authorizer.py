"""One authorizer for student data that says *why* access is granted (or None: denied).

Reasons: self, guardian, caseload, group, school, break_glass. The reason goes into the audit row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Role

if TYPE_CHECKING:
    from students.models import Student


class Reason:
    SELF = "self"
    GUARDIAN = "guardian"
    CASELOAD = "caseload"
    GROUP = "group"
    SCHOOL = "school"
    BREAK_GLASS = "break_glass"


REASON_LABELS = {
    Reason.SCHOOL: _("École"),
    Reason.GROUP: _("Groupe"),
    Reason.CASELOAD: _("Charge de cas"),
    Reason.GUARDIAN: _("Parent ou tuteur"),
    Reason.SELF: _("L'élève lui-même"),
    Reason.BREAK_GLASS: _("Accès d'urgence"),
}


def access_reason(user: Any, student: Student) -> str | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    role = user.role
    if role == Role.STUDENT:
        return Reason.SELF if student.user_id == user.pk else None
    if role == Role.GUARDIAN:
        linked = student.guardian_links.filter(guardian__user=user).exists()
        return Reason.GUARDIAN if linked else None
    if role == Role.TEACHER:
        if student.group is not None and student.group.teachers.filter(pk=user.pk).exists():
            return Reason.GROUP
        return None
    if role == Role.PRINCIPAL:
        return Reason.SCHOOL if student.school_id in user.served_school_ids() else None
    if role == Role.PROFESSIONAL:
        if student.caseload_entries.active().filter(professional=user).exists():
            return Reason.CASELOAD
        if student.break_glass.filter(user=user, expires_at__gt=timezone.now()).exists():
            return Reason.BREAK_GLASS
        return None
    return None
