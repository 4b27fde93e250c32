"""Sections of the 360 page. Later capabilities (intake, records, scheduling, early warning) register
their own section here; each decides from the access reason what this viewer may see.

The page shows the three files of domain notes §2 apart — the school file, the dossier d'aide
particulière, the professional record — then the services (requests, consents, appointments). A section
names its file with `compartment`; the page groups them in that order and leaves out an empty group.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from students.access import StudentAccess

SCHOOL = "scolaire"
SUPPORT = "aide"
PROFESSIONAL = "professionnel"
SERVICES = "services"

COMPARTMENTS: tuple[tuple[str, Any, Any], ...] = (
    (SCHOOL, _("Dossier scolaire"), _("Identité, scolarité et documents de l'école.")),
    (
        SUPPORT,
        _("Dossier d'aide particulière"),
        _(
            "Ce dont l'équipe-école a besoin pour aider l'élève : plan d'intervention, conclusions et "
            "recommandations publiées par les professionnels, documents."
        ),
    ),
    (
        PROFESSIONAL,
        _("Dossier professionnel"),
        _("Tenu par chaque professionnel·le selon les règles de son ordre; confidentiel."),
    ),
    (SERVICES, _("Services et consentements"), _("Demandes de service, consentements et rendez-vous.")),
)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    template: str
    context: dict[str, Any]
    compartment: str = SERVICES


@dataclass(frozen=True)
class Compartment:
    key: str
    title: str
    description: str
    sections: list[Section]


SectionProvider = Callable[[Any, StudentAccess], Section | None]
_providers: list[SectionProvider] = []


def register(provider: SectionProvider) -> SectionProvider:
    _providers.append(provider)
    return provider


def sections_for(user: Any, access: StudentAccess) -> list[Section]:
    return [s for s in (p(user, access) for p in _providers) if s is not None]


def compartments_for(sections: list[Section]) -> list[Compartment]:
    """The sections grouped by file, in the order of COMPARTMENTS; the school file is always there (the
    identity card belongs to it), an empty other group is left out."""
    known = {key for key, _title, _text in COMPARTMENTS}
    groups = []
    for key, title, text in COMPARTMENTS:
        found = [
            s for s in sections if s.compartment == key or (key == SERVICES and s.compartment not in known)
        ]
        if found or key == SCHOOL:
            groups.append(Compartment(key, str(title), str(text), found))
    return groups
