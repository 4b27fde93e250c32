"""`visible_to(user)` for service requests. Denied by default.

coordinator, manager: every request of their centre; principal: requests for students of their schools;
teacher: the requests they filed; professional: assigned to them or filed by them; guardian: their
children's; student: their own. The privacy officer sees none (the audit is their window).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from core.models import Role


def requests_visible_to(user: Any) -> QuerySet[Any]:
    from intake.models import ServiceRequest

    qs = ServiceRequest.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    role = user.role
    if role in (Role.COORDINATOR, Role.MANAGER):
        return qs.filter(student__school__centre=user.centre_id) if user.centre_id else qs.none()
    if role == Role.PRINCIPAL:
        return qs.filter(student__school__in=user.served_school_ids())
    if role == Role.TEACHER:
        return qs.filter(requested_by=user)
    if role == Role.PROFESSIONAL:
        return qs.filter(Q(assigned_to=user) | Q(requested_by=user))
    if role == Role.GUARDIAN:
        return qs.filter(student__guardian_links__guardian__user=user).distinct()
    if role == Role.STUDENT:
        return qs.filter(student__user=user)
    return qs.none()
