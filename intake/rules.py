"""`rules` predicates of the guichet unique."""

from __future__ import annotations

from typing import Any

import rules

from core.models import Role
from students.authorizer import access_reason

FILING_ROLES = {Role.TEACHER, Role.PRINCIPAL, Role.PROFESSIONAL}


def _role(user: Any) -> str:
    return getattr(user, "role", "") if getattr(user, "is_authenticated", False) and user.is_active else ""


@rules.predicate
def can_file_request(user: Any, student: Any) -> bool:
    """Staff who may see the student file for them; a guardian for their child when the centre allows it."""
    role = _role(user)
    if student is None or not role:
        return False
    if role in FILING_ROLES:
        return access_reason(user, student) is not None
    if role == Role.GUARDIAN:
        from intake.config import settings_for

        allowed = settings_for(student.school.centre).allow_self_referral
        return allowed and access_reason(user, student) is not None
    return False


@rules.predicate
def is_coordinator(user: Any) -> bool:
    return _role(user) == Role.COORDINATOR


@rules.predicate
def can_triage(user: Any, request: Any = None) -> bool:
    if _role(user) != Role.COORDINATOR:
        return False
    return request is None or request.student.school.centre_id == user.centre_id


@rules.predicate
def can_close_episode(user: Any, request: Any) -> bool:
    return request is not None and _role(user) == Role.PROFESSIONAL and request.assigned_to_id == user.pk


@rules.predicate
def can_answer_info_request(user: Any, request: Any) -> bool:
    return request is not None and request.requested_by_id == user.pk and bool(_role(user))


@rules.predicate
def can_see_indicators(user: Any) -> bool:
    return _role(user) in (Role.MANAGER, Role.COORDINATOR)


@rules.predicate
def can_configure(user: Any) -> bool:
    return _role(user) == Role.MANAGER and getattr(user, "centre_id", None) is not None


rules.add_perm("intake.file_request", can_file_request)
rules.add_perm("intake.configure", can_configure)
rules.add_perm("intake.triage", can_triage)
rules.add_perm("intake.close_episode", can_close_episode)
rules.add_perm("intake.answer_info_request", can_answer_info_request)
rules.add_perm("intake.view_indicators", can_see_indicators)
rules.add_perm("intake.view_waiting_lists", can_see_indicators)
