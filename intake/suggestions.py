"""Who can take a request: professionals of the right profession serving the request's network,
lightest caseload first, then least travel to the student's school."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from core.models import Role, School, User
from intake.models import ServiceRequest, Status
from lib.geo import road_km


@dataclass(frozen=True)
class Suggestion:
    professional: User
    open_cases: int
    travel_km: float | None


def eligible_professionals(request: ServiceRequest) -> QuerySet[User]:
    school = request.student.school
    serves = Q(schools=school)
    if school.network_id:
        serves |= Q(networks=school.network_id) | Q(schools__network=school.network_id)
    return (
        User.objects.filter(role=Role.PROFESSIONAL, is_active=True, profession__in=request.domain.professions)
        .filter(serves)
        .distinct()
    )


def _nearest_km(schools: list[School], target: School) -> float | None:
    if target.latitude is None or target.longitude is None:
        return None
    distances = [
        road_km(float(s.latitude), float(s.longitude), float(target.latitude), float(target.longitude))
        for s in schools
        if s.latitude is not None and s.longitude is not None
    ]
    return round(min(distances), 1) if distances else None


def suggest_professionals(request: ServiceRequest, limit: int = 5) -> list[Suggestion]:
    target = request.student.school
    pros = list(
        eligible_professionals(request)
        .annotate(
            open_cases=Count(
                "assigned_requests", filter=Q(assigned_requests__status=Status.ASSIGNED), distinct=True
            )
        )
        .prefetch_related("schools", "networks__schools")
    )
    suggestions = []
    for pro in pros:
        served: dict[int, Any] = {s.pk: s for s in pro.schools.all()}
        for network in pro.networks.all():
            served.update({s.pk: s for s in network.schools.all()})
        suggestions.append(Suggestion(pro, pro.open_cases, _nearest_km(list(served.values()), target)))
    suggestions.sort(
        key=lambda s: (s.open_cases, s.travel_km if s.travel_km is not None else 1e9, str(s.professional))
    )
    return suggestions[:limit]
