"""`rules` predicates of plans d'intervention. They agree with `plans.queries` (a test checks it)."""

from __future__ import annotations

from typing import Any

import rules
from django.utils.translation import gettext as _

from core.models import Role
from lib import plans as logic
from students.authorizer import Reason, access_reason

STAFF_REASONS = frozenset({Reason.SCHOOL, Reason.GROUP, Reason.CASELOAD})
FAMILY_REASONS = frozenset({Reason.GUARDIAN, Reason.SELF})
ALL_MEANS_REASONS = frozenset({Reason.SCHOOL}) | FAMILY_REASONS


def _role(user: Any) -> str:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ""
    return str(getattr(user, "role", "") or "")


def plan_reason(user: Any, plan: Any) -> str | None:
    """Why this user may read the plan (school, group, caseload, guardian, self), or None."""
    if plan is None:
        return None
    reason = access_reason(user, plan.student)
    if reason in STAFF_REASONS:
        return reason
    if reason in FAMILY_REASONS and plan.shared_at is not None:
        if reason == Reason.SELF and plan.student.age() < logic.SOLO_SIGNING_AGE:
            return None
        return reason
    return None


def guardian_link(user: Any, student: Any) -> Any:
    from students.models import GuardianLink

    if _role(user) != Role.GUARDIAN:
        return None
    return (
        GuardianLink.objects.filter(student=student, guardian__user=user).select_related("guardian").first()
    )


def signing_refusal(user: Any, plan: Any) -> str | None:
    """Why this portal user may not sign this plan now (French), or None."""
    from plans.models import GuardianSignature, PlanStatus

    role = _role(user)
    reason = plan_reason(user, plan) if plan is not None else None
    if reason not in FAMILY_REASONS:
        return _("Vous ne pouvez pas signer ce plan.")
    if plan.status == PlanStatus.CLOSED:
        return _("Ce plan est fermé : il ne se signe plus.")
    signed = GuardianSignature.objects.filter(plan=plan, plan_version=plan.version)
    if role == Role.GUARDIAN:
        link = guardian_link(user, plan.student)
        if link is None or not link.has_parental_authority:
            return _("Seul un parent qui a l'autorité parentale peut signer le plan.")
        signed = signed.filter(guardian=link.guardian)
    else:
        signed = signed.filter(signer_kind="student")
    if signed.exists():
        return _("Vous avez déjà signé cette version du plan.")
    return None


@rules.predicate
def can_open(user: Any, student: Any) -> bool:
    """The principal of the student's school opens the plan (LIP art. 96.14)."""
    if student is None or _role(user) != Role.PRINCIPAL:
        return False
    return access_reason(user, student) == Reason.SCHOOL


@rules.predicate
def can_run(user: Any, plan: Any) -> bool:
    """The principal of the student's school runs every phase."""
    return _role(user) == Role.PRINCIPAL and plan_reason(user, plan) == Reason.SCHOOL


@rules.predicate
def can_read(user: Any, plan: Any) -> bool:
    return plan_reason(user, plan) is not None


@rules.predicate
def can_see_all_means(user: Any, plan: Any) -> bool:
    return plan_reason(user, plan) in ALL_MEANS_REASONS


@rules.predicate
def can_see_contacts(user: Any, plan: Any) -> bool:
    """The log of contacts with the parents (and its notes) is for the staff serving the student."""
    return plan_reason(user, plan) in STAFF_REASONS


@rules.predicate
def can_log_contact(user: Any, plan: Any) -> bool:
    """Staff serving the student (school, group, caseload) log a contact with the parents."""
    return plan is not None and not plan.is_closed and plan_reason(user, plan) in STAFF_REASONS


@rules.predicate
def can_sign(user: Any, plan: Any) -> bool:
    return signing_refusal(user, plan) is None


@rules.predicate
def can_export(user: Any) -> bool:
    """The ministry declaration: the principal (own schools) and the manager (the whole centre)."""
    return _role(user) in (Role.PRINCIPAL, Role.MANAGER)


rules.add_perm("plans.open", can_open)
rules.add_perm("plans.run", can_run)
rules.add_perm("plans.read", can_read)
rules.add_perm("plans.see_all_means", can_see_all_means)
rules.add_perm("plans.see_contacts", can_see_contacts)
rules.add_perm("plans.log_contact", can_log_contact)
rules.add_perm("plans.sign", can_sign)
rules.add_perm("plans.export", can_export)
