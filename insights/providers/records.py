"""Services delivered, from the acts of the professional records: acts and hours by profession and by
school, the modality mix (share of telepractice) week by week, the caseload of each professional."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext as _

from core.models import Profession
from insights.panels import CENTRE, SCHOOL, Panel, Scope, register
from insights.providers.common import as_date, bar, week_labels
from lib.portraits import percent, share
from records.models import Entry, EntryKind, EntryModality
from students.models import Caseload

ACT_KINDS = (EntryKind.PROGRESS_NOTE, EntryKind.EVALUATION_REPORT, EntryKind.INDIRECT_SERVICE)


def acts(scope: Scope) -> Any:
    """The acts of the period: entries that record a service (not a correction of another entry)."""
    start, end = scope.filters.start, scope.filters.end
    qs = Entry.objects.filter(
        scope.students_q("record__student__"),
        kind__in=ACT_KINDS,
        corrects__isnull=True,
        service_date__gte=start,
        service_date__lte=end,
    )
    if scope.filters.profession:
        qs = qs.filter(record__profession=scope.filters.profession)
    return qs


def hours(minutes: int | None) -> float:
    return round((minutes or 0) / 60, 1)


def profession_label(code: str) -> str:
    try:
        return str(Profession(code).label)
    except ValueError:
        return code


@register("records.by_profession", (CENTRE, SCHOOL), order=20)
def by_profession(scope: Scope) -> Panel:
    rows = (
        acts(scope)
        .values("record__profession")
        .annotate(
            n=Count("pk"), minutes=Sum("duration_minutes"), students=Count("record__student", distinct=True)
        )
        .order_by("record__profession")
    )
    table = [
        [
            profession_label(r["record__profession"]),
            scope.count(r["n"]),
            scope.figure(hours(r["minutes"]), r["n"]),
            scope.count(r["students"]),
        ]
        for r in rows
    ]
    columns = [_("Profession"), _("Actes"), _("Heures"), _("Élèves servis")]
    return Panel(
        key="records.by_profession",
        title=_("Services rendus par profession"),
        description=_(
            "Actes consignés aux dossiers professionnels (notes, évaluations, services indirects)."
        ),
        columns=columns,
        rows=table,
        chart=bar(
            [r[0] for r in table], [(columns[1], [r[1] for r in table]), (columns[2], [r[2] for r in table])]
        ),
    )


@register("records.by_school", (CENTRE,), order=21)
def by_school(scope: Scope) -> Panel:
    rows = (
        acts(scope)
        .values("record__student__school__name")
        .annotate(
            n=Count("pk"), minutes=Sum("duration_minutes"), students=Count("record__student", distinct=True)
        )
        .order_by("record__student__school__name")
    )
    table = [
        [
            r["record__student__school__name"],
            scope.count(r["n"]),
            scope.figure(hours(r["minutes"]), r["n"]),
            scope.count(r["students"]),
        ]
        for r in rows
    ]
    columns = [_("École"), _("Actes"), _("Heures"), _("Élèves servis")]
    return Panel(
        key="records.by_school",
        title=_("Services rendus par école"),
        columns=columns,
        rows=table,
        chart=bar([r[0] for r in table], [(columns[2], [r[2] for r in table])], indexAxis="y"),
    )


@register("records.weekly", (CENTRE, SCHOOL), order=22)
def weekly_modality(scope: Scope) -> Panel:
    rows = (
        acts(scope)
        .annotate(week=TruncWeek("service_date"))
        .values("week", "modality")
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
        .order_by()
    )
    by_week: dict[Any, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        week = by_week[as_date(r["week"])]
        week[r["modality"] or "none"] += r["n"]
        week["minutes"] += r["minutes"] or 0
    table = []
    for w in week_labels(scope):
        week = by_week.get(w, {})
        tele = week.get(EntryModality.TELEPRACTICE, 0)
        total = sum(v for k, v in week.items() if k != "minutes")
        table.append(
            [
                w,
                scope.count(total),
                scope.figure(hours(week.get("minutes", 0)), total),
                scope.count(week.get(EntryModality.IN_PERSON, 0)),
                scope.count(tele),
                scope.count(week.get(EntryModality.PHONE, 0)),
                scope.figure(percent(share(tele, total)), total),
            ]
        )
    columns = [
        _("Semaine du"),
        _("Actes"),
        _("Heures"),
        _("En présence"),
        _("Télépratique"),
        _("Téléphone"),
        _("Part de la télépratique"),
    ]
    return Panel(
        key="records.weekly",
        title=_("Services rendus et modalité, semaine par semaine"),
        columns=columns,
        rows=table,
        chart=bar(
            [r[0] for r in table],
            [
                (columns[3], [r[3] for r in table]),
                (columns[4], [r[4] for r in table]),
                (columns[5], [r[5] for r in table]),
            ],
            stacked=True,
        ),
    )


@register("records.caseload", (CENTRE,), order=23)
def caseload(scope: Scope) -> Panel:
    """Active caseload and time delivered, per professional (staff names, no student)."""
    loads = Caseload.objects.active().filter(scope.students_q())
    if scope.filters.profession:
        loads = loads.filter(professional__profession=scope.filters.profession)
    people = {
        r["professional_id"]: r
        for r in loads.values(
            "professional_id",
            "professional__first_name",
            "professional__last_name",
            "professional__profession",
        )
        .annotate(n=Count("pk"))
        .order_by()
    }
    delivered = {
        r["record__professional_id"]: r
        for r in acts(scope)
        .values("record__professional_id")
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
        .order_by()
    }
    start, end = scope.weeks()
    weeks = max(1, ((end - start).days + 1) / 7)
    table = []
    for pk, p in sorted(
        people.items(), key=lambda i: (i[1]["professional__last_name"], i[1]["professional__first_name"])
    ):
        done = delivered.get(pk, {})
        table.append(
            [
                f"{p['professional__first_name']} {p['professional__last_name']}",
                profession_label(p["professional__profession"]),
                scope.count(p["n"]),
                done.get("n", 0),
                hours(done.get("minutes")),
                round(hours(done.get("minutes")) / weeks, 1),
            ]
        )
    columns = [
        _("Professionnel·le"),
        _("Profession"),
        _("Charge de cas active"),
        _("Actes"),
        _("Heures"),
        _("Heures par semaine"),
    ]
    return Panel(
        key="records.caseload",
        title=_("Charge de cas et temps de service par professionnel·le"),
        description=_("Le temps disponible de chacun viendra des disponibilités des rendez-vous."),
        columns=columns,
        rows=table,
        chart=bar(
            [r[0] for r in table],
            [(columns[2], [r[2] for r in table]), (columns[5], [r[5] for r in table])],
            indexAxis="y",
        ),
    )
