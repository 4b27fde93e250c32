"""Early-warning panels of the school and class portraits, from the facts that early warning keeps:
attendance week by week (`StudentWeek`), results by subject and étape against the same-level schools
of the centre and the zones of vulnerability (`Grade`, current school year), students by fired
criterion (`RiskScore` of the active default criteria set, latest week of the period).

A result succeeds at 60 % or more (the pass mark of the Régime pédagogique). A zone of vulnerability is a
subject of a grade level whose success rate at the school's latest étape is under 70 %."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db.models import Avg, Count, Max, Q, Sum
from django.utils.translation import gettext as _

from earlywarning.facts import FRENCH, MATH
from earlywarning.models import CriteriaSet, Grade, RiskScore, StudentWeek
from insights.panels import GROUP, SCHOOL, Panel, Scope, register
from insights.providers.common import bar
from lib.portraits import percent, share, suppress_figure, week_start
from lib.schoolyear import school_year_label

PASS_MARK = 60
VULNERABLE_BELOW = 0.70


def subject_label(code: str) -> str:
    return {FRENCH: _("Français"), MATH: _("Mathématique")}.get(code, code.replace("_", " ").capitalize())


def presence(periods: int | None, absent: int | None) -> float | None:
    return round(100 * (periods - (absent or 0)) / periods, 1) if periods else None


def weeks_q(scope: Scope) -> Q:
    """The student-weeks of the scope: the school or group the student was in that week."""
    start, end = scope.weeks()
    q = Q(week__gte=week_start(start), week__lte=end)
    if scope.kind == GROUP:
        return q & Q(group_id=scope.group_id)
    return q & Q(school_id=scope.school_id)


@register("earlywarning.attendance", (SCHOOL, GROUP), order=60)
def attendance(scope: Scope) -> Panel:
    rows = (
        StudentWeek.objects.filter(weeks_q(scope))
        .values("week")
        .annotate(
            students=Count("student_id"),
            periods=Sum("periods"),
            absent=Sum("absent"),
            unexcused=Sum("unexcused"),
        )
        .order_by("week")
    )
    table = [
        [
            r["week"].isoformat(),
            r["students"],
            presence(r["periods"], r["absent"]),
            percent(share(r["unexcused"], r["periods"])),
        ]
        for r in rows
    ]
    columns = [_("Semaine du"), _("Élèves"), _("Présence (%)"), _("Absences non motivées")]
    return Panel(
        key="earlywarning.attendance",
        title=_("Assiduité semaine par semaine"),
        description=_("Part des périodes où les élèves étaient présents (retards compris), chaque semaine."),
        columns=columns,
        rows=table,
        chart=bar([r[0] for r in table], [(columns[2], [r[2] for r in table])], type="line", y=columns[2]),
    )


def _results(qs: Any) -> dict[tuple[str, int], dict[str, Any]]:
    rows = (
        qs.values("subject", "etape")
        .annotate(n=Count("pk"), passed=Count("pk", filter=Q(grade__gte=PASS_MARK)), mean=Avg("grade"))
        .order_by()
    )
    return {(r["subject"], r["etape"]): r for r in rows}


@register("earlywarning.results", (SCHOOL,), order=61)
def results(scope: Scope) -> Panel | None:
    if scope.school_id is None:
        return None
    year = school_year_label(scope.today)
    mine = _results(Grade.objects.filter(student__school_id=scope.school_id, school_year=year))
    if not mine:
        return None
    same = Grade.objects.filter(
        student__school__centre_id=scope.centre_id, student__school__level=scope.level, school_year=year
    )
    centre = _results(same)
    table = []
    for key in sorted(mine, key=lambda k: (subject_label(k[0]), k[1])):
        r, c = mine[key], centre.get(key, {"n": 0, "passed": 0, "mean": None})
        table.append(
            [
                f"{subject_label(key[0])}, {_('étape')} {key[1]}",
                r["n"],
                percent(share(r["passed"], r["n"])),
                round(float(r["mean"]), 1),
                suppress_figure(percent(share(c["passed"], c["n"])), c["n"]),
                suppress_figure(None if c["mean"] is None else round(float(c["mean"]), 1), c["n"]),
            ]
        )
    columns = [
        _("Matière et étape"),
        _("Résultats"),
        _("Taux de réussite"),
        _("Moyenne (%)"),
        _("Taux de réussite, écoles du même ordre"),
        _("Moyenne, écoles du même ordre (%)"),
    ]
    return Panel(
        key="earlywarning.results",
        title=_("Résultats par matière et par étape"),
        description=_(
            "Année scolaire en cours; réussite : au moins 60 sur 100. Comparaison : les écoles du même ordre "
            "d'enseignement du centre (l'école comprise), masquée sous 5 résultats."
        ),
        columns=columns,
        rows=table,
        chart=bar(
            [r[0] for r in table], [(columns[3], [r[3] for r in table]), (columns[5], [r[5] for r in table])]
        ),
    )


@register("earlywarning.vulnerability", (SCHOOL,), order=62)
def vulnerability(scope: Scope) -> Panel | None:
    if scope.school_id is None:
        return None
    grades = Grade.objects.filter(
        student__school_id=scope.school_id, school_year=school_year_label(scope.today)
    )
    latest = grades.aggregate(e=Max("etape"))["e"]
    if latest is None:
        return None
    rows = (
        grades.filter(etape=latest)
        .values("student__grade_level", "subject")
        .annotate(n=Count("pk"), passed=Count("pk", filter=Q(grade__gte=PASS_MARK)))
        .order_by()
    )
    found = sorted(rows, key=lambda r: (r["passed"] / r["n"], r["student__grade_level"], r["subject"]))
    table = [
        [
            f"{r['student__grade_level']} · {subject_label(r['subject'])}",
            r["n"],
            percent(share(r["passed"], r["n"])),
            _("oui") if r["passed"] / r["n"] < VULNERABLE_BELOW else _("non"),
        ]
        for r in found
    ]
    rates = [round(100 * r["passed"] / r["n"], 1) for r in found]
    return Panel(
        key="earlywarning.vulnerability",
        title=_("Zones de vulnérabilité : matières et niveaux où la réussite est faible"),
        description=_(
            "Étape %(etape)s de l'année en cours; zone de vulnérabilité : moins de 70 %% de réussite."
        )
        % {"etape": latest},
        columns=[_("Niveau et matière"), _("Résultats"), _("Taux de réussite"), _("Zone de vulnérabilité")],
        rows=table,
        chart=bar([r[0] for r in table], [(_("Taux de réussite (%)"), rates)], indexAxis="y"),
    )


@register("earlywarning.criteria", (SCHOOL,), order=63)
def criteria(scope: Scope) -> Panel | None:
    chosen = CriteriaSet.objects.filter(is_default=True).values("pk", "criteria").first()
    if chosen is None or scope.school_id is None:
        return None
    start, end = scope.weeks()
    scores = RiskScore.objects.filter(
        criteria_set_id=chosen["pk"], school_id=scope.school_id, week__gte=week_start(start), week__lte=end
    )
    week = scores.aggregate(w=Max("week"))["w"]
    if week is None:
        return None
    fired: Counter[str] = Counter()
    scored = 0
    for row in scores.filter(week=week).values_list("fired", flat=True):
        scored += 1
        fired.update({item["code"] for item in row or []})
    names: dict[str, str] = defaultdict(str, {c["code"]: c["name"] for c in chosen["criteria"]})
    table = [
        [names[c["code"]] or c["code"], fired[c["code"]], percent(share(fired[c["code"]], scored))]
        for c in chosen["criteria"]
    ]
    columns = [_("Critère"), _("Élèves"), _("Part des élèves évalués")]
    return Panel(
        key="earlywarning.criteria",
        title=_("Élèves par critère de repérage déclenché"),
        description=_("Semaine du %(week)s, ensemble de critères par défaut; %(n)s élèves évalués.")
        % {"week": week.isoformat(), "n": scored},
        columns=columns,
        rows=table,
        chart=bar([r[0] for r in table], [(columns[1], [r[1] for r in table])], indexAxis="y"),
    )
