"""The access helper every view and endpoint uses to reach one student."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from core.audit import log_access, log_event
from students.authorizer import access_reason
from students.models import Student


@dataclass(frozen=True)
class StudentAccess:
    student: Student
    reason: str


def get_student_for(user: Any, student_id: Any, *, view: str, audit: bool = True) -> StudentAccess:
    """The student and why the user may see them, the read written to the audit; else a 404.

    Missing and forbidden give the same 404, so an outsider learns nothing about existence.
    """
    try:
        student = Student.objects.visible_to(user).select_related("school", "group").get(pk=int(student_id))
    except (Student.DoesNotExist, TypeError, ValueError):
        _log_denial(user, student_id, view)
        raise Http404("Élève introuvable") from None
    reason = access_reason(user, student)
    if reason is None:  # the queryset and the authorizer disagree: deny, never guess
        _log_denial(user, student_id, view)
        raise Http404("Élève introuvable")
    if audit:
        log_access(user, student, reason=reason, view=view)
    return StudentAccess(student=student, reason=reason)


def _log_denial(user: Any, student_id: Any, view: str) -> None:
    """A refused read, on the account that tried (the privacy scan looks for repeated refusals)."""
    if getattr(user, "is_authenticated", False):
        log_event(user, user, event="student_access_denied", view=view, requested=str(student_id)[:20])
