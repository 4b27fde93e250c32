"""Named state changes of plans d'intervention. Each checks permission, changes, and writes its audit row
(no content: ids and event names only) in one transaction; e-mails leave on commit.

The principal of the student's school runs the plan through its four phases (`plans.run`); the staff
serving the student log the monthly contacts with the parents. Signatures are in `plans.signing`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import SchoolYear
from lib import plans as logic
from plans.action_helpers import (
    LABEL_MAX,
    SHORT_MAX,
    TEXT_MAX,
    audit,
    changed,
    check_staff,
    clean_text,
    locked,
    require_run,
)
from plans.actions_content import (
    MeansData,
    ObjectiveData,
    add_means,
    add_need,
    add_objective,
    add_participant,
    edit_means,
    edit_need,
    edit_objective,
    edit_participant,
)
from plans.models import (
    ContactMode,
    InterventionPlan,
    ParentContact,
    Participant,
    ParticipantKind,
    Phase,
    PlanStatus,
    Review,
)
from students.models import Student

__all__ = [
    "LABEL_MAX",
    "SHORT_MAX",
    "TEXT_MAX",
    "MeansData",
    "ObjectiveData",
    "activate",
    "add_means",
    "add_need",
    "add_objective",
    "add_participant",
    "advance_phase",
    "close_plan",
    "edit_means",
    "edit_need",
    "edit_objective",
    "edit_participant",
    "log_parent_contact",
    "open_plan",
    "record_review",
    "set_follow_up",
    "update_analysis",
]


# --- opening ----------------------------------------------------------------------------------------


def current_year_for(student: Student) -> SchoolYear | None:
    return SchoolYear.objects.filter(centre_id=student.school.centre_id, is_current=True).first()


def open_plan(user: Any, student: Student, school_year: SchoolYear | None = None) -> InterventionPlan:
    """The principal opens the plan (collection phase, in preparation). The principal, the student and
    the guardians with parental authority are its first participants."""
    if not user.has_perm("plans.open", student):
        raise PermissionDenied
    year = school_year or current_year_for(student)
    if year is None or year.centre_id != student.school.centre_id:
        raise ValidationError(_("Choisissez une année scolaire du centre de services de l'élève."))
    with transaction.atomic():
        Student.objects.select_for_update().filter(pk=student.pk).first()
        existing = InterventionPlan.objects.filter(student=student, school_year=year).exclude(
            status=PlanStatus.CLOSED
        )
        found = existing.first()
        if found is not None:
            raise ValidationError(
                _("Un plan d'intervention est déjà ouvert pour cet élève en %(year)s (plan nº %(id)s).")
                % {"year": year.label, "id": found.pk}
            )
        try:
            with transaction.atomic():
                plan = InterventionPlan.objects.create(student=student, school_year=year, opened_by=user)
        except IntegrityError:
            raise ValidationError(
                _("Un plan d'intervention est déjà ouvert pour cet élève cette année.")
            ) from None
        Participant.objects.create(
            plan=plan, kind=ParticipantKind.STAFF, user=user, role_in_plan=str(_("Direction de l'école"))
        )
        Participant.objects.create(plan=plan, kind=ParticipantKind.STUDENT, role_in_plan=str(_("Élève")))
        for link in student.guardian_links.filter(has_parental_authority=True).select_related("guardian"):
            Participant.objects.create(
                plan=plan,
                kind=ParticipantKind.GUARDIAN,
                guardian=link.guardian,
                role_in_plan=str(link.get_relationship_display()),
            )
        audit(user, plan, "plan_opened", school_year=year.label)
    return plan


# --- phase 1: collection and analysis ----------------------------------------------------------------


def update_analysis(
    user: Any, plan: InterventionPlan, *, strengths: str, difficulties: str
) -> InterventionPlan:
    require_run(user, plan)
    strengths = clean_text(strengths, None)
    difficulties = clean_text(difficulties, None)
    with transaction.atomic():
        current = locked(plan)
        current.strengths, current.difficulties = strengths, difficulties
        changed(current, "strengths", "difficulties")
        audit(user, current, "plan_analysis_updated")
    return current


def set_follow_up(
    user: Any, plan: InterventionPlan, *, next_review_on: dt.date | None, contact_responsible: Any
) -> InterventionPlan:
    """The date of the next review and who makes the monthly contact with the parents."""
    require_run(user, plan)
    if next_review_on is not None and next_review_on < timezone.localdate():
        raise ValidationError(_("La prochaine révision ne peut pas être dans le passé."))
    if contact_responsible is not None:
        check_staff(plan, contact_responsible)
    with transaction.atomic():
        current = locked(plan)
        current.next_review_on, current.contact_responsible = next_review_on, contact_responsible
        changed(current, "next_review_on", "contact_responsible", content=False)
        audit(user, current, "plan_follow_up_set")
    return current


# --- phases, activation, review, closing -------------------------------------------------------------------


def _counts(plan: InterventionPlan) -> tuple[int, int]:
    objectives = plan.objectives.count()
    with_means = plan.objectives.filter(means__isnull=False).distinct().count()
    return objectives, with_means


def advance_phase(user: Any, plan: InterventionPlan) -> InterventionPlan:
    """To the next phase; after the review, a new planning cycle. Carrying out activates the plan."""
    require_run(user, plan)
    with transaction.atomic():
        current = locked(plan)
        objectives, with_means = _counts(current)
        gap = logic.phase_gap(
            current.phase,
            has_analysis=bool(current.strengths or current.difficulties),
            objectives=objectives,
            objectives_with_means=with_means,
            reviews=current.reviews.count(),
        )
        if gap:
            raise ValidationError(gap)
        before = current.phase
        current.phase = logic.next_phase(before)
        fields = ["phase"]
        if current.phase == Phase.CARRYING_OUT and current.status == PlanStatus.DRAFT:
            _activate_fields(current)
            fields += ["status", "activated_at", "shared_at"]
        changed(current, *fields, content=False)
        audit(user, current, "plan_phase_advanced", phase_from=before, phase_to=current.phase)
    return current


def _activate_fields(plan: InterventionPlan) -> None:
    now = timezone.now()
    plan.status = PlanStatus.ACTIVE
    plan.activated_at = now
    plan.shared_at = plan.shared_at or now


def activate(user: Any, plan: InterventionPlan) -> InterventionPlan:
    """The plan is in force: the interventions start (phase "réalisation"), the family sees it."""
    require_run(user, plan)
    with transaction.atomic():
        current = locked(plan)
        if current.status != PlanStatus.DRAFT:
            raise ValidationError(_("Ce plan est déjà actif."))
        objectives, with_means = _counts(current)
        gap = logic.activation_gap(objectives=objectives, objectives_with_means=with_means)
        if gap:
            raise ValidationError(gap)
        _activate_fields(current)
        if logic.phase_index(current.phase) < logic.phase_index(Phase.CARRYING_OUT):
            current.phase = Phase.CARRYING_OUT
        changed(current, "status", "activated_at", "shared_at", "phase", content=False)
        audit(user, current, "plan_activated")
    return current


def record_review(
    user: Any,
    plan: InterventionPlan,
    *,
    held_on: dt.date,
    notes: str,
    decisions: str = "",
    next_review_on: dt.date | None = None,
) -> Review:
    require_run(user, plan)
    if held_on > timezone.localdate():
        raise ValidationError(_("La date de la révision ne peut pas être dans le futur."))
    if next_review_on is not None and next_review_on <= held_on:
        raise ValidationError(_("La prochaine révision doit suivre celle-ci."))
    notes = clean_text(notes, _("Notez les constats de la révision."))
    decisions = clean_text(decisions, None)
    with transaction.atomic():
        current = locked(plan)
        if held_on < timezone.localtime(current.opened_at).date():
            raise ValidationError(_("La révision ne peut pas précéder l'ouverture du plan."))
        if current.phase not in (Phase.CARRYING_OUT, Phase.REVIEW):
            raise ValidationError(_("Une révision suit la réalisation des interventions."))
        review = Review.objects.create(
            plan=current, held_on=held_on, notes=notes, decisions=decisions, recorded_by=user
        )
        current.phase = Phase.REVIEW
        fields = ["phase"]
        if next_review_on is not None:
            current.next_review_on = next_review_on
            fields.append("next_review_on")
        changed(current, *fields, content=False)
        audit(user, current, "plan_review_recorded", review_id=review.pk)
    return review


def close_plan(user: Any, plan: InterventionPlan, note: str) -> InterventionPlan:
    require_run(user, plan)
    note = clean_text(
        note, _("Indiquez pourquoi le plan est fermé (par exemple : objectifs atteints)."), SHORT_MAX
    )
    with transaction.atomic():
        current = locked(plan)
        current.status, current.closed_at, current.closing_note = PlanStatus.CLOSED, timezone.now(), note
        changed(current, "status", "closed_at", "closing_note", content=False)
        audit(user, current, "plan_closed")
    return current


# --- monthly contact with the parents ------------------------------------------------------------------


def log_parent_contact(
    user: Any, plan: InterventionPlan, *, contacted_on: dt.date, mode: str, note: str = ""
) -> ParentContact:
    """Staff serving the student note a contact with the parents (Régime pédagogique, art. 29)."""
    if not user.has_perm("plans.log_contact", plan):
        raise PermissionDenied
    if mode not in ContactMode.values:
        raise ValidationError(_("Choisissez le mode du contact."))
    if contacted_on > timezone.localdate():
        raise ValidationError(_("La date du contact ne peut pas être dans le futur."))
    note = clean_text(note, None, SHORT_MAX)
    with transaction.atomic():
        current = locked(plan)
        if contacted_on < timezone.localtime(current.opened_at).date():
            raise ValidationError(_("La date du contact ne peut pas précéder l'ouverture du plan."))
        contact = ParentContact.objects.create(
            plan=current, contacted_on=contacted_on, mode=mode, by=user, note=note
        )
        audit(user, current, "plan_parent_contact_logged", contact_id=contact.pk, mode=mode)
    return contact
