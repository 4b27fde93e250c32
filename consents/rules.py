"""`rules` predicates of consents. They agree with `consents.queries` (a test checks it)."""

from __future__ import annotations

from typing import Any

import rules
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Role
from lib import consent as logic
from students.authorizer import Reason, access_reason

# Staff who serve the student: they prepare requests, record paper forms and revocations.
SERVING_REASONS = {Reason.CASELOAD, Reason.SCHOOL}
# Staff who may read a consent's content (sharing details, signed PDF, scan) besides its author.
CONTENT_REASONS = {Reason.CASELOAD, Reason.BREAK_GLASS}


def _role(user: Any) -> str:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ""
    return str(getattr(user, "role", "") or "")


def guardian_link(user: Any, student: Any) -> Any:
    """This guardian account's link to the student, if any."""
    from students.models import GuardianLink

    if _role(user) != Role.GUARDIAN:
        return None
    return (
        GuardianLink.objects.filter(student=student, guardian__user=user).select_related("guardian").first()
    )


def signer_kind_of(user: Any) -> str | None:
    role = _role(user)
    if role == Role.GUARDIAN:
        return logic.GUARDIAN
    if role == Role.STUDENT:
        return logic.STUDENT
    return None


def signing_refusal(user: Any, student: Any) -> str | None:
    """Why this portal user may not sign for this student today (French), or None."""
    kind = signer_kind_of(user)
    age = student.age(timezone.localdate())
    if kind == logic.STUDENT:
        if student.user_id != user.pk:
            return _("Vous ne pouvez pas signer pour cet élève.")
        return logic.signing_refusal(kind, age)
    if kind == logic.GUARDIAN:
        link = guardian_link(user, student)
        if link is None:
            return _("Vous ne pouvez pas signer pour cet élève.")
        return logic.signing_refusal(kind, age, has_parental_authority=link.has_parental_authority)
    return _("Vous ne pouvez pas signer pour cet élève.")


@rules.predicate
def can_prepare(user: Any, student: Any) -> bool:
    """Professionals (their caseload) and principals (their schools) prepare requests and record paper."""
    if student is None or _role(user) not in (Role.PROFESSIONAL, Role.PRINCIPAL):
        return False
    return access_reason(user, student) in SERVING_REASONS


@rules.predicate
def can_sign(user: Any, request: Any) -> bool:
    from consents.models import ConsentRequest

    if request is None or request.status != ConsentRequest.Status.PENDING:
        return False
    return signing_refusal(user, request.student) is None


@rules.predicate
def can_read_content(user: Any, consent: Any) -> bool:
    """Sharing details and the document: the family who may see the consent, its author, and the
    professionals serving the student. Principals and teachers see the status only."""
    from consents.queries import consents_visible_to

    if consent is None or not _role(user):
        return False
    if not consents_visible_to(user).filter(pk=consent.pk).exists():
        return False
    role = _role(user)
    if role in (Role.GUARDIAN, Role.STUDENT):
        return True
    if consent.recorded_by_id == user.pk:
        return True
    if consent.request_id is not None and consent.request.requested_by_id == user.pk:
        return True
    return role == Role.PROFESSIONAL and access_reason(user, consent.student) in CONTENT_REASONS


@rules.predicate
def can_revoke(user: Any, consent: Any) -> bool:
    """The family who may sign for the student (the student from 14 for any of their consents; a
    parent with parental authority for a consent a parent signed), or staff serving the student."""
    if consent is None or consent.revoked_at is not None:
        return False
    role = _role(user)
    student = consent.student
    if role == Role.STUDENT:
        return student.user_id == user.pk and student.age() >= logic.SOLO_CONSENT_AGE
    if role == Role.GUARDIAN:
        link = guardian_link(user, student)
        return bool(link and link.has_parental_authority and consent.signer_kind == logic.GUARDIAN)
    return bool(can_prepare(user, student))


rules.add_perm("consents.prepare", can_prepare)
rules.add_perm("consents.sign", can_sign)
rules.add_perm("consents.read_content", can_read_content)
rules.add_perm("consents.revoke", can_revoke)
