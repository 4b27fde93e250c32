"""The readable copy of a student's information (access request, A-2.1 art. 83-84; C.c.Q. art. 38).

Each capability registers a provider that returns the part of the copy it holds, for this requester,
or None. A provider decides from the requester what they may receive (a guardian never receives what
a student of 14 or older consented to alone, nor staff-only notes). The copy view renders the parts
as HTML, PDF and JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CopyItem:
    """One thing held about the student: a title and its readable fields, label → value (strings)."""

    title: str
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CopyPart:
    key: str  # stable, used as the JSON key
    title: str
    items: list[CopyItem]


CopyProvider = Callable[[Any, Any], CopyPart | None]  # (requester user, student) -> part
_providers: list[CopyProvider] = []


def register(provider: CopyProvider) -> CopyProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def parts_for(user: Any, student: Any) -> list[CopyPart]:
    return [p for p in (provider(user, student) for provider in _providers) if p is not None]
