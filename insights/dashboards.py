"""The three dashboards: their scope from the request, their panels (cached for the centre and the
school), the class portrait's student table (never cached: it names students)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from insights import cache
from insights.columns import columns
from insights.panels import CENTRE, GROUP, SCHOOL, Filters, Panel, Pending, Scope, compute, pending_for


@dataclass
class Dashboard:
    scope: Scope
    panels: list[Panel]
    pending: list[Pending]
    errors: list[str] = field(default_factory=list)
    choices: dict[str, Any] = field(default_factory=dict)
    students: list[dict[str, Any]] = field(default_factory=list)
    student_columns: list[Any] = field(default_factory=list)


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
    if scope.kind == GROUP:
        return compute(scope)
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
    return Dashboard(scope, panels(scope), pending_for(scope.kind), errors or [], choices or {})
