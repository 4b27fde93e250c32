"""What the register of confidentiality incidents needs before an incident is qualified or closed
(A-2.1 art. 63.8 to 63.11; Règlement sur les incidents de confidentialité, art. 11). Pure: takes the
entered values, returns the French messages of what is missing or inconsistent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Entry:
    information: str = ""
    information_unknown_reason: str = ""
    circumstances: str = ""
    occurred_from: dt.date | None = None
    occurred_to: dt.date | None = None
    discovered_on: dt.date | None = None
    persons_count: int | None = None
    risk_sensitivity: str = ""
    risk_consequences: str = ""
    risk_likelihood: str = ""
    serious_risk: bool | None = None
    commission_notified_on: dt.date | None = None
    persons_notified_on: dt.date | None = None
    public_notice: bool = False
    public_notice_on: dt.date | None = None
    measures: str = ""


def consistency_gaps(e: Entry, today: dt.date) -> list[str]:
    """Dates in order and not in the future; a public notice has its date."""
    gaps = []
    for label, day in (
        (_("La date de l'incident"), e.occurred_from),
        (_("La fin de la période"), e.occurred_to),
        (_("La date de la prise de connaissance"), e.discovered_on),
        (_("La date de l'avis à la Commission"), e.commission_notified_on),
        (_("La date de l'avis aux personnes"), e.persons_notified_on),
        (_("La date de l'avis public"), e.public_notice_on),
    ):
        if day is not None and day > today:
            gaps.append(_("%(what)s ne peut pas être dans le futur.") % {"what": label})
    if e.occurred_from and e.occurred_to and e.occurred_to < e.occurred_from:
        gaps.append(_("La fin de la période précède son début."))
    if e.occurred_from and e.discovered_on and e.discovered_on < e.occurred_from:
        gaps.append(_("La prise de connaissance précède l'incident."))
    if e.public_notice and e.public_notice_on is None:
        gaps.append(_("Indiquez la date de l'avis public."))
    return gaps


def qualification_gaps(e: Entry, today: dt.date) -> list[str]:
    """To enter the register: what information (or why it cannot be described), the circumstances, when
    it happened and when the body learned of it."""
    gaps = []
    if not e.information.strip() and not e.information_unknown_reason.strip():
        gaps.append(
            _(
                "Décrivez les renseignements personnels visés, ou expliquez pourquoi ils ne peuvent "
                "pas l'être."
            )
        )
    if not e.circumstances.strip():
        gaps.append(_("Décrivez brièvement les circonstances de l'incident."))
    if e.occurred_from is None:
        gaps.append(_("Indiquez la date ou le début de la période de l'incident."))
    if e.discovered_on is None:
        gaps.append(_("Indiquez la date à laquelle le centre a pris connaissance de l'incident."))
    return gaps + consistency_gaps(e, today)


def closing_gaps(e: Entry, today: dt.date) -> list[str]:
    """To close: the number of persons, the risk assessed and decided, the measures taken; when there is a
    risk of serious injury, the Commission and the persons concerned notified (art. 63.8)."""
    gaps = qualification_gaps(e, today)
    if e.persons_count is None:
        gaps.append(_("Indiquez le nombre de personnes concernées (ou une estimation)."))
    if not (e.risk_sensitivity.strip() and e.risk_consequences.strip() and e.risk_likelihood.strip()):
        gaps.append(
            _(
                "Évaluez le risque : sensibilité des renseignements, conséquences appréhendées et "
                "leur probabilité."
            )
        )
    if e.serious_risk is None:
        gaps.append(_("Dites si l'incident présente un risque qu'un préjudice sérieux soit causé."))
    if not e.measures.strip():
        gaps.append(_("Décrivez les mesures prises pour diminuer le risque."))
    if e.serious_risk:
        if e.commission_notified_on is None:
            gaps.append(_("Risque de préjudice sérieux : indiquez la date de l'avis à la Commission."))
        if e.persons_notified_on is None and not e.public_notice:
            gaps.append(
                _(
                    "Risque de préjudice sérieux : indiquez la date de l'avis aux personnes concernées "
                    "(ou l'avis public)."
                )
            )
    return gaps
