"""Scopes built directly for the providers' tests (a fixed period and day, whatever today is)."""

from __future__ import annotations

import datetime as dt

from insights.panels import CENTRE, GROUP, SCHOOL, Filters, Panel, Scope

START, END, TODAY = dt.date(2026, 9, 1), dt.date(2026, 11, 30), dt.date(2026, 12, 4)


def scope_of(cast, kind: str, **extra) -> Scope:
    filters = Filters(start=START, end=END, **extra)
    if kind == CENTRE:
        return Scope(CENTRE, cast.centre.pk, filters, today=TODAY)
    if kind == SCHOOL:
        return Scope(
            SCHOOL, cast.centre.pk, filters, school_id=cast.sources.pk, level="secondary", today=TODAY
        )
    return Scope(
        GROUP, cast.centre.pk, filters, school_id=cast.sources.pk, group_id=cast.g301.pk, today=TODAY
    )


def by_first(panel: Panel | None) -> dict:
    assert panel is not None
    return {row[0]: row[1:] for row in panel.rows}


def rows_of(panel: Panel | None) -> list:
    assert panel is not None
    return panel.rows
