"""The three dashboards: their scope from the request, their panels (cached for the centre and the
school), the class portrait's student table (never cached: it names students)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from insights import cache
from insights.columns import columns
from insights.panels import CENTRE, GROUP, SCHOOL, Filters, Panel, Pending, Scope, compute, pending_for


@dataclass
class Dashboard:
    scope: Scope
    pending: list[Pending]
    errors: list[str] = field(default_factory=list)
    choices: dict[str, Any] = field(default_factory=dict)
    students: list[dict[str, Any]] = field(default_factory=list)
    student_columns: list[Any] = field(default_factory=list)
    computed: list[Panel] | None = None

    @property
    def panels(self) -> list[Panel]:
        """Computed on first use: a page whose rendered panels are cached never needs them."""
        if self.computed is None:
            self.computed = panels(self.scope)
        return self.computed


def centre_scope(centre_id: int, filters: Filters) -> Scope:
    return Scope(CENTRE, centre_id, filters, today=timezone.localdate())


def school_scope(school: Any, filters: Filters) -> Scope:
    return Scope(
        SCHOOL, school.centre_id, filters, school_id=school.pk, level=school.level, today=timezone.localdate()
    )


def group_scope(group: Any, filters: Filters) -> Scope:
    return Scope(
        GROUP,
        group.school.centre_id,
        filters,
        school_id=group.school_id,
        group_id=group.pk,
        today=timezone.localdate(),
    )


def panels(scope: Scope) -> list[Panel]:
    """Panels are aggregates without names (the provider contract), a group's too: cached alike."""
    result: list[Panel] = cache.cached(scope.key(), lambda: compute(scope))
    return result


def student_table(scope: Scope, students: list[Any]) -> tuple[list[Any], list[dict[str, Any]]]:
    ids = [s.pk for s in students]
    cols = columns()
    values = {c.key: c.provider(scope, ids) for c in cols}
    rows = [{"student": s, "cells": [values[c.key].get(s.pk, "") for c in cols]} for s in students]
    return cols, rows


def build(
    scope: Scope, *, errors: list[str] | None = None, choices: dict[str, Any] | None = None
) -> Dashboard:
    return Dashboard(scope, pending_for(scope.kind), errors or [], choices or {})


def filters_query(scope: Scope) -> str:
    """The query string of the scope's filters, normalised (the export links, the cache key)."""
    f = scope.filters
    params = {"debut": f.start.isoformat(), "fin": f.end.isoformat()}
    if f.network_id:
        params["reseau"] = str(f.network_id)
    if f.school_id:
        params["ecole"] = str(f.school_id)
    if f.profession:
        params["profession"] = f.profession
    return urlencode(params)


def panels_html(board: Dashboard, export_base: str) -> SafeString:
    """The panels rendered once per data version (rendering a hundred table rows costs more than the
    queries). The class portrait's student table is not a panel: it names students, it is never cached."""
    query = filters_query(board.scope)

    def render() -> str:
        context = {"board": board, "export_base": export_base, "query": query}
        return render_to_string("insights/_panels.html", context)

    html: str = cache.cached(f"html:{board.scope.key()}:{export_base}", render)
    return mark_safe(html)  # noqa: S308  # nosec B308 B703 — our own template's autoescaped output
