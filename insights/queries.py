"""`visible_to(user)` for observations; agrees with `insights.rules.can_read_observations` (a test
checks it). Staff serving the student read them: the principal of the school, the group's teachers, a
professional of the caseload (not an emergency access). Families, the manager, the coordinator and the
privacy officer: none."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from core.models import Role


def observations_visible_to(user: Any) -> QuerySet[Any]:
    from insights.models import Observation
    from students.models import Caseload, Student

    qs = Observation.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.role in (Role.PRINCIPAL, Role.TEACHER):
        return qs.filter(student__in=Student.objects.visible_to(user).values("pk"))
    if user.role == Role.PROFESSIONAL:
        return qs.filter(
            student_id__in=Caseload.objects.active().filter(professional=user).values("student_id")
        )
    return qs.none()
