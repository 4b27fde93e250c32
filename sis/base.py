"""What every kind of import shares: line errors, counts, and the registry of kinds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import QuerySet
from django.utils.translation import gettext

from core.models import School


@dataclass(frozen=True)
class LineError:
    """A reason, in French, why a line (header = line 1) or the whole file (line None) is refused."""

    line: int | None
    message: str

    def __str__(self) -> str:
        return f"Ligne {self.line} : {self.message}" if self.line else self.message


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


class ImportPlan(Protocol):
    errors: list[LineError]

    @property
    def is_valid(self) -> bool: ...

    def summary(self) -> ImportSummary: ...


class UnknownKind(LookupError):
    pass


@dataclass(frozen=True)
class ImportKind:
    """One kind of file the SIS exports (`eleves` today; presences, absences, résultats… later).

    ``plan(data, schools=...)`` reads and validates without writing; ``apply(user, plan, source=...)``
    writes a valid plan in one transaction with its audit row.
    """

    code: str
    label: str
    plan: Callable[..., Any]
    apply: Callable[..., ImportSummary]
    preview_template: str


PLANNED_KINDS = ("presences", "absences", "resultats", "evenements", "issues")


_registered: dict[str, Callable[[], ImportKind]] = {}


def register(code: str, factory: Callable[[], ImportKind]) -> None:
    """Another app adds a kind (earlywarning: presences, absences, …); ``factory`` builds it at each
    call so that its label follows the active language."""
    _registered[code] = factory


def kinds() -> dict[str, ImportKind]:
    from sis import roster

    return {
        "eleves": ImportKind(
            code="eleves",
            label=gettext("Élèves (inscriptions)"),
            plan=roster.plan_file,
            apply=roster.apply_plan,
            preview_template="sis/_preview_eleves.html",
        ),
    } | {code: factory() for code, factory in _registered.items()}


def get_kind(code: str) -> ImportKind:
    available = kinds()
    if code in available:
        return available[code]
    accepted = ", ".join(sorted(available))
    if code in PLANNED_KINDS:
        raise UnknownKind(
            f"Le type d'importation « {code} » n'est pas encore disponible. Types acceptés : {accepted}."
        )
    raise UnknownKind(f"Type d'importation inconnu « {code} ». Types acceptés : {accepted}.")


def schools_for(user: Any) -> QuerySet[School]:
    """The schools a user may import into: those of their service centre (all of them for a superuser)."""
    if getattr(user, "is_superuser", False):
        return School.objects.all()
    centre_id = getattr(user, "centre_id", None)
    return School.objects.filter(centre_id=centre_id) if centre_id else School.objects.none()
