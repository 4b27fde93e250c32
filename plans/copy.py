"""The plans' part of the readable copy (students/copy.py): the plans the requester sees in the portal,
with their content, reviews, signatures and the dates and modes of the contacts (not the staff's notes)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from plans.models import InterventionPlan
from plans.queries import plans_visible_to
from students.copy import CopyItem, CopyPart
from students.copy_parts import DASH, day


def _plan_items(plan: InterventionPlan) -> list[CopyItem]:
    items = [
        CopyItem(
            _("Plan d'intervention %(year)s") % {"year": plan.school_year.label},
            {
                _("Statut"): str(plan.get_status_display()),
                _("Phase"): str(plan.get_phase_display()),
                _("Ouvert le"): day(plan.opened_at),
                _("Activé le"): day(plan.activated_at),
                _("Fermé le"): day(plan.closed_at),
                _("Version"): str(plan.version),
                _("Forces de l'élève"): plan.strengths or DASH,
                _("Difficultés observées"): plan.difficulties or DASH,
                _("Besoins prioritaires"): "; ".join(n.description for n in plan.needs.all()) or DASH,
                _("Prochaine révision"): day(plan.next_review_on),
            },
        )
    ]
    for index, objective in enumerate(plan.objectives.prefetch_related("means__responsible"), start=1):
        fields = {
            _("Objectif"): objective.text,
            _("Indicateur"): objective.indicator,
            _("Cible"): objective.target,
            _("Échéance"): day(objective.due_on),
            _("État"): str(objective.get_status_display()),
        }
        for number, means in enumerate(objective.means.all(), start=1):
            who = means.responsible.get_full_name() if means.responsible else means.responsible_text
            fields[_("Moyen %(n)s") % {"n": number}] = f"{means.what} — {who}" + (
                f" ({means.frequency})" if means.frequency else ""
            )
        items.append(CopyItem(_("Objectif %(n)s") % {"n": index}, fields))
    for review in plan.reviews.all():
        items.append(
            CopyItem(
                _("Révision du %(date)s") % {"date": day(review.held_on)},
                {_("Constats"): review.notes, _("Décisions"): review.decisions or DASH},
            )
        )
    for signature in plan.signatures.all():
        items.append(
            CopyItem(
                _("Signature du plan"),
                {
                    _("Signataire"): signature.signer_name,
                    _("Signé le"): day(signature.signed_at),
                    _("Canal"): str(signature.get_channel_display()),
                    _("Version signée"): str(signature.plan_version),
                },
            )
        )
    contacts = [f"{day(c.contacted_on)} ({c.get_mode_display()})" for c in plan.contacts.all()]
    if contacts:
        items.append(
            CopyItem(_("Contacts de l'école avec les parents"), {_("Dates et modes"): "; ".join(contacts)})
        )
    return items


def plans_part(user: Any, student: Any) -> CopyPart | None:
    plans = list(
        plans_visible_to(user).filter(student=student).select_related("school_year").order_by("opened_at")
    )
    if not plans:
        return None
    items: list[CopyItem] = []
    for plan in plans:
        items.extend(_plan_items(plan))
    return CopyPart(key="plans", title=_("Plans d'intervention"), items=items)
