"""Who sees which consent, and the consent check other capabilities call. Denied by default.

- Staff who may see the student's file (professional, principal, teacher: `Student.objects.visible_to`)
  see each consent's *status*: scope, service, signer, dates, valid/expired/revoked. The content (a
  sharing consent's recipient and information, the signed PDF or scan) is for fewer people: see
  `consents.rules.can_read_content`.
- A guardian sees the consents of their children that a guardian signed, never one a student of 14
  or older gave alone (C.c.Q. art. 14: the parents are not informed).
- A student of 14 or older sees all of their own.
- The manager, the coordinator and the privacy officer see none here. Intake (the coordinator's
  window) learns only which scopes are missing, through `missing_for`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from core.models import Role
from lib import consent as logic

STAFF_WITH_FILES = (Role.PROFESSIONAL, Role.PRINCIPAL, Role.TEACHER)


def _active_role(user: Any) -> str:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ""
    return str(getattr(user, "role", "") or "")


def _solo_age_born_before() -> dt.date:
    """Students born on or before this day are 14 or older today."""
    return logic.born_after_for_age(timezone.localdate(), logic.SOLO_CONSENT_AGE)


def consents_visible_to(user: Any) -> QuerySet[Any]:
    from consents.models import Consent, SignerKind
    from students.models import Student

    qs = Consent.objects.all()
    role = _active_role(user)
    if role in STAFF_WITH_FILES:
        return qs.filter(student__in=Student.objects.visible_to(user).values("pk"))
    if role == Role.GUARDIAN:
        children = Student.objects.visible_to(user).values("pk")
        return qs.filter(student__in=children, signer_kind=SignerKind.GUARDIAN)
    if role == Role.STUDENT:
        return qs.filter(student__user=user, student__birth_date__lte=_solo_age_born_before())
    return qs.none()


def requests_visible_to(user: Any) -> QuerySet[Any]:
    """Consent requests: staff who see the student; in the portal, the person who would sign it now
    (a parent with parental authority for a child under 14, the student from 14)."""
    from consents.models import ConsentRequest
    from students.models import GuardianLink, Student

    qs = ConsentRequest.objects.all()
    role = _active_role(user)
    if role in STAFF_WITH_FILES:
        return qs.filter(student__in=Student.objects.visible_to(user).values("pk"))
    if role == Role.GUARDIAN:
        authority = GuardianLink.objects.filter(
            student=OuterRef("student"), guardian__user=user, has_parental_authority=True
        )
        return qs.filter(Exists(authority), student__birth_date__gt=_solo_age_born_before())
    if role == Role.STUDENT:
        return qs.filter(student__user=user, student__birth_date__lte=_solo_age_born_before())
    return qs.none()


def facts_for(student: Any) -> list[logic.ConsentFacts]:
    from consents.models import Consent

    return [c.facts() for c in Consent.objects.filter(student=student).only(*FACT_FIELDS)]


FACT_FIELDS = ("scope", "domain_id", "signed_at", "expires_on", "revoked_at", "student_id")


def gaps_for(
    student: Any, scopes: Sequence[str], domain: Any = None, on: dt.date | None = None
) -> list[logic.Gap]:
    unknown = set(scopes) - set(logic.SCOPES)
    if unknown:
        raise ValueError(f"portée de consentement inconnue : {sorted(unknown)}")
    domain_id = getattr(domain, "pk", domain)
    return logic.gaps(facts_for(student), scopes, domain_id, on or timezone.localdate())


def missing_for(
    student: Any, scopes: Sequence[str], domain: Any = None, on: dt.date | None = None
) -> list[str]:
    """The scope codes among `scopes` that no valid consent covers for this student on `on` (today).

    For other capabilities (intake, scheduling): a yes/no per scope, no content, no permission needed
    by the caller's user because nothing about the consent itself is returned. `domain` is a
    ServiceDomain (or its id): a consent for every service covers it; None accepts a consent of the
    scope for any service.
    """
    return [gap.scope for gap in gaps_for(student, scopes, domain, on)]


def missing_message(
    student: Any, scopes: Sequence[str], domain: Any = None, on: dt.date | None = None
) -> str:
    """'Consentement à la télépratique manquant pour Alice : …' — empty when nothing is missing."""
    day = on or timezone.localdate()
    found = gaps_for(student, scopes, domain, day)
    return logic.missing_message(student.first_name, found, student.age(day))
