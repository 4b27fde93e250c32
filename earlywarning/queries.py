"""Who sees which early-warning data (scores, facts, portraits). Denied by default; agrees with
`earlywarning.rules` (a test checks it).

- The principal: the scores and facts of the students of their schools (directly or through a network).
- A teacher: those of the students of their groups.
- A professional: those of the students of their caseload (never through an emergency access).
- The manager: counts per school only (`earlywarning.portraits`), counts under 5 hidden.
- Guardians and students never see a coefficient; on request, a staff member gives them a readable copy
  of the factors (`earlywarning.family`). Coordinators and the privacy officer: nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from core.models import Role

STAFF_ROLES = frozenset({Role.PRINCIPAL, Role.TEACHER, Role.PROFESSIONAL})


def role_of(user: Any) -> str:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ""
    return str(getattr(user, "role", "") or "")


def students_for(user: Any) -> models.QuerySet[Any]:
    """The students whose early-warning data this staff member sees: school, group or caseload."""
    from students.models import Caseload, Student

    role = role_of(user)
    if role in (Role.PRINCIPAL, Role.TEACHER):
        return Student.objects.visible_to(user)
    if role == Role.PROFESSIONAL:
        caseload = Caseload.objects.active().filter(professional=user).values("student_id")
        return Student.objects.filter(pk__in=caseload)
    return Student.objects.none()


class RiskScoreQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> RiskScoreQuerySet:
        if role_of(user) not in STAFF_ROLES:
            return self.none()
        return self.filter(student__in=students_for(user).values("pk"))

    def for_week(self, week: Any, criteria_set: Any) -> RiskScoreQuerySet:
        return self.filter(week=week, criteria_set=criteria_set)


def weeks_visible_to(user: Any) -> models.QuerySet[Any]:
    from earlywarning.models import StudentWeek

    if role_of(user) not in STAFF_ROLES:
        return StudentWeek.objects.none()
    return StudentWeek.objects.filter(student__in=students_for(user).values("pk"))


def grades_visible_to(user: Any) -> models.QuerySet[Any]:
    from earlywarning.models import Grade

    if role_of(user) not in STAFF_ROLES:
        return Grade.objects.none()
    return Grade.objects.filter(student__in=students_for(user).values("pk"))


def events_visible_to(user: Any) -> models.QuerySet[Any]:
    from earlywarning.models import BehaviourEvent

    if role_of(user) not in STAFF_ROLES:
        return BehaviourEvent.objects.none()
    return BehaviourEvent.objects.filter(student__in=students_for(user).values("pk"))
