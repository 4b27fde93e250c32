"""The school's context (IMSE and SFR deciles, level, students, groups) and the observations of its
teachers by domain."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from core.models import School
from insights.models import Observation, ObservationDomain
from insights.panels import GROUP, SCHOOL, Panel, Scope, register
from insights.providers.common import bar
from students.models import Group, Student


@register("core.context", (SCHOOL,), order=1)
def context(scope: Scope) -> Panel | None:
    if scope.school_id is None:
        return None
    school = School.objects.filter(pk=scope.school_id).values("imse_decile", "sfr_decile", "level").first()
    if school is None:
        return None
    students = Student.objects.filter(school_id=scope.school_id).count()
    groups = Group.objects.filter(school_id=scope.school_id, school_year__is_current=True).count()
    level = str(School.Level(school["level"]).label) if school["level"] else "—"
    rows: list[list[Any]] = [
        [_("Rang décile IMSE (1 favorisé, 10 défavorisé)"), school["imse_decile"] or "—"],
        [_("Rang décile SFR"), school["sfr_decile"] or "—"],
        [_("Ordre d'enseignement"), level],
        [_("Élèves inscrits"), students],
        [_("Groupes de l'année en cours"), groups],
    ]
    return Panel(
        key="core.context",
        title=_("L'école en contexte"),
        description=_("Indices de défavorisation du ministère (8 à 10 : milieu défavorisé)."),
        columns=[_("Indicateur"), _("Valeur")],
        rows=rows,
    )


@register("insights.observations", (SCHOOL, GROUP), order=40)
def observations(scope: Scope) -> Panel:
    counts = dict(
        Observation.objects.filter(
            scope.students_q(), observed_on__gte=scope.filters.start, observed_on__lte=scope.filters.end
        )
        .values_list("domain")
        .annotate(n=Count("pk"))
        .values_list("domain", "n")
        .order_by()
    )
    table = [[str(label), counts.get(code, 0)] for code, label in ObservationDomain.choices]
    columns = [_("Domaine"), _("Observations")]
    return Panel(
        key="insights.observations",
        title=_("Observations en classe par domaine"),
        columns=columns,
        rows=table,
        chart=bar([r[0] for r in table], [(columns[1], [r[1] for r in table])]),
    )
