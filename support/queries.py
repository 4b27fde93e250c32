"""Who sees which tier decision, intervention, progress point and decision. Denied by default; agrees
with `support.rules` (a test checks it).

- The principal: everything of the students of their schools (directly or through a network).
- A teacher: the tier decisions of the students of their groups, and the interventions of those
  students that they are responsible for (with their points and decisions).
- A professional: the tier decisions and every intervention of the students of their caseload (not
  through an emergency access: interventions are not needed in an emergency).
- A guardian (linked account): their children's interventions — type, goal, progress — without the
  team's notes, the tier decisions or the follow-up decisions. The student from 14: their own, alike.
- The manager: counts only (`support.aggregates`); the privacy officer: the audit log's metadata;
  the coordinator and the staff of other schools: nothing (404).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from core.models import Role
from lib.consent import born_after_for_age

FAMILY_AGE = 14  # the student reads their own interventions from 14, like their plan
STAFF_ROLES = frozenset({Role.PRINCIPAL, Role.TEACHER, Role.PROFESSIONAL})
FAMILY_ROLES = frozenset({Role.GUARDIAN, Role.STUDENT})


def role_of(user: Any) -> str:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ""
    return str(getattr(user, "role", "") or "")


def born_on_or_before_for_family(today: dt.date | None = None) -> dt.date:
    return born_after_for_age(today or timezone.localdate(), FAMILY_AGE)


def staff_students(user: Any) -> QuerySet[Any]:
    """The students whose tiers this staff member sees: school, group or caseload (no emergency access)."""
    from students.models import Caseload, Student

    role = role_of(user)
    if role in (Role.PRINCIPAL, Role.TEACHER):
        return Student.objects.visible_to(user)
    if role == Role.PROFESSIONAL:
        caseload = Caseload.objects.active().filter(professional=user).values("student_id")
        return Student.objects.filter(pk__in=caseload)
    return Student.objects.none()


def tier_decisions_visible_to(user: Any) -> QuerySet[Any]:
    from support.models import TierDecision

    if role_of(user) not in STAFF_ROLES:
        return TierDecision.objects.none()
    return TierDecision.objects.filter(student__in=staff_students(user).values("pk"))


def current_tier_decisions() -> QuerySet[Any]:
    """The decisions in force: those no later decision superseded."""
    from support.models import TierDecision

    return TierDecision.objects.filter(superseded_by__isnull=True)


def interventions_visible_to(user: Any) -> QuerySet[Any]:
    from students.models import GuardianLink
    from support.models import Intervention

    qs = Intervention.objects.all()
    role = role_of(user)
    if role in (Role.PRINCIPAL, Role.PROFESSIONAL):
        return qs.filter(student__in=staff_students(user).values("pk"))
    if role == Role.TEACHER:
        return qs.filter(student__in=staff_students(user).values("pk"), responsible=user)
    if role == Role.GUARDIAN:
        links = GuardianLink.objects.filter(student=OuterRef("student_id"), guardian__user=user)
        return qs.filter(Exists(links))
    if role == Role.STUDENT:
        return qs.filter(student__user=user, student__birth_date__lte=born_on_or_before_for_family())
    return qs.none()


def points_visible_to(user: Any) -> QuerySet[Any]:
    from support.models import ProgressPoint

    return ProgressPoint.objects.filter(intervention__in=interventions_visible_to(user).values("pk"))


def decisions_visible_to(user: Any) -> QuerySet[Any]:
    """Follow-up decisions and their reasons are the school team's: staff only."""
    from support.models import InterventionDecision

    if role_of(user) not in STAFF_ROLES:
        return InterventionDecision.objects.none()
    return InterventionDecision.objects.filter(intervention__in=interventions_visible_to(user).values("pk"))
