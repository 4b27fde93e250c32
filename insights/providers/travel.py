"""The centre's travel panel: each professional's kilometres and hours on the road between schools over
the period, and those that telepractice avoided, with the rules of `scheduling.travel` (a day's route
through the schools of its in-person appointments in time order; a telepractice session avoided the
round trip from the professional's school of that day to the student's school) computed for everyone
at once from three queries (appointments, weekly patterns, first school of each professional)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from insights.panels import CENTRE, Panel, Scope, register
from insights.providers.common import bar
from insights.providers.scheduling import appointments
from lib.scheduling import travel as logic
from scheduling import config
from scheduling.models import ACTIVE_STATUSES, Appointment, AvailabilityPattern, Modality

SCHOOL = "appointment__school__"
STUDENT_SCHOOL = "appointment__episode__request__student__school__"


def _place(row: Any, prefix: str) -> logic.Place | None:
    if row[prefix + "latitude"] is None or row[prefix + "longitude"] is None:
        return None
    return logic.Place(
        row[prefix + "id"], "", float(row[prefix + "latitude"]), float(row[prefix + "longitude"])
    )


def _fields(prefix: str) -> list[str]:
    return [prefix + f for f in ("id", "latitude", "longitude")]


@register("scheduling.travel", (CENTRE,), order=26)
def travel(scope: Scope) -> Panel:
    through = Appointment.professionals.through
    links = through.objects.filter(
        appointment__in=appointments(scope).filter(status__in=ACTIVE_STATUSES).values("pk")
    )
    if scope.filters.profession:
        links = links.filter(user__profession=scope.filters.profession)
    rows = list(
        links.values(
            "user_id",
            "user__first_name",
            "user__last_name",
            "appointment__starts_at",
            "appointment__modality",
            *_fields(SCHOOL),
            *_fields(STUDENT_SCHOOL),
        ).order_by("appointment__starts_at")
    )
    people = {r["user_id"]: f"{r['user__first_name']} {r['user__last_name']}" for r in rows}
    patterns: dict[tuple[int, int], logic.Place | None] = {}
    for pattern in (
        AvailabilityPattern.objects.filter(professional_id__in=people, school__isnull=False)
        .values("professional_id", "weekday", "school__id", "school__latitude", "school__longitude")
        .order_by("-starts")
    ):
        patterns[(pattern["professional_id"], pattern["weekday"])] = _place(
            dict(pattern), "school__"
        )  # earliest
    first_school: dict[int, logic.Place | None] = {}
    for link in (
        get_user_model()
        .schools.through.objects.filter(user_id__in=people)
        .values("user_id", "school__id", "school__latitude", "school__longitude")
        .order_by("-school_id")
    ):
        first_school[link["user_id"]] = _place(dict(link), "school__")  # the lowest pk wins
    days: dict[tuple[int, Any], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        days[(r["user_id"], timezone.localtime(r["appointment__starts_at"]).date())].append(r)
    params = config.travel_params()
    totals: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for (pk, day), visits in days.items():
        stops = [_place(v, SCHOOL) for v in visits if v["appointment__modality"] == Modality.SCHOOL]
        route = logic.route([s for s in stops if s is not None], params)
        base = (
            patterns.get((pk, day.weekday()))
            or (route.stops[0] if route.stops else None)
            or first_school.get(pk)
        )
        avoided = [
            leg
            for v in visits
            if v["appointment__modality"] == Modality.TELEPRACTICE
            and (leg := logic.avoided(base, _place(v, STUDENT_SCHOOL), params)) is not None
        ]
        total = totals[pk]
        total[0] += route.km
        total[1] += route.minutes / 60
        total[2] += sum(x.km for x in avoided)
        total[3] += sum(x.minutes for x in avoided) / 60
    table = [
        [people[pk], *(round(v, 1) for v in totals[pk])]
        for pk in sorted(totals, key=lambda k: people[k].split(" ", 1)[-1] + people[k])
    ]
    columns = [
        _("Professionnel·le"),
        _("Kilomètres parcourus"),
        _("Heures de déplacement"),
        _("Kilomètres évités par la télépratique"),
        _("Heures évitées par la télépratique"),
    ]
    return Panel(
        key="scheduling.travel",
        title=_("Déplacements entre les écoles, et ceux évités par la télépratique"),
        description=_(
            "Rendez-vous de la période (annulés exclus) : trajet de chaque journée entre les écoles "
            "visitées, aller-retour évité par chaque séance en télépratique."
        ),
        columns=columns,
        rows=table,
        chart=bar(
            [r[0] for r in table],
            [(columns[1], [r[1] for r in table]), (columns[3], [r[3] for r in table])],
            indexAxis="y",
        ),
    )
