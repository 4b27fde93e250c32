"""Waiting lists: one per service domain and school network, ordered by priority then age."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from intake.models import ServiceRequest, Status
from lib.stats import estimated_wait_weeks


@dataclass(frozen=True)
class Entry:
    request: ServiceRequest
    position: int
    waited_days: int
    estimated_weeks: float | None
    overdue: bool


@dataclass(frozen=True)
class ListSummary:
    domain_id: int
    domain_name: str
    network_id: int | None
    network_name: str
    length: int
    overdue: int


def network_q(network_id: int | None) -> Q:
    """A list of schools without a network is keyed by 0 in URLs."""
    return Q(network_id=network_id) if network_id else Q(network__isnull=True)


def waiting_queryset(base: QuerySet[ServiceRequest], domain_id: int, network_id: int | None) -> QuerySet[Any]:
    return (
        base.filter(network_q(network_id), status=Status.WAITING, domain_id=domain_id)
        .select_related("student__school", "domain", "network")
        .order_by("-priority", "accepted_at", "pk")
    )


def served_recently(
    base: QuerySet[ServiceRequest],
    domain_id: int,
    network_id: int | None,
    window_weeks: int,
    now: dt.datetime,
) -> int:
    """Assignments of this list in the `window_weeks` before `now`, among the requests of `base`.

    Counted in `base` (the viewer's centre), not in every centre: schools without a network share the
    key `network IS NULL` across centres, and another centre's pace says nothing about this list.
    """
    return base.filter(
        network_q(network_id),
        domain_id=domain_id,
        assigned_at__gte=now - dt.timedelta(weeks=window_weeks),
        assigned_at__lte=now,
    ).count()


def is_overdue(waited_days: int, limit_days: int) -> bool:
    """Overdue once the whole days waited exceed the limit: with 60 days, from the 61st day on."""
    return waited_days > limit_days


def waiting_list(
    base: QuerySet[ServiceRequest],
    domain_id: int,
    network_id: int | None,
    *,
    window_weeks: int,
    limit_days: int,
    now: dt.datetime | None = None,
) -> list[Entry]:
    now = now or timezone.now()
    served = served_recently(base, domain_id, network_id, window_weeks, now)
    entries = []
    for position, request in enumerate(waiting_queryset(base, domain_id, network_id), start=1):
        waited = (now - (request.accepted_at or request.created_at)).days
        entries.append(
            Entry(
                request,
                position,
                waited,
                estimated_wait_weeks(position, served, window_weeks),
                is_overdue(waited, limit_days),
            )
        )
    return entries


def list_summaries(
    base: QuerySet[ServiceRequest], limit_days: int, now: dt.datetime | None = None
) -> list[ListSummary]:
    now = now or timezone.now()
    # Same rule as the entries (`is_overdue`): more than `limit_days` whole days since acceptance,
    # i.e. accepted at least `limit_days + 1` days ago.
    limit = now - dt.timedelta(days=limit_days + 1)
    rows = (
        base.filter(status=Status.WAITING)
        .annotate(waiting_since=Coalesce("accepted_at", "created_at"))
        .values("domain_id", "domain__name", "network_id", "network__name")
        .annotate(length=Count("pk"), overdue=Count("pk", filter=Q(waiting_since__lte=limit)))
        .order_by("domain__name", F("network__name").asc(nulls_last=True))
    )
    return [
        ListSummary(
            r["domain_id"],
            r["domain__name"],
            r["network_id"],
            r["network__name"] or "—",
            r["length"],
            r["overdue"],
        )
        for r in rows
    ]
