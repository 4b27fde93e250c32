"""The tiers' and interventions' part of the readable copy (students/copy.py, A-2.1 art. 83-84).

The requester (a guardian with parental authority, or the student from 14) receives the interventions
they see in the portal — type, goal, responsible, dates, outcome and every progress point — and, on
this request only, the tier decisions and the review decisions with their reasons: a decision about the
person is explained to them on request (A-2.1 art. 65.2). The team's working notes (on an intervention
or a point) are not part of it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from students.copy import CopyItem, CopyPart
from students.copy_parts import DASH, day
from support.models import InterventionDecision, TierDecision
from support.queries import interventions_visible_to


def support_part(user: Any, student: Any) -> CopyPart | None:
    interventions = list(
        interventions_visible_to(user)
        .filter(student=student)
        .select_related("kind", "responsible")
        .prefetch_related("points")
        .order_by("start_on", "pk")
    )
    if not interventions:
        return None  # the copy shows tiers only beside the interventions the requester may see
    items = [
        CopyItem(
            _("Décision de palier du %(date)s") % {"date": day(d.decided_at)},
            {
                _("Palier"): str(d.get_tier_display()),
                _("Motif"): d.reason,
                _("À l'origine de la décision"): str(d.get_source_display()) if d.source else DASH,
                _("Décidé par"): d.decided_by.get_full_name(),
            },
        )
        for d in TierDecision.objects.filter(student=student)
        .select_related("decided_by")
        .order_by("decided_at")
    ]
    for i in interventions:
        points = "; ".join(f"{day(p.measured_on)} : {p.value}" for p in i.points.all()) or DASH
        items.append(
            CopyItem(
                str(i.kind.label),
                {
                    _("Objectif mesurable"): i.goal,
                    _("Niveau de départ et cible"): f"{i.baseline} → {i.target} ({i.unit})",
                    _("Responsable"): i.responsible.get_full_name(),
                    _("Fréquence"): i.frequency,
                    _("Début et fin prévue"): f"{day(i.start_on)} → {day(i.planned_end)}",
                    _("Statut"): str(i.get_status_display())
                    + (f" — {i.get_outcome_display()} ({day(i.ended_on)})" if i.outcome else ""),
                    _("Points de suivi"): points,
                },
            )
        )
        for d in InterventionDecision.objects.filter(intervention=i).order_by("decided_on", "pk"):
            items.append(
                CopyItem(
                    _("Décision de suivi du %(date)s") % {"date": day(d.decided_on)},
                    {_("Décision"): str(d.get_kind_display()), _("Motif"): d.reason},
                )
            )
    return CopyPart(key="paliers", title=_("Paliers et interventions"), items=items)
