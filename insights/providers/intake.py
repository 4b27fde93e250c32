"""Intake panels: requests by domain, network and status; waiting lists with median and 90th percentile
of the wait; time from request to first service; requests and first services week by week."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import ServiceDomain
from insights.panels import CENTRE, SCHOOL, Panel, Scope, register
from insights.providers.common import as_date, bar, days_between, period_bounds, week_labels
from intake.models import ServiceEpisode, ServiceRequest, Status
from lib.portraits import median_and_p90, suppress_figure

SHOWN_STATUSES = (Status.SUBMITTED, Status.WAITING, Status.ASSIGNED, Status.CLOSED, Status.REDIRECTED)


def domains_q(scope: Scope, prefix: str = "") -> Q:
    """The profession filter on requests: the services that this profession provides."""
    if not scope.filters.profession:
        return Q()
    ids = [
        pk
        for pk, professions in ServiceDomain.objects.values_list("pk", "professions")
        if scope.filters.profession in (professions or [])
    ]
    return Q(**{f"{prefix}domain_id__in": ids})


def _requests(scope: Scope) -> Any:
    low, high = period_bounds(scope)
    return ServiceRequest.objects.filter(
        scope.students_q(), domains_q(scope), created_at__gte=low, created_at__lt=high
    )


@register("intake.requests", (CENTRE, SCHOOL), order=10)
def requests_by_domain(scope: Scope) -> Panel:
    rows = _requests(scope).values("domain__name", "status").annotate(n=Count("pk")).order_by("domain__name")
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        status = r["status"] if r["status"] in SHOWN_STATUSES else "other"
        table[r["domain__name"]][status] += r["n"]
    domains = sorted(table)
    statuses = [*SHOWN_STATUSES, "other"]
    names = [str(Status(s).label) for s in SHOWN_STATUSES] + [_("Autres (précisions, refus, retrait)")]
    data = [[scope.count(table[d][s]) for s in statuses] for d in domains]
    totals = [scope.count(sum(table[d].values())) for d in domains]
    return Panel(
        key="intake.requests",
        title=_("Demandes reçues par service et par statut"),
        description=_("Demandes de la période, selon leur statut aujourd'hui."),
        columns=[_("Service"), *names, _("Total")],
        rows=[[d, *data[i], totals[i]] for i, d in enumerate(domains)],
        chart=bar(domains, [(n, [row[j] for row in data]) for j, n in enumerate(names)], stacked=True),
    )


@register("intake.networks", (CENTRE,), order=11)
def requests_by_network(scope: Scope) -> Panel:
    rows = (
        _requests(scope)
        .values("network__name")
        .annotate(
            n=Count("pk"),
            waiting=Count("pk", filter=Q(status=Status.WAITING)),
            assigned=Count("pk", filter=Q(status=Status.ASSIGNED)),
            closed=Count("pk", filter=Q(status=Status.CLOSED)),
        )
        .order_by("network__name")
    )
    table = [
        [r["network__name"] or "—", *(scope.count(r[k]) for k in ("n", "waiting", "assigned", "closed"))]
        for r in rows
    ]
    labels = [_("Reçues"), _("En attente"), _("Assignées"), _("Fermées")]
    return Panel(
        key="intake.networks",
        title=_("Demandes par réseau d'écoles"),
        columns=[_("Réseau"), *labels],
        rows=table,
        chart=bar([r[0] for r in table], [(labels[j], [r[j + 1] for r in table]) for j in range(4)]),
    )


def _waits(scope_q: Q, now: object) -> dict[str, list[float]]:
    rows = (
        ServiceRequest.objects.filter(scope_q, status=Status.WAITING)
        .annotate(since=Coalesce("accepted_at", "created_at"))
        .values_list("domain__name", "since")
    )
    waits: dict[str, list[float]] = defaultdict(list)
    for domain, since in rows:
        waits[domain].append(days_between(since, now))
    return waits


@register("intake.waiting", (CENTRE, SCHOOL), order=12)
def waiting_lists(scope: Scope) -> Panel:
    now = timezone.now()
    waits = _waits(scope.students_q() & domains_q(scope), now)
    columns = [_("Service"), _("En attente"), _("Attente médiane (jours)"), _("90e centile (jours)")]
    compare: dict[str, list[float]] = {}
    if scope.kind == SCHOOL:
        compare = _waits(
            Q(student__school__centre_id=scope.centre_id, student__school__level=scope.level), now
        )
        columns.append(_("Médiane des écoles du même ordre (centre)"))
    rows = []
    for domain in sorted(set(waits) | set(compare)):
        values = waits.get(domain, [])
        med, p90 = median_and_p90(values)
        row = [
            domain,
            scope.count(len(values)),
            scope.figure(med, len(values)),
            scope.figure(p90, len(values)),
        ]
        if scope.kind == SCHOOL:
            others = compare.get(domain, [])
            row.append(suppress_figure(median_and_p90(others)[0], len(others)))
        rows.append(row)
    return Panel(
        key="intake.waiting",
        title=_("Listes d'attente : longueur et attente"),
        description=_("Attente comptée depuis l'acceptation de la demande, jusqu'à aujourd'hui."),
        columns=columns,
        rows=rows,
        chart=bar(
            [r[0] for r in rows],
            [(columns[2], [r[2] for r in rows]), (columns[3], [r[3] for r in rows])],
            y=_("jours"),
        ),
    )


@register("intake.first_service", (CENTRE, SCHOOL), order=13)
def first_service(scope: Scope) -> Panel:
    low, high = period_bounds(scope)
    rows = ServiceEpisode.objects.filter(
        scope.students_q("request__student__"),
        domains_q(scope, "request__"),
        first_service_at__gte=low,
        first_service_at__lt=high,
    ).values_list("request__domain__name", "request__created_at", "first_service_at")
    delays: dict[str, list[float]] = defaultdict(list)
    for domain, created, first in rows:
        delays[domain].append(days_between(created, first))
    table = []
    for domain in sorted(delays):
        med, p90 = median_and_p90(delays[domain])
        n = len(delays[domain])
        table.append([domain, scope.count(n), scope.figure(med, n), scope.figure(p90, n)])
    columns = [_("Service"), _("Premiers services"), _("Délai médian (jours)"), _("90e centile (jours)")]
    return Panel(
        key="intake.first_service",
        title=_("Délai entre la demande et le premier service"),
        columns=columns,
        rows=table,
        chart=bar(
            [r[0] for r in table],
            [(columns[2], [r[2] for r in table]), (columns[3], [r[3] for r in table])],
            y=_("jours"),
        ),
    )


@register("intake.weekly", (CENTRE, SCHOOL), order=14)
def weekly(scope: Scope) -> Panel:
    low, high = period_bounds(scope)
    received = dict(
        ServiceRequest.objects.filter(
            scope.students_q(), domains_q(scope), created_at__gte=low, created_at__lt=high
        )
        .annotate(week=TruncWeek("created_at"))
        .values_list("week")
        .annotate(n=Count("pk"))
        .values_list("week", "n")
        .order_by()
    )
    served = dict(
        ServiceEpisode.objects.filter(
            scope.students_q("request__student__"),
            domains_q(scope, "request__"),
            first_service_at__gte=low,
            first_service_at__lt=high,
        )
        .annotate(week=TruncWeek("first_service_at"))
        .values_list("week")
        .annotate(n=Count("pk"))
        .values_list("week", "n")
        .order_by()
    )
    received = {as_date(k): v for k, v in received.items()}
    served = {as_date(k): v for k, v in served.items()}
    weeks = week_labels(scope)
    table = [[w, scope.count(received.get(w, 0)), scope.count(served.get(w, 0))] for w in weeks]
    columns = [_("Semaine du"), _("Demandes reçues"), _("Premiers services")]
    return Panel(
        key="intake.weekly",
        title=_("Demandes et premiers services, semaine par semaine"),
        columns=columns,
        rows=table,
        chart=bar(
            weeks, [(columns[1], [r[1] for r in table]), (columns[2], [r[2] for r in table])], type="line"
        ),
    )


@register("intake.waiting_weekly", (CENTRE, SCHOOL), order=15)
def waiting_weekly(scope: Scope) -> Panel:
    """The length of the waiting lists at the end of each week: accepted by then and not yet off the
    list (assigned, or closed: redirected, refused, withdrawn — every exit sets `closed_at`)."""
    weeks = week_labels(scope)
    tz = timezone.get_current_timezone()
    ends = [dt.datetime.combine(w + dt.timedelta(days=7), dt.time.min, tzinfo=tz) for w in weeks]
    counts = [0] * len(weeks)
    if ends:
        first_end = ends[0]
        rows = ServiceRequest.objects.filter(
            Q(assigned_at__isnull=True) | Q(assigned_at__gte=first_end),
            Q(closed_at__isnull=True) | Q(closed_at__gte=first_end),
            scope.students_q(),
            domains_q(scope),
            accepted_at__lt=ends[-1],
        ).values_list("accepted_at", "assigned_at", "closed_at", "status")
        for accepted, assigned, closed, status in rows:
            if accepted is None:
                continue
            left = assigned or closed or (None if status == Status.WAITING else accepted)
            for i, week_end in enumerate(ends):
                if accepted < week_end and (left is None or left >= week_end):
                    counts[i] += 1
    table = [[w, scope.count(n)] for w, n in zip(weeks, counts, strict=True)]
    columns = [_("Semaine du"), _("En liste d'attente à la fin de la semaine")]
    return Panel(
        key="intake.waiting_weekly",
        title=_("Longueur des listes d'attente, semaine par semaine"),
        columns=columns,
        rows=table,
        chart=bar(weeks, [(columns[1], [r[1] for r in table])], type="line"),
    )
