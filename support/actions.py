"""Named state changes of tiers and interventions. Each checks permission, changes, and writes its audit
row (ids and event names, never a reason, a goal or a note) in one transaction.

`record_tier_decision` is the one way to place a student in a tier; the early-warning list calls it with
`source="early_warning"` and a reference to the week it showed. A score never calls it by itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from lib import progress as logic
from plans.models import InterventionPlan, PlanStatus
from plans.queries import serving_staff
from students.models import Student
from support.models import (
    ENDING_DECISIONS,
    DecisionKind,
    Intervention,
    InterventionDecision,
    InterventionStatus,
    InterventionType,
    Outcome,
    ProgressPoint,
    Tier,
    TierDecision,
    TierSource,
)
from support.queries import current_tier_decisions

REASON_MAX = 2000
NOTE_MAX = 2000
GOAL_MAX = 500
SHORT_MAX = 120
VALUE_LIMIT = Decimal("9999999")
MAX_WEEKS = 40
BACKDATE_DAYS = 365
AHEAD_DAYS = 90


def _text(value: str, required: str | None, limit: int) -> str:
    value = (value or "").strip()
    if not value and required:
        raise ValidationError(required)
    if len(value) > limit:
        raise ValidationError(_("Ce texte dépasse %(max)s caractères : raccourcissez-le.") % {"max": limit})
    return value


def _decimal(value: Any, label: str) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", ".").replace(" ", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError(
            _("%(label)s : entrez un nombre, par exemple 42 ou 42,5.") % {"label": label}
        ) from None
    if not number.is_finite() or abs(number) > VALUE_LIMIT:
        raise ValidationError(_("%(label)s : ce nombre est hors limites.") % {"label": label})
    return number.quantize(Decimal("0.01"))


def current_tier(student: Student) -> TierDecision | None:
    return current_tier_decisions().filter(student=student).first()


# --- tiers ----------------------------------------------------------------------------------------------


def record_tier_decision(
    user: Any,
    student: Student,
    tier: int,
    reason: str,
    *,
    source: str = "",
    source_reference: str = "",
) -> TierDecision:
    """The principal of the student's school places the student in tier 1, 2 or 3, with a reason.

    The new decision supersedes the one in force (kept, never edited). `source` says what brought the
    team to decide (`early_warning`, `plan`, `team`, `intervention` or empty); `source_reference` names
    it (a week of the list, a plan number). Raises PermissionDenied or ValidationError (French).
    """
    if not user.has_perm("support.record_tier", student):
        raise PermissionDenied
    if tier not in Tier.values:
        raise ValidationError(_("Choisissez le palier 1, 2 ou 3."))
    reason = _text(reason, _("Écrivez le motif de la décision : ce qui a été observé et décidé."), REASON_MAX)
    if source not in ("", *TierSource.values):
        raise ValidationError(_("Origine de la décision inconnue."))
    source_reference = _text(source_reference, None, 200)
    with transaction.atomic():
        Student.objects.select_for_update().filter(pk=student.pk).first()  # one decision at a time
        previous = current_tier(student)
        decision = TierDecision.objects.create(
            student=student,
            tier=tier,
            reason=reason,
            source=source,
            source_reference=source_reference,
            decided_by=user,
            previous=previous,
        )
        log_event(
            user,
            decision,
            event="tier_decided",
            student_id=student.pk,
            tier=tier,
            previous_tier=previous.tier if previous else None,
            source=source,
        )
    return decision


# --- interventions --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InterventionData:
    kind: InterventionType
    goal: str
    unit: str
    baseline: Any
    target: Any
    responsible: Any
    frequency: str
    start_on: dt.date
    planned_weeks: int = logic.DEFAULT_WEEKS
    plan: InterventionPlan | None = None
    staff_notes: str = ""


def _check_start(student: Student, data: InterventionData, today: dt.date) -> dict[str, Any]:
    if data.kind is None or not data.kind.is_active:
        raise ValidationError(_("Choisissez un type d'intervention offert."))
    baseline = _decimal(data.baseline, _("Niveau de départ"))
    target = _decimal(data.target, _("Cible"))
    if baseline == target:
        raise ValidationError(_("La cible doit différer du niveau de départ : l'objectif mesure un progrès."))
    if not 1 <= int(data.planned_weeks) <= MAX_WEEKS:
        raise ValidationError(_("La durée prévue va de 1 à %(max)s semaines.") % {"max": MAX_WEEKS})
    if not today - dt.timedelta(days=BACKDATE_DAYS) <= data.start_on <= today + dt.timedelta(days=AHEAD_DAYS):
        raise ValidationError(
            _("La date de début doit être dans la dernière année ou les %(days)s prochains jours.")
            % {"days": AHEAD_DAYS}
        )
    if data.responsible is None or not serving_staff(student).filter(pk=data.responsible.pk).exists():
        raise ValidationError(
            _(
                "Choisissez un·e responsable qui sert l'élève : direction, "
                "enseignant·e du groupe ou professionnel·le qui le suit."
            )
        )
    if data.plan is not None and (
        data.plan.student_id != student.pk or data.plan.status == PlanStatus.CLOSED
    ):
        raise ValidationError(_("Choisissez un plan d'intervention en cours de cet élève."))
    return {
        "goal": _text(data.goal, _("Énoncez l'objectif mesurable."), GOAL_MAX),
        "unit": _text(data.unit, _("Indiquez l'unité de mesure (par exemple : mots lus par minute)."), 80),
        "frequency": _text(
            data.frequency, _("Indiquez la fréquence (par exemple : 3 fois par semaine)."), SHORT_MAX
        ),
        "staff_notes": _text(data.staff_notes, None, NOTE_MAX),
        "baseline": baseline,
        "target": target,
    }


def start_intervention(user: Any, student: Student, data: InterventionData) -> Intervention:
    """The principal starts an intervention for a student: a measurable goal, its responsible, its length."""
    if not user.has_perm("support.start", student):
        raise PermissionDenied
    clean = _check_start(student, data, timezone.localdate())
    with transaction.atomic():
        intervention = Intervention.objects.create(
            student=student,
            kind=data.kind,
            responsible=data.responsible,
            start_on=data.start_on,
            review_from=data.start_on,
            planned_weeks=int(data.planned_weeks),
            plan=data.plan,
            created_by=user,
            **clean,
        )
        log_event(
            user,
            intervention,
            event="intervention_started",
            student_id=student.pk,
            kind=data.kind.code,
            responsible_id=data.responsible.pk,
        )
    return intervention


def _locked(intervention: Intervention) -> Intervention:
    current = Intervention.objects.select_for_update().select_related("student").get(pk=intervention.pk)
    if current.status != InterventionStatus.ACTIVE:
        raise ValidationError(_("Cette intervention est terminée : elle ne se modifie plus."))
    return current


def add_progress_point(
    user: Any, intervention: Intervention, *, measured_on: dt.date, value: Any, note: str = ""
) -> ProgressPoint:
    """The person responsible (or the principal) notes a measure of the goal."""
    if not user.has_perm("support.add_point", intervention):
        raise PermissionDenied
    number = _decimal(value, _("Valeur"))
    note = _text(note, None, NOTE_MAX)
    today = timezone.localdate()
    if measured_on > today:
        raise ValidationError(_("La date de la mesure ne peut pas être dans le futur."))
    if measured_on < intervention.start_on:
        raise ValidationError(
            _("La mesure doit dater du début de l'intervention (%(date)s) ou d'après.")
            % {"date": intervention.start_on.isoformat()}
        )
    with transaction.atomic():
        current = _locked(intervention)
        point = ProgressPoint.objects.create(
            intervention=current, measured_on=measured_on, value=number, note=note, recorded_by=user
        )
        log_event(
            user,
            point,
            event="progress_point_added",
            student_id=current.student_id,
            intervention_id=current.pk,
        )
    return point


def point_series(intervention: Intervention) -> list[logic.Point]:
    return [(p.measured_on, float(p.value)) for p in intervention.points.order_by("measured_on", "pk")]


def record_intervention_decision(
    user: Any,
    intervention: Intervention,
    *,
    kind: str,
    reason: str,
    outcome: str = "",
    decided_on: dt.date | None = None,
) -> InterventionDecision:
    """The decision of a review: continue or intensify (a new review period starts), change or stop (the
    intervention ends with its outcome). Who decided, why, and what the data showed are kept."""
    if not user.has_perm("support.decide", intervention):
        raise PermissionDenied
    if kind not in DecisionKind.values:
        raise ValidationError(_("Choisissez une décision : poursuivre, intensifier, changer ou arrêter."))
    reason = _text(reason, _("Écrivez le motif de la décision."), REASON_MAX)
    ends = kind in ENDING_DECISIONS
    if ends and outcome not in Outcome.values:
        raise ValidationError(_("Indiquez le résultat de l'intervention qui se termine."))
    if not ends:
        outcome = ""
    day = decided_on or timezone.localdate()
    if day > timezone.localdate() or day < intervention.start_on:
        raise ValidationError(
            _("La date de la décision doit être entre le début de l'intervention et aujourd'hui.")
        )
    with transaction.atomic():
        current = _locked(intervention)
        series = point_series(current)
        in_period = [(d, v) for d, v in series if current.review_from <= d <= day]
        line = logic.trend(in_period) or logic.trend(series)
        decision = InterventionDecision.objects.create(
            intervention=current,
            kind=kind,
            reason=reason,
            decided_by=user,
            decided_on=day,
            point_count=len(in_period),
            slope_per_week=round(line.slope_per_week, 4) if line else None,
        )
        if ends:
            current.status, current.ended_on, current.outcome = InterventionStatus.ENDED, day, outcome
            current.save(update_fields=["status", "ended_on", "outcome"])
        else:
            current.review_from = day
            current.save(update_fields=["review_from"])
        log_event(
            user,
            decision,
            event="intervention_decided",
            student_id=current.student_id,
            intervention_id=current.pk,
            decision=kind,
            outcome=outcome,
        )
    return decision
