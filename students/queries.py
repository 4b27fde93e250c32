"""`visible_to(user)`: the only way views and the API list students. Denied by default.

It must agree with `students.authorizer.access_reason` (a property test checks it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from core.models import Role, School

if TYPE_CHECKING:
    from core.models import User


class StudentQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: User | Any) -> StudentQuerySet:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        from students.models import BreakGlassAccess, Caseload, GuardianLink

        role = user.role
        if role == Role.STUDENT:
            return self.filter(user=user)
        if role == Role.GUARDIAN:
            links = GuardianLink.objects.filter(student=OuterRef("pk"), guardian__user=user)
            return self.filter(Exists(links))
        if role == Role.TEACHER:
            return self.filter(group__teachers=user)
        if role == Role.PRINCIPAL:
            # The schools served, as a subquery: no join of students through the staff tables, no DISTINCT.
            served = School.objects.filter(Q(staff=user) | Q(network__staff=user)).values("pk")
            return self.filter(school_id__in=served)
        if role == Role.PROFESSIONAL:
            caseload = Caseload.objects.active().filter(student=OuterRef("pk"), professional=user)
            glass = BreakGlassAccess.objects.filter(
                student=OuterRef("pk"), user=user, expires_at__gt=timezone.now()
            )
            return self.filter(Exists(caseload) | Exists(glass))
        # manager, coordinator, privacy officer and accounts without a role: no student file.
        return self.none()
