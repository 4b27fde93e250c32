"""Every URL name the project declares, with its arguments, walked from the resolver (no list to keep)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Third-party pages that the project does not write: allauth's account pages (sign-in, MFA; tested by
# core/tests/test_accounts.py) and Django's admin (staff of the platform only, tested by its own login).
FOREIGN_PREFIXES = ("comptes/", "admin/")


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    route: str  # the pattern as written
    args: tuple[str, ...]  # names of its arguments, in order

    @property
    def namespace(self) -> str:
        return self.name.split(":", 1)[0] if ":" in self.name else ""


def _arguments(pattern: object) -> tuple[str, ...]:
    text = str(pattern)
    names = re.findall(r"<(?:\w+:)?(\w+)>", text) + re.findall(r"\(\?P<(\w+)>", text)
    return tuple(names)


def walk(patterns: list | None = None, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if route.startswith(FOREIGN_PREFIXES):
                continue
            name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
            yield Route(name=name, route=route, args=_arguments(prefix) + _arguments(entry.pattern))


def project_routes() -> list[Route]:
    seen: dict[str, Route] = {}
    for route in walk():
        seen.setdefault(route.name, route)
    return list(seen.values())
