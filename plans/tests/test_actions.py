"""The named actions of plans: who may, what changes, the audit row, French refusals."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from plans import actions
from plans.models import InterventionPlan, ParticipantKind, Phase, PlanStatus
from plans.tests.helpers import active, filled, in_days, opened, refresh


def events(plan):
    return [
        e.additional_data.get("event")
        for e in LogEntry.objects.filter(object_pk=str(plan.pk), content_type__model="interventionplan")
        if e.additional_data
    ]


def test_the_principal_opens_a_plan_with_the_student_and_the_parents_as_participants(cast):
    plan = opened(cast)
    assert plan.phase == Phase.COLLECT and plan.status == PlanStatus.DRAFT
    assert plan.school_year == cast.year and plan.opened_by == cast.principal
    kinds = sorted(plan.participants.values_list("kind", flat=True))
    assert kinds == sorted([ParticipantKind.STAFF, ParticipantKind.STUDENT, ParticipantKind.GUARDIAN])
    assert "plan_opened" in events(plan)


def test_only_the_principal_of_the_school_opens_a_plan(cast):
    for user in (cast.teacher, cast.psychologist, cast.outsider, cast.manager, cast.parent, cast.student15):
        with pytest.raises(PermissionDenied):
            actions.open_plan(user, cast.alice)
    assert not InterventionPlan.objects.exists()


def test_a_second_open_plan_for_the_same_year_is_refused_in_french(cast):
    first = opened(cast)
    with pytest.raises(ValidationError, match="déjà ouvert"):
        opened(cast)
    actions.close_plan(cast.principal, first, "Objectifs atteints.")
    assert opened(cast).pk != first.pk  # a closed plan does not block a new one


def test_the_analysis_is_encrypted_at_rest_and_bumps_the_version(cast):
    from django.db import connection

    plan = filled(cast)
    assert plan.version > 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT difficulties FROM plans_interventionplan WHERE id = %s", [plan.pk])
        raw = cursor.fetchone()[0]
    assert "Lecture lente" not in raw
    assert refresh(plan).difficulties == "Lecture lente en classe."


def test_the_phases_advance_in_order_and_carrying_out_activates_the_plan(cast):
    plan = opened(cast)
    with pytest.raises(ValidationError, match="forces ou les difficultés"):
        actions.advance_phase(cast.principal, plan)
    plan = filled(cast, cast.bruno)
    plan = actions.advance_phase(cast.principal, plan)
    assert plan.phase == Phase.PLANNING
    plan = actions.advance_phase(cast.principal, plan)
    assert plan.phase == Phase.CARRYING_OUT and plan.status == PlanStatus.ACTIVE
    assert plan.activated_at is not None and plan.shared_at is not None
    plan = actions.advance_phase(cast.principal, plan)
    assert plan.phase == Phase.REVIEW
    with pytest.raises(ValidationError, match="révision"):
        actions.advance_phase(cast.principal, plan)
    actions.record_review(cast.principal, plan, held_on=timezone.localdate(), notes="Progrès en lecture.")
    assert actions.advance_phase(cast.principal, refresh(plan)).phase == Phase.PLANNING


def test_an_objective_without_a_means_blocks_the_activation(cast):
    plan = opened(cast)
    actions.add_objective(
        cast.principal,
        plan,
        actions.ObjectiveData(text="Lire", indicator="Mots par minute", target="75", due_on=in_days(30)),
    )
    with pytest.raises(ValidationError, match="moyen"):
        actions.activate(cast.principal, refresh(plan))
    assert refresh(plan).status == PlanStatus.DRAFT


def test_activation_starts_the_interventions_and_shows_the_plan_to_the_family(cast):
    plan = active(cast)
    assert plan.status == PlanStatus.ACTIVE and plan.phase == Phase.CARRYING_OUT
    assert plan.shared_at is not None
    with pytest.raises(ValidationError, match="déjà actif"):
        actions.activate(cast.principal, plan)
    assert "plan_activated" in events(plan)


def test_objectives_need_an_indicator_a_target_and_a_due_date_after_the_opening(cast):
    plan = opened(cast)
    data = actions.ObjectiveData(text="Lire", indicator="", target="75", due_on=in_days(30))
    with pytest.raises(ValidationError, match="indicateur"):
        actions.add_objective(cast.principal, plan, data)
    data = actions.ObjectiveData(text="Lire", indicator="MPM", target="75", due_on=in_days(-400))
    with pytest.raises(ValidationError, match="échéance"):
        actions.add_objective(cast.principal, plan, data)


def test_a_means_is_given_to_someone_who_serves_the_student(cast):
    plan = filled(cast)
    objective = plan.objectives.get()
    for stranger in (cast.outsider, cast.speech_therapist, cast.manager):
        with pytest.raises(ValidationError, match="sert l'élève"):
            actions.add_means(
                cast.principal,
                plan,
                actions.MeansData(objective=objective, what="Aide", responsible=stranger),
            )
    with pytest.raises(ValidationError, match="qui met le moyen"):
        actions.add_means(cast.principal, plan, actions.MeansData(objective=objective, what="Aide"))
    means = actions.add_means(
        cast.principal,
        plan,
        actions.MeansData(objective=objective, what="Rencontre hebdomadaire", responsible=cast.psychologist),
    )
    assert means.responsible == cast.psychologist


def test_staff_other_than_the_principal_cannot_change_the_plan(cast):
    plan = filled(cast)
    for user in (cast.teacher, cast.psychologist, cast.parent, cast.outsider):
        with pytest.raises(PermissionDenied):
            actions.update_analysis(user, plan, strengths="x", difficulties="y")
        with pytest.raises(PermissionDenied):
            actions.advance_phase(user, plan)
        with pytest.raises(PermissionDenied):
            actions.close_plan(user, plan, "x")


def test_participants_are_added_once_and_edited(cast):
    plan = opened(cast)
    participant = actions.add_participant(
        cast.principal,
        plan,
        kind=ParticipantKind.STAFF,
        person=cast.teacher,
        role_in_plan="Enseignant titulaire",
    )
    with pytest.raises(ValidationError, match="participe déjà"):
        actions.add_participant(
            cast.principal, plan, kind=ParticipantKind.STAFF, person=cast.teacher, role_in_plan="x"
        )
    with pytest.raises(ValidationError, match="participe déjà"):
        actions.add_participant(cast.principal, plan, kind=ParticipantKind.STUDENT, role_in_plan="Élève")
    edited = actions.edit_participant(
        cast.principal, participant, role_in_plan="Titulaire", present_at_meetings=False
    )
    assert edited.role_in_plan == "Titulaire" and not edited.present_at_meetings


def test_a_review_is_dated_in_the_past_and_sets_the_next_one(cast):
    plan = active(cast)
    with pytest.raises(ValidationError, match="futur"):
        actions.record_review(cast.principal, plan, held_on=in_days(1), notes="x")
    review = actions.record_review(
        cast.principal,
        plan,
        held_on=timezone.localdate(),
        notes="Progrès.",
        decisions="Poursuivre.",
        next_review_on=in_days(60),
    )
    plan = refresh(plan)
    assert review.plan == plan and plan.phase == Phase.REVIEW and plan.next_review_on == in_days(60)


def test_a_closed_plan_no_longer_changes(cast):
    plan = actions.close_plan(cast.principal, active(cast), "Objectifs atteints.")
    assert plan.status == PlanStatus.CLOSED and plan.closed_at is not None
    with pytest.raises(ValidationError, match="fermé"):
        actions.add_need(cast.principal, plan, "Autre besoin")
    with pytest.raises(PermissionDenied):
        actions.log_parent_contact(cast.principal, plan, contacted_on=timezone.localdate(), mode="phone")
    with pytest.raises(ValidationError, match="pourquoi"):
        actions.close_plan(cast.principal, opened(cast, cast.bruno), "  ")


def test_staff_serving_the_student_log_a_parent_contact(cast):
    plan = active(cast)
    for user in (cast.principal, cast.teacher, cast.psychologist):
        contact = actions.log_parent_contact(
            user, plan, contacted_on=timezone.localdate(), mode="phone", note="Appel."
        )
        assert contact.by == user
    for user in (
        cast.speech_therapist,
        cast.outsider,
        cast.manager,
        cast.coordinator,
        cast.parent,
        cast.student15,
    ):
        with pytest.raises(PermissionDenied):
            actions.log_parent_contact(user, plan, contacted_on=timezone.localdate(), mode="phone")
    with pytest.raises(ValidationError, match="futur"):
        actions.log_parent_contact(cast.teacher, plan, contacted_on=in_days(1), mode="phone")
    with pytest.raises(ValidationError, match="mode"):
        actions.log_parent_contact(cast.teacher, plan, contacted_on=timezone.localdate(), mode="pigeon")
    assert "plan_parent_contact_logged" in events(plan)


def test_follow_up_sets_who_makes_the_monthly_contact(cast):
    plan = active(cast)
    plan = actions.set_follow_up(
        cast.principal, plan, next_review_on=in_days(30), contact_responsible=cast.teacher
    )
    assert plan.contact_responsible == cast.teacher
    with pytest.raises(ValidationError):
        actions.set_follow_up(cast.principal, plan, next_review_on=None, contact_responsible=cast.outsider)
    with pytest.raises(ValidationError, match="passé"):
        actions.set_follow_up(
            cast.principal, plan, next_review_on=dt.date(2000, 1, 1), contact_responsible=None
        )
