"""The panel registry of the portraits. Each capability registers providers for the dashboards it feeds;
a provider receives the scope (centre, school or group, with the filters) and returns a panel, or None
when it has nothing to show there. The dashboards never import a capability: they ask the registry.

Contract (docs/portraits.md): a provider is a pure read — set-based queries bounded in number whatever
the size of the centre, no audit row, no personal information in a centre or school panel (counts only),
counts from 1 to 4 passed through `scope.count()` / `scope.figure()` so that a figure shown outside the
school it describes is hidden. Its result is cached by `insights.cache` under the scope's key and the
data version: it must depend on nothing but the scope and the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from lib.portraits import suppress, suppress_figure

CENTRE = "centre"
SCHOOL = "school"
GROUP = "group"
KINDS = (CENTRE, SCHOOL, GROUP)


@dataclass(frozen=True)
class Filters:
    """What the manager narrows the centre dashboard to; a school or group portrait uses the period."""

    start: dt.date
    end: dt.date
    network_id: int | None = None
    school_id: int | None = None
    profession: str = ""

    def key(self) -> str:
        parts = (
            self.start.isoformat(),
            self.end.isoformat(),
            self.network_id,
            self.school_id,
            self.profession,
        )
        return "-".join(str(p or 0) for p in parts)


@dataclass(frozen=True)
class Scope:
    kind: str
    centre_id: int
    filters: Filters
    school_id: int | None = None
    group_id: int | None = None
    level: str = ""  # the school's level (primary, secondary), for comparisons with the centre
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def outside(self) -> bool:
        """Figures of several schools, seen from the centre: small counts are hidden."""
        return self.kind == CENTRE

    def key(self) -> str:
        parts = (self.kind, self.centre_id, self.school_id, self.group_id, self.filters.key(), self.today)
        return ":".join(str(p or 0) for p in parts)

    def students_q(self, prefix: str = "student__") -> Q:
        """The students the scope covers, as a filter on a model reaching them through `prefix`."""
        if self.kind == GROUP:
            return Q(**{f"{prefix}group_id": self.group_id})
        if self.kind == SCHOOL:
            return Q(**{f"{prefix}school_id": self.school_id})
        q = Q(**{f"{prefix}school__centre_id": self.centre_id})
        if self.filters.network_id:
            q &= Q(**{f"{prefix}school__network_id": self.filters.network_id})
        if self.filters.school_id:
            q &= Q(**{f"{prefix}school_id": self.filters.school_id})
        return q

    def count(self, n: int | None) -> int | str | None:
        """A count as shown in this scope: "< 5" for 1 to 4 in a centre view."""
        return suppress(n) if self.outside else n

    def figure(self, value: Any, n: int | None) -> Any:
        """A figure computed from n people (median, share), hidden with its count in a centre view."""
        return suppress_figure(value, n) if self.outside else value

    def weeks(self) -> tuple[dt.date, dt.date]:
        return self.filters.start, min(self.filters.end, self.today)


@dataclass
class Panel:
    """What a dashboard shows of one indicator: a chart, the same data as a table, the export rows.

    chart: {"type": "bar" | "line", "labels": [...], "datasets": [{"label": ..., "data": [...]}],
    "stacked": bool, "y": "axis title", "percent": bool}; data hidden as "< 5" are drawn as 0 (the table
    says "< 5"). export_rows default to the table rows (the exports add the header)."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    chart: dict[str, Any] | None = None
    description: str = ""
    export_rows: list[list[Any]] | None = None
    order: int = 100

    def exported(self) -> list[list[Any]]:
        return self.export_rows if self.export_rows is not None else self.rows


Provider = Callable[[Scope], Panel | None]


@dataclass(frozen=True)
class Registered:
    key: str
    kinds: frozenset[str]
    provider: Provider
    order: int


@dataclass(frozen=True)
class Pending:
    """A panel that waits for a capability not yet merged; listed on the dashboard and in the docs."""

    kinds: frozenset[str]
    title: Any
    capability: str


_registry: dict[str, Registered] = {}
_pending: list[Pending] = []


def register(key: str, kinds: tuple[str, ...], order: int = 100) -> Callable[[Provider], Provider]:
    """Decorator: `@register("intake.waiting", (CENTRE, SCHOOL), order=20)` on a provider."""

    def wrap(provider: Provider) -> Provider:
        _registry[key] = Registered(key, frozenset(kinds), provider, order)
        return provider

    return wrap


def pending(title: Any, capability: str, kinds: tuple[str, ...]) -> None:
    _pending.append(Pending(frozenset(kinds), title, capability))


def providers_for(kind: str) -> list[Registered]:
    return sorted((r for r in _registry.values() if kind in r.kinds), key=lambda r: (r.order, r.key))


def pending_for(kind: str) -> list[Pending]:
    """Pending panels of this kind (a capability that delivers one removes its line in pending.py)."""
    return [p for p in _pending if kind in p.kinds]


def compute(scope: Scope) -> list[Panel]:
    panels = []
    for registered in providers_for(scope.kind):
        panel = registered.provider(scope)
        if panel is not None:
            panel.order = registered.order
            panels.append(panel)
    return panels
