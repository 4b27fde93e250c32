"""Audit rows of support reads that show several students at once (a list, an API page): one ACCESS row
per student shown, written in one statement, with ids only (never a tier, a goal or a note)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from auditlog.cid import get_cid
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from core.audit import bulk_log
from core.models import Role
from students.authorizer import Reason

REASON_BY_ROLE: dict[str, str] = {
    Role.PRINCIPAL: Reason.SCHOOL,
    Role.TEACHER: Reason.GROUP,
    Role.PROFESSIONAL: Reason.CASELOAD,
    Role.GUARDIAN: Reason.GUARDIAN,
    Role.STUDENT: Reason.SELF,
}


def log_list_read(user: Any, students: Iterable[Any], *, view: str) -> int:
    """One ACCESS row per distinct student, the reason the list gave access by (its role's relationship)."""
    from students.models import Student

    seen: dict[int, Any] = {}
    for student in students:
        seen.setdefault(student.pk, student)
    if not seen:
        return 0
    content_type = ContentType.objects.get_for_model(Student)
    reason = REASON_BY_ROLE.get(str(getattr(user, "role", "")), "")
    rows = [
        LogEntry(
            content_type=content_type,
            object_pk=str(pk),
            object_id=pk,
            object_repr=str(student)[:200],
            action=LogEntry.Action.ACCESS,
            actor=user,
            changes={},
            additional_data={"reason": reason, "view": view},
            cid=get_cid(),
        )
        for pk, student in sorted(seen.items())
    ]
    bulk_log(rows)
    return len(rows)
