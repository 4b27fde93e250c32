"""The class portrait's early-warning columns: each student's presence over the period (student-week
facts) and results at their latest étape. One query each."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from earlywarning.models import Grade, StudentWeek
from insights.columns import register_column
from insights.panels import Scope
from insights.providers.earlywarning import presence, subject_label
from lib.portraits import week_start
from lib.schoolyear import school_year_label


@register_column("earlywarning.attendance", gettext_lazy("Présence (période)"), order=45)
def attendance(scope: Scope, ids: list[int]) -> dict[int, Any]:
    start, end = scope.weeks()
    rows = (
        StudentWeek.objects.filter(student_id__in=ids, week__gte=week_start(start), week__lte=end)
        .values("student_id")
        .annotate(periods=Sum("periods"), absent=Sum("absent"))
        .order_by()
    )
    return {
        r["student_id"]: f"{rate:g} %"
        for r in rows
        if (rate := presence(r["periods"], r["absent"])) is not None
    }


@register_column("earlywarning.results", gettext_lazy("Résultats (dernière étape)"), order=46)
def results(scope: Scope, ids: list[int]) -> dict[int, Any]:
    """The results of the student's latest étape (its school year named when it is not the current one)."""
    found: dict[int, dict[tuple[str, int], list[str]]] = defaultdict(lambda: defaultdict(list))
    for student_id, year, etape, subject, grade in (
        Grade.objects.filter(student_id__in=ids)
        .values_list("student_id", "school_year", "etape", "subject", "grade")
        .order_by("subject")
    ):
        found[student_id][(year, etape)].append(f"{subject_label(subject)} {float(grade):g}")
    current = school_year_label(scope.today)
    shown = {}
    for student_id, by_etape in found.items():
        year, etape = max(by_etape)
        when = f"{_('étape')} {etape}" + ("" if year == current else f", {year}")
        shown[student_id] = f"{', '.join(by_etape[(year, etape)])} ({when})"
    return shown
