"""Links that the apps contribute to the navigation bar, each in its own `<app>/nav.py`.

An app declares `LINKS = [NavLink(...), ...]` in `nav.py`; the context processor collects the links of
every installed app, keeps those of the user's role and marks the current one. The views protect
themselves: a link shown is only a convenience, never a permission.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.apps import apps
from django.urls import reverse


@dataclass(frozen=True)
class NavLink:
    label: Any  # a lazy translation
    url_name: str  # "app:name"
    roles: frozenset[str]
    order: int = 100
    # Which resolver matches make this link the current page: the app namespace by default.
    current: Callable[[Any], bool] | None = field(default=None, compare=False)

    def is_current(self, match: Any) -> bool:
        if match is None:
            return False
        if self.current is not None:
            return bool(self.current(match))
        return bool(match.app_name and match.app_name == self.url_name.split(":", 1)[0])


@cache
def all_links() -> tuple[NavLink, ...]:
    found: list[NavLink] = []
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.nav")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.nav":
                raise
            continue
        found.extend(getattr(module, "LINKS", ()))
    return tuple(sorted(found, key=lambda link: link.order))


def links_for(role: str, match: Any) -> list[dict[str, Any]]:
    return [
        {"label": link.label, "url": reverse(link.url_name), "current": link.is_current(match)}
        for link in all_links()
        if role in link.roles
    ]
