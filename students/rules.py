"""`rules` predicates for student data, built on the authorizer."""

from __future__ import annotations

from typing import Any

import rules

from core.models import Role
from students.authorizer import access_reason


@rules.predicate
def can_view_student(user: Any, student: Any) -> bool:
    return student is not None and access_reason(user, student) is not None


@rules.predicate
def may_break_glass(user: Any, student: Any = None) -> bool:
    """Only professionals may open a file outside their caseload, with a reason."""
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.PROFESSIONAL)


@rules.predicate
def is_manager(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.MANAGER)


@rules.predicate
def is_privacy_officer(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.PRIVACY_OFFICER)


rules.add_perm("students.view_student", can_view_student)
rules.add_perm("students.break_glass", may_break_glass)
rules.add_perm("sis.import_roster", is_manager)
rules.add_perm("core.view_audit", is_privacy_officer)
