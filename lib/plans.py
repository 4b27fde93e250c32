"""Plan d'intervention rules without the database (LIP art. 96.14; Régime pédagogique art. 29).

- The four phases of the MEQ reference framework (2004), in order, and how a plan moves between them.
- The monthly parent contact: a plan whose last contact with the parents (or, without any, its opening)
  is more than `days` days old is due for a contact.
- The digest of the plan content a guardian or the student saw when signing.
- The ministry declaration CSV: cells neutralised against spreadsheet formula injection.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from lib import spreadsheet

COLLECT = "collect"  # collecte et analyse de l'information
PLANNING = "planning"  # planification des interventions
CARRYING_OUT = "carrying_out"  # réalisation des interventions
REVIEW = "review"  # révision du plan
PHASES = (COLLECT, PLANNING, CARRYING_OUT, REVIEW)

DEFAULT_CONTACT_DAYS = 30  # "au moins une fois par mois" (Régime pédagogique, art. 29)
SOLO_SIGNING_AGE = 14  # the student signs their own plan from 14


def phase_index(phase: str) -> int:
    if phase not in PHASES:
        raise ValueError(f"phase inconnue : {phase}")
    return PHASES.index(phase)


def next_phase(phase: str) -> str:
    """The phase after this one. After the review, a new cycle starts with the planning."""
    index = phase_index(phase)
    return PLANNING if phase == REVIEW else PHASES[index + 1]


# --- Monthly contact with the parents ---------------------------------------------------------------


def contact_reference(last_contact: dt.date | None, opened_on: dt.date) -> dt.date:
    """The day the monthly count starts from: the last contact, else the opening of the plan."""
    return max(last_contact, opened_on) if last_contact is not None else opened_on


def contact_due_on(
    last_contact: dt.date | None, opened_on: dt.date, days: int = DEFAULT_CONTACT_DAYS
) -> dt.date:
    """The last day on which the next contact is still on time."""
    if days < 1:
        raise ValueError("le délai entre deux contacts doit être d'au moins un jour")
    return contact_reference(last_contact, opened_on) + dt.timedelta(days=days)


def contact_is_due(
    last_contact: dt.date | None,
    opened_on: dt.date,
    today: dt.date,
    days: int = DEFAULT_CONTACT_DAYS,
    *,
    closed: bool = False,
) -> bool:
    """True when more than `days` days have passed since the last contact (or the opening)."""
    if closed:
        return False
    return today > contact_due_on(last_contact, opened_on, days)


def days_since_contact(last_contact: dt.date | None, opened_on: dt.date, today: dt.date) -> int:
    return (today - contact_reference(last_contact, opened_on)).days


# --- What a signer saw -------------------------------------------------------------------------------


def content_digest(content: Mapping[str, Any]) -> str:
    """SHA-256 of the plan content in a canonical JSON form (sorted keys, no spaces, UTF-8)."""
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- Ministry declaration ------------------------------------------------------------------------------

FORMULA_STARTS = spreadsheet.FORMULA_STARTS
DECLARATION_HEADER = (
    "code_permanent",
    "code_organisme_ecole",
    "niveau",
    "code_ehdaa",
    "date_activation",
    "derniere_revision",
)


def neutralise_cell(value: Any) -> str:
    """A cell a spreadsheet will not run as a formula (`lib.spreadsheet.neutralise_cell`)."""
    return spreadsheet.neutralise_cell(value)


def declaration_csv(rows: Iterable[Sequence[Any]]) -> str:
    """The declaration as CSV text: `;`-separated (as Quebec spreadsheets expect), CRLF, the header
    first, every cell neutralised. The caller adds the UTF-8 byte-order mark for spreadsheets."""
    out = io.StringIO()
    writer = spreadsheet.csv_writer(out)
    writer.writerow(DECLARATION_HEADER)
    writer.writerows(rows)
    return out.getvalue()


# --- What a phase needs before the next one --------------------------------------------------------------


def phase_gap(
    phase: str,
    *,
    has_analysis: bool,
    objectives: int,
    objectives_with_means: int,
    reviews: int,
) -> str | None:
    """Why the plan cannot leave this phase yet (French), or None.

    - leaving the collection: the strengths or the difficulties are written;
    - leaving the planning: at least one objective, and every objective has a means;
    - leaving the review for a new cycle: the review is recorded.
    """
    from django.utils.translation import gettext as _

    phase_index(phase)
    if phase == COLLECT and not has_analysis:
        return _("Notez les forces ou les difficultés de l'élève avant de passer à la planification.")
    if phase == PLANNING:
        return activation_gap(objectives=objectives, objectives_with_means=objectives_with_means)
    if phase == REVIEW and reviews == 0:
        return _("Consignez la révision avant de commencer un nouveau cycle de planification.")
    return None


def activation_gap(*, objectives: int, objectives_with_means: int) -> str | None:
    """A plan is carried out (and activated) with at least one objective, each with a means."""
    from django.utils.translation import gettext as _

    if objectives == 0:
        return _("Ajoutez au moins un objectif mesurable.")
    if objectives_with_means < objectives:
        return _(
            "Chaque objectif doit avoir au moins un moyen : précisez qui fait quoi et à quelle fréquence."
        )
    return None
