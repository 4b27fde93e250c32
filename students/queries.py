"""`visible_to(user)`: the only way views and the API list students. Denied by default.

It must agree with `students.authorizer.access_reason` (a property test checks it).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone

from core.models import Role, User


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
            # The ids of the schools served, read once per request (User.served_school_ids) and given as
            # a literal list: PostgreSQL then estimates a school's few hundred students right and reads
            # them by the school index, instead of walking the whole name index (bench/permissions.py:
            # 93 → 2 ms for a principal's search at 100,000 students).
            return self.filter(school_id__in=sorted(user.served_school_ids()))
        if role == Role.PROFESSIONAL:
            # One IN over the union of both id lists: the database walks the primary key, not every student.
            caseload = Caseload.objects.active().filter(professional=user).order_by().values("student_id")
            opened = BreakGlassAccess.objects.filter(user=user, expires_at__gt=timezone.now())
            glass = opened.order_by().values("student_id")
            return self.filter(pk__in=caseload.union(glass))
        # manager, coordinator, privacy officer and accounts without a role: no student file.
        return self.none()
