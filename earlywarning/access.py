"""The access helper of a student's early-warning data: staff serving the student (school, group,
caseload), the read audited; else a 404 identical for missing and forbidden."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from core.audit import log_access
from earlywarning.rules import STAFF_REASONS
from students.access import StudentAccess, get_student_for


def get_warning_student_for(user: Any, student_id: Any, *, view: str) -> StudentAccess:
    access = get_student_for(user, student_id, view=view, audit=False)
    if access.reason not in STAFF_REASONS:
        raise Http404("Élève introuvable")
    log_access(user, access.student, reason=access.reason, view=view)
    return access
