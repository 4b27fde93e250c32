"""`rules` predicates of early warning. They agree with `earlywarning.queries` (a test checks it).

Law 25 (art. 65.2): the coefficient is decision support. Staff serving the student read it with its
reasons; the principal records the decisions it may prompt (through `support.actions`); the manager
adjusts the criteria sets and reads counts; the family never sees a coefficient but may receive the
factors used, which a staff member serving the student produces on request.
"""

from __future__ import annotations

from typing import Any

import rules

from core.models import Role
from earlywarning.queries import role_of
from students.authorizer import Reason, access_reason

STAFF_REASONS = frozenset({Reason.SCHOOL, Reason.GROUP, Reason.CASELOAD})


@rules.predicate
def can_view_score(user: Any, student: Any) -> bool:
    return student is not None and access_reason(user, student) in STAFF_REASONS


@rules.predicate
def can_give_factors(user: Any, student: Any) -> bool:
    return can_view_score(user, student)


@rules.predicate
def can_list(user: Any) -> bool:
    return role_of(user) in (Role.PRINCIPAL, Role.TEACHER, Role.PROFESSIONAL)


@rules.predicate
def can_view_portraits(user: Any) -> bool:
    return role_of(user) in (Role.PRINCIPAL, Role.TEACHER, Role.MANAGER)


@rules.predicate
def can_manage_criteria(user: Any) -> bool:
    return role_of(user) == Role.MANAGER


rules.add_perm("earlywarning.view_score", can_view_score)
rules.add_perm("earlywarning.give_factors", can_give_factors)
rules.add_perm("earlywarning.list", can_list)
rules.add_perm("earlywarning.view_portraits", can_view_portraits)
rules.add_perm("earlywarning.manage_criteria", can_manage_criteria)
