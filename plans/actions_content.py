"""Named state changes of the planning phase: priority needs, measurable objectives, means and
participants. Same contract as `plans.actions` (permission, change, audit row, one transaction); the
functions are re-exported there."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.action_helpers import (
    LABEL_MAX,
    SHORT_MAX,
    audit,
    changed,
    check_staff,
    clean_text,
    locked,
    require_run,
)
from plans.models import (
    InterventionPlan,
    Means,
    Objective,
    ObjectiveStatus,
    Participant,
    ParticipantKind,
    PriorityNeed,
)
from students.models import Guardian

# --- phase 2: planning ---------------------------------------------------------------------------------


def add_need(user: Any, plan: InterventionPlan, description: str) -> PriorityNeed:
    require_run(user, plan)
    description = clean_text(description, _("Décrivez le besoin prioritaire."), SHORT_MAX)
    with transaction.atomic():
        current = locked(plan)
        position = current.needs.count() + 1
        need = PriorityNeed.objects.create(plan=current, description=description, position=position)
        changed(current)
        audit(user, current, "plan_need_added", need_id=need.pk)
    return need


def edit_need(user: Any, need: PriorityNeed, description: str) -> PriorityNeed:
    require_run(user, need.plan)
    description = clean_text(description, _("Décrivez le besoin prioritaire."), SHORT_MAX)
    with transaction.atomic():
        current = locked(need.plan)
        need.description = description
        need.save(update_fields=["description"])
        changed(current)
        audit(user, current, "plan_need_edited", need_id=need.pk)
    return need


@dataclass(frozen=True)
class ObjectiveData:
    text: str
    indicator: str
    target: str
    due_on: dt.date
    need: PriorityNeed | None = None
    status: str = ObjectiveStatus.IN_PROGRESS


def _clean_objective(plan: InterventionPlan, data: ObjectiveData) -> ObjectiveData:
    if data.need is not None and data.need.plan_id != plan.pk:
        raise ValidationError(_("Choisissez un besoin de ce plan."))
    if data.status not in ObjectiveStatus.values:
        raise ValidationError(_("État d'objectif inconnu."))
    if data.due_on < timezone.localtime(plan.opened_at).date():
        raise ValidationError(_("L'échéance ne peut pas précéder l'ouverture du plan."))
    return ObjectiveData(
        text=clean_text(data.text, _("Énoncez l'objectif."), SHORT_MAX),
        indicator=clean_text(
            data.indicator, _("Indiquez comment l'objectif sera mesuré (indicateur)."), SHORT_MAX
        ),
        target=clean_text(data.target, _("Indiquez la cible à atteindre."), SHORT_MAX),
        due_on=data.due_on,
        need=data.need,
        status=data.status,
    )


def add_objective(user: Any, plan: InterventionPlan, data: ObjectiveData) -> Objective:
    require_run(user, plan)
    data = _clean_objective(plan, data)
    with transaction.atomic():
        current = locked(plan)
        objective = Objective.objects.create(plan=current, **data.__dict__)
        changed(current)
        audit(user, current, "plan_objective_added", objective_id=objective.pk)
    return objective


def edit_objective(user: Any, objective: Objective, data: ObjectiveData) -> Objective:
    require_run(user, objective.plan)
    data = _clean_objective(objective.plan, data)
    with transaction.atomic():
        current = locked(objective.plan)
        for name, value in data.__dict__.items():
            setattr(objective, name, value)
        objective.save()
        changed(current)
        audit(user, current, "plan_objective_edited", objective_id=objective.pk)
    return objective


@dataclass(frozen=True)
class MeansData:
    objective: Objective
    what: str
    responsible: Any = None
    responsible_text: str = ""
    frequency: str = ""


def _clean_means(plan: InterventionPlan, data: MeansData) -> MeansData:
    if data.objective.plan_id != plan.pk:
        raise ValidationError(_("Choisissez un objectif de ce plan."))
    what = clean_text(data.what, _("Décrivez le moyen."), SHORT_MAX)
    other = clean_text(data.responsible_text, None, LABEL_MAX)
    if data.responsible is None and not other:
        raise ValidationError(
            _("Indiquez qui met le moyen en œuvre : un membre du personnel ou, par exemple, « les parents ».")
        )
    if data.responsible is not None:
        check_staff(plan, data.responsible)
    return MeansData(
        data.objective, what, data.responsible, other, clean_text(data.frequency, None, LABEL_MAX)
    )


def add_means(user: Any, plan: InterventionPlan, data: MeansData) -> Means:
    require_run(user, plan)
    data = _clean_means(plan, data)
    with transaction.atomic():
        current = locked(plan)
        means = Means.objects.create(plan=current, **data.__dict__)
        changed(current)
        audit(user, current, "plan_means_added", means_id=means.pk)
    return means


def edit_means(user: Any, means: Means, data: MeansData) -> Means:
    require_run(user, means.plan)
    data = _clean_means(means.plan, data)
    with transaction.atomic():
        current = locked(means.plan)
        for name, value in data.__dict__.items():
            setattr(means, name, value)
        means.save()
        changed(current)
        audit(user, current, "plan_means_edited", means_id=means.pk)
    return means


def add_participant(
    user: Any,
    plan: InterventionPlan,
    *,
    kind: str,
    role_in_plan: str,
    person: Any = None,
    guardian: Guardian | None = None,
    present_at_meetings: bool = True,
) -> Participant:
    require_run(user, plan)
    role_in_plan = clean_text(role_in_plan, _("Indiquez le rôle de cette personne dans le plan."), LABEL_MAX)
    if kind == ParticipantKind.STAFF:
        check_staff(plan, person)
        guardian = None
    elif kind == ParticipantKind.GUARDIAN:
        if guardian is None or not plan.student.guardian_links.filter(guardian=guardian).exists():
            raise ValidationError(_("Choisissez un parent ou tuteur inscrit au dossier de l'élève."))
        person = None
    elif kind == ParticipantKind.STUDENT:
        person = guardian = None
    else:
        raise ValidationError(_("Type de participant inconnu."))
    with transaction.atomic():
        current = locked(plan)
        taken = Participant.objects.filter(plan=current, kind=kind)
        if (
            (kind == ParticipantKind.STAFF and taken.filter(user=person).exists())
            or (kind == ParticipantKind.GUARDIAN and taken.filter(guardian=guardian).exists())
            or (kind == ParticipantKind.STUDENT and taken.exists())
        ):
            raise ValidationError(_("Cette personne participe déjà au plan."))
        participant = Participant.objects.create(
            plan=current,
            kind=kind,
            user=person,
            guardian=guardian,
            role_in_plan=role_in_plan,
            present_at_meetings=present_at_meetings,
        )
        changed(current, content=False)
        audit(user, current, "plan_participant_added", participant_id=participant.pk)
    return participant


def edit_participant(
    user: Any, participant: Participant, *, role_in_plan: str, present_at_meetings: bool
) -> Participant:
    require_run(user, participant.plan)
    role_in_plan = clean_text(role_in_plan, _("Indiquez le rôle de cette personne dans le plan."), LABEL_MAX)
    with transaction.atomic():
        current = locked(participant.plan)
        participant.role_in_plan, participant.present_at_meetings = role_in_plan, present_at_meetings
        participant.save(update_fields=["role_in_plan", "present_at_meetings"])
        changed(current, content=False)
        audit(user, current, "plan_participant_edited", participant_id=participant.pk)
    return participant
