"""`rules` predicates of tiers and interventions. They agree with `support.queries` (a test checks it).

The principal of the student's school records tier decisions and starts interventions; the person
responsible for an intervention (or the principal) adds its progress points and records the decisions
of its reviews. Law 25 (art. 65.2): only people place a student in a tier; no score does.
"""

from __future__ import annotations

from typing import Any

import rules

from core.models import Role
from students.authorizer import Reason, access_reason
from support.queries import FAMILY_AGE, role_of

STAFF_REASONS = frozenset({Reason.SCHOOL, Reason.GROUP, Reason.CASELOAD})
FAMILY_REASONS = frozenset({Reason.GUARDIAN, Reason.SELF})


def intervention_reason(user: Any, intervention: Any) -> str | None:
    """Why this user may read the intervention (school, caseload, group, guardian, self), or None."""
    if intervention is None:
        return None
    student = intervention.student
    reason = access_reason(user, student)
    if reason in (Reason.SCHOOL, Reason.CASELOAD, Reason.GUARDIAN):
        return reason
    if reason == Reason.GROUP:
        return reason if intervention.responsible_id == user.pk else None
    if reason == Reason.SELF:
        return reason if student.age() >= FAMILY_AGE else None
    return None


def _principal_of(user: Any, student: Any) -> bool:
    return (
        student is not None
        and role_of(user) == Role.PRINCIPAL
        and access_reason(user, student) == Reason.SCHOOL
    )


@rules.predicate
def can_view_tiers(user: Any, student: Any) -> bool:
    return student is not None and access_reason(user, student) in STAFF_REASONS


@rules.predicate
def can_record_tier(user: Any, student: Any) -> bool:
    return _principal_of(user, student)


@rules.predicate
def can_start(user: Any, student: Any) -> bool:
    return _principal_of(user, student)


@rules.predicate
def can_read(user: Any, intervention: Any) -> bool:
    return intervention_reason(user, intervention) is not None


@rules.predicate
def can_see_notes(user: Any, intervention: Any) -> bool:
    """The team's notes (intervention, points) and the review decisions: staff serving the student."""
    return intervention_reason(user, intervention) in STAFF_REASONS


def _runs(user: Any, intervention: Any) -> bool:
    reason = intervention_reason(user, intervention)
    if reason not in STAFF_REASONS:
        return False
    return reason == Reason.SCHOOL or intervention.responsible_id == user.pk


@rules.predicate
def can_add_point(user: Any, intervention: Any) -> bool:
    return intervention is not None and intervention.is_active and _runs(user, intervention)


@rules.predicate
def can_decide(user: Any, intervention: Any) -> bool:
    return intervention is not None and intervention.is_active and _runs(user, intervention)


@rules.predicate
def can_list(user: Any) -> bool:
    return role_of(user) in (Role.PRINCIPAL, Role.TEACHER, Role.PROFESSIONAL)


@rules.predicate
def can_view_counts(user: Any) -> bool:
    """Counts per school and tier, without a name: the manager (the whole centre)."""
    return role_of(user) == Role.MANAGER


rules.add_perm("support.view_tiers", can_view_tiers)
rules.add_perm("support.record_tier", can_record_tier)
rules.add_perm("support.start", can_start)
rules.add_perm("support.read", can_read)
rules.add_perm("support.see_notes", can_see_notes)
rules.add_perm("support.add_point", can_add_point)
rules.add_perm("support.decide", can_decide)
rules.add_perm("support.list", can_list)
rules.add_perm("support.view_counts", can_view_counts)
