"""Sections of the 360 page. Later capabilities (intake, records, scheduling, early warning) register
their own section here; each decides from the access reason what this viewer may see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from students.access import StudentAccess


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    template: str
    context: dict[str, Any]


SectionProvider = Callable[[Any, StudentAccess], Section | None]
_providers: list[SectionProvider] = []


def register(provider: SectionProvider) -> SectionProvider:
    _providers.append(provider)
    return provider


def sections_for(user: Any, access: StudentAccess) -> list[Section]:
    return [s for s in (p(user, access) for p in _providers) if s is not None]
