"""Who sees which plan d'intervention. Denied by default; agrees with `plans.rules.plan_reason` (a test
checks it).

- The principal: the plans of the students of their schools (directly or through a network).
- A teacher: the plans of the students of their groups; a professional: of their caseload (not through
  an emergency access: the plan is not needed in an emergency).
- A guardian (linked account): their children's plans once shown to the family (signature requested or
  plan activated). The student from 14: their own, once shown.
- The manager, the coordinator, the privacy officer, staff of other schools: none (404). The manager
  receives only the ministry declaration (`plans.export`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from core.models import Role
from lib import plans as logic
from lib.consent import born_after_for_age


def _role(user: Any) -> str:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ""
    return str(getattr(user, "role", "") or "")


def born_on_or_before_for_signing(today: dt.date | None = None) -> dt.date:
    """Students born on or before this day are 14 or older today."""
    return born_after_for_age(today or timezone.localdate(), logic.SOLO_SIGNING_AGE)


def plans_visible_to(user: Any) -> QuerySet[Any]:
    from plans.models import InterventionPlan
    from students.models import Caseload, GuardianLink, Student

    qs = InterventionPlan.objects.all()
    role = _role(user)
    if role == Role.PRINCIPAL:
        return qs.filter(student__in=Student.objects.visible_to(user).values("pk"))
    if role == Role.TEACHER:
        return qs.filter(student__group__teachers=user)
    if role == Role.PROFESSIONAL:
        caseload = Caseload.objects.active().filter(professional=user).values("student_id")
        return qs.filter(student_id__in=caseload)
    if role == Role.GUARDIAN:
        links = GuardianLink.objects.filter(student=OuterRef("student_id"), guardian__user=user)
        return qs.filter(Exists(links), shared_at__isnull=False)
    if role == Role.STUDENT:
        return qs.filter(
            student__user=user,
            student__birth_date__lte=born_on_or_before_for_signing(),
            shared_at__isnull=False,
        )
    return qs.none()


def means_visible_to(user: Any, plan: Any) -> QuerySet[Any]:
    """All the means for the principal and the family; for the teacher and the professional, the means
    that concern them (they are the staff member responsible)."""
    from plans.models import Means

    qs = Means.objects.filter(plan=plan).select_related("responsible", "objective")
    if user.has_perm("plans.see_all_means", plan):
        return qs
    if user.has_perm("plans.read", plan):
        return qs.filter(responsible=user)
    return qs.none()


def serving_staff(student: Any) -> QuerySet[Any]:
    """Staff who serve the student and so may read the plan: the principals of the school, the teachers
    of the group, the professionals whose caseload holds the student. Means and participants are chosen
    among them."""
    from django.db.models import Q

    from core.models import User
    from students.models import Caseload

    school = Q(role=Role.PRINCIPAL, schools=student.school_id)
    if student.school.network_id is not None:
        school |= Q(role=Role.PRINCIPAL, networks=student.school.network_id)
    people = school | Q(
        role=Role.PROFESSIONAL,
        pk__in=Caseload.objects.active().filter(student=student).values("professional_id"),
    )
    if student.group_id is not None:
        people |= Q(role=Role.TEACHER, taught_groups=student.group_id)
    ids = User.objects.filter(people, is_active=True).values("pk")
    return User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "pk")
