"""Indicators the manager needs (the dashboards issue charts them). Computed from the requests the
user may see, so the same permission layer applies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from intake.models import ServiceEpisode, ServiceRequest, Status
from lib.stats import median, percentile


@dataclass(frozen=True)
class Durations:
    count: int
    median_days: float | None
    p90_days: float | None


def _durations(days: list[float]) -> Durations:
    return Durations(len(days), median(days), percentile(days, 90))


def requests_by(base: QuerySet[ServiceRequest], *fields: str) -> list[dict[str, Any]]:
    return list(base.values(*fields).annotate(count=Count("pk")).order_by(*fields))


def time_to_triage(base: QuerySet[ServiceRequest]) -> Durations:
    rows = base.filter(triaged_at__isnull=False).values_list("created_at", "triaged_at")
    return _durations([(t - c).total_seconds() / 86400 for c, t in rows if t is not None])


def time_to_first_service(base: QuerySet[ServiceRequest]) -> Durations:
    rows = ServiceEpisode.objects.filter(request__in=base, first_service_at__isnull=False).values_list(
        "request__created_at", "first_service_at"
    )
    return _durations([(f - c).total_seconds() / 86400 for c, f in rows if f is not None])


def share_redirected_or_refused(base: QuerySet[ServiceRequest]) -> dict[str, float | None]:
    triaged = base.exclude(status__in=[Status.SUBMITTED, Status.INFO_REQUESTED, Status.WITHDRAWN]).count()
    if not triaged:
        return {"redirected": None, "refused": None}
    return {
        "redirected": base.filter(status=Status.REDIRECTED).count() / triaged,
        "refused": base.filter(status=Status.REFUSED).count() / triaged,
    }


def summary(base: QuerySet[ServiceRequest]) -> dict[str, Any]:
    return {
        "by_domain_and_status": requests_by(base, "domain__name", "status"),
        "by_network": requests_by(base, "network__name"),
        "waiting_lengths": requests_by(base.filter(status=Status.WAITING), "domain__name", "network__name"),
        "time_to_triage": time_to_triage(base),
        "time_to_first_service": time_to_first_service(base),
        "shares": share_redirected_or_refused(base),
    }
