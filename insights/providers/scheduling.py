"""Scheduling panels: the modality of the appointments (share of telepractice planned) and the rate of
appointments the student missed (no-shows), from `scheduling.Appointment`.

An appointment counts once per school of its students (a group session of two schools counts in both);
it belongs to the period by its start. The profession filter keeps the appointments of a professional of
that profession."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from insights.panels import CENTRE, SCHOOL, Panel, Scope, register
from insights.providers.common import bar, period_bounds
from lib.portraits import percent, share
from scheduling.models import CANCELLED_STATUSES, Appointment, AvailabilityPattern, Modality, Status


def appointments(scope: Scope) -> Any:
    low, high = period_bounds(scope)
    qs = Appointment.objects.filter(scope.students_q("students__"), starts_at__gte=low, starts_at__lt=high)
    if scope.filters.profession:
        qs = qs.filter(professionals__profession=scope.filters.profession)
    return Appointment.objects.filter(pk__in=qs.values("pk"))


@register("scheduling.modality", (CENTRE, SCHOOL), order=23)
def modality(scope: Scope) -> Panel:
    counts = dict(
        appointments(scope)
        .exclude(status__in=CANCELLED_STATUSES)
        .values_list("modality")
        .annotate(n=Count("pk"))
        .values_list("modality", "n")
        .order_by()
    )
    total = sum(counts.values())
    table = [
        [
            str(label),
            scope.count(counts.get(code, 0)),
            scope.figure(percent(share(counts.get(code, 0), total)), total),
        ]
        for code, label in Modality.choices
    ]
    columns = [_("Modalité"), _("Rendez-vous"), _("Part")]
    return Panel(
        key="scheduling.modality",
        title=_("Modalité des rendez-vous"),
        description=_("Rendez-vous de la période, annulés exclus : part de la télépratique planifiée."),
        columns=columns,
        rows=table,
        chart=bar([r[0] for r in table], [(columns[1], [r[1] for r in table])]),
    )


@register("scheduling.no_shows", (CENTRE, SCHOOL), order=24)
def no_shows(scope: Scope) -> Panel:
    rows = (
        appointments(scope)
        .filter(status__in=(Status.HELD, Status.ABSENT, Status.CANCELLED_LATE))
        .values("students__school__name")
        .annotate(
            held=Count("pk", distinct=True, filter=Q(status=Status.HELD)),
            absent=Count("pk", distinct=True, filter=Q(status=Status.ABSENT)),
            late=Count("pk", distinct=True, filter=Q(status=Status.CANCELLED_LATE)),
        )
        .order_by("students__school__name")
    )
    table = []
    for r in rows:
        due = r["held"] + r["absent"]
        table.append(
            [
                r["students__school__name"],
                scope.count(r["held"]),
                scope.count(r["absent"]),
                scope.count(r["late"]),
                scope.figure(percent(share(r["absent"], due)), due),
            ]
        )
    columns = [_("École"), _("Tenus"), _("Élève absent"), _("Annulés tardivement"), _("Taux d'absence")]
    return Panel(
        key="scheduling.no_shows",
        title=_("Absences aux rendez-vous"),
        description=_(
            "Taux d'absence : rendez-vous où l'élève était absent, sur les rendez-vous tenus ou manqués."
        ),
        columns=columns,
        rows=table,
        chart=bar(
            [r[0] for r in table],
            [(columns[1], [r[1] for r in table]), (columns[2], [r[2] for r in table])],
            stacked=True,
        ),
    )


def available_hours(professional_ids: list[int], today: dt.date) -> dict[int, float]:
    """Hours a week each professional is available (their weekly patterns of the school year of
    `today`), in one query: the time against which the caseload panel sets the time delivered."""
    found: dict[int, float] = defaultdict(float)
    for pk, starts, ends in AvailabilityPattern.objects.filter(
        professional_id__in=professional_ids, school_year__start__lte=today, school_year__end__gte=today
    ).values_list("professional_id", "starts", "ends"):
        day = dt.date(2000, 1, 3)
        found[pk] += (
            dt.datetime.combine(day, ends) - dt.datetime.combine(day, starts)
        ).total_seconds() / 3600
    return {pk: round(h, 1) for pk, h in found.items()}
