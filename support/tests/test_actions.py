"""The named actions of tiers and interventions: permission, change, audit row, French refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from plans.tests.helpers import active
from support import actions
from support.models import DecisionKind, InterventionStatus, Outcome, TierDecision
from support.tests.helpers import days_ago, kind, start, with_points


def test_the_principal_places_a_student_in_a_tier_and_a_new_decision_supersedes_the_old(cast):
    first = actions.record_tier_decision(cast.principal, cast.alice, 2, "Absences répétées depuis octobre.")
    second = actions.record_tier_decision(
        cast.principal, cast.alice, 3, "Aucun progrès après six semaines.", source="intervention"
    )
    assert actions.current_tier(cast.alice) == second
    assert second.previous == first and TierDecision.objects.get(pk=first.pk).superseded_by == second
    assert list(TierDecision.objects.filter(student=cast.alice).values_list("tier", flat=True)) == [3, 2]
    entry = LogEntry.objects.filter(additional_data__event="tier_decided").latest("pk")
    assert entry.actor == cast.principal
    assert entry.additional_data == {
        "event": "tier_decided",
        "student_id": cast.alice.pk,
        "tier": 3,
        "previous_tier": 2,
        "source": "intervention",
    }


def test_the_reason_is_required_and_encrypted_at_rest(cast):
    with pytest.raises(ValidationError, match="motif"):
        actions.record_tier_decision(cast.principal, cast.alice, 2, "   ")
    actions.record_tier_decision(cast.principal, cast.alice, 2, "Difficultés en lecture observées.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM support_tierdecision")
        raw = cursor.fetchone()[0]
    assert "lecture" not in raw


def test_only_tiers_one_to_three_and_known_sources_are_accepted(cast):
    with pytest.raises(ValidationError, match="palier 1, 2 ou 3"):
        actions.record_tier_decision(cast.principal, cast.alice, 4, "Motif.")
    with pytest.raises(ValidationError):
        actions.record_tier_decision(cast.principal, cast.alice, 2, "Motif.", source="score")
    decision = actions.record_tier_decision(
        cast.principal,
        cast.alice,
        2,
        "Repérée par la liste.",
        source="early_warning",
        source_reference="2026-W45",
    )
    assert decision.get_source_display() == "Liste de repérage"
    assert not TierDecision.objects.exclude(pk=decision.pk).exists()


@pytest.mark.parametrize(
    "person", ["teacher", "psychologist", "outsider", "parent", "manager", "privacy_officer"]
)
def test_only_the_principal_of_the_school_records_a_tier(cast, person):
    with pytest.raises(PermissionDenied):
        actions.record_tier_decision(getattr(cast, person), cast.alice, 2, "Motif.")
    assert not TierDecision.objects.exists()


def test_the_principal_starts_an_intervention_with_a_goal_line(cast):
    intervention = start(
        cast.principal, cast.alice, cast.teacher, started_days_ago=7, baseline="40", target="61,5"
    )
    assert (
        intervention.status == InterventionStatus.ACTIVE and intervention.review_from == intervention.start_on
    )
    assert str(intervention.target) == "61.50" and intervention.planned_weeks == 6
    assert intervention.planned_end == intervention.start_on + dt.timedelta(weeks=6)
    entry = LogEntry.objects.filter(additional_data__event="intervention_started").get()
    assert entry.additional_data["kind"] == "tutorat-lecture"


def test_the_responsible_must_serve_the_student(cast):
    with pytest.raises(ValidationError, match="responsable qui sert"):
        start(cast.principal, cast.alice, cast.speech_therapist)  # no caseload with Alice
    with pytest.raises(ValidationError, match="responsable qui sert"):
        start(cast.principal, cast.bruno, cast.teacher)  # teaches 301, Bruno is in 302


def test_a_goal_must_move_and_numbers_and_dates_are_checked(cast):
    with pytest.raises(ValidationError, match="différer"):
        start(cast.principal, cast.alice, cast.teacher, baseline="40", target="40,00")
    with pytest.raises(ValidationError, match="entrez un nombre"):
        start(cast.principal, cast.alice, cast.teacher, baseline="quarante")
    with pytest.raises(ValidationError, match="dernière année"):
        start(cast.principal, cast.alice, cast.teacher, started_days_ago=400)
    with pytest.raises(ValidationError, match="1 à 40 semaines"):
        start(cast.principal, cast.alice, cast.teacher, weeks=0)


def test_an_intervention_links_only_to_an_open_plan_of_the_same_student(cast):
    plan = active(cast)
    linked = start(cast.principal, cast.alice, cast.teacher, plan=plan)
    assert linked.plan == plan
    with pytest.raises(ValidationError, match="plan d'intervention en cours"):
        start(cast.principal, cast.bruno, cast.principal, plan=plan)


def test_a_withdrawn_type_is_no_longer_offered(cast):
    retired = kind("autre")
    retired.is_active = False
    retired.save()
    with pytest.raises(ValidationError, match="type d'intervention offert"):
        start(cast.principal, cast.alice, cast.teacher, kind=retired)


@pytest.mark.parametrize("person", ["teacher", "psychologist", "outsider", "parent"])
def test_only_the_principal_starts_an_intervention(cast, person):
    with pytest.raises(PermissionDenied):
        start(getattr(cast, person), cast.alice, cast.teacher)


def test_the_responsible_adds_points_others_may_not(cast):
    intervention = start(cast.principal, cast.alice, cast.teacher, started_days_ago=14)
    point = actions.add_progress_point(cast.teacher, intervention, measured_on=days_ago(7), value="44,5")
    assert str(point.value) == "44.50" and point.recorded_by == cast.teacher
    actions.add_progress_point(cast.principal, intervention, measured_on=days_ago(0), value=47)
    for person in (cast.psychologist, cast.outsider, cast.parent):
        with pytest.raises(PermissionDenied):
            actions.add_progress_point(person, intervention, measured_on=days_ago(0), value=50)
    assert intervention.points.count() == 2
    assert LogEntry.objects.filter(additional_data__event="progress_point_added").count() == 2


def test_a_point_is_dated_between_the_start_and_today(cast):
    intervention = start(cast.principal, cast.alice, cast.teacher, started_days_ago=14)
    with pytest.raises(ValidationError, match="futur"):
        actions.add_progress_point(cast.teacher, intervention, measured_on=days_ago(-1), value=50)
    with pytest.raises(ValidationError, match="début de l'intervention"):
        actions.add_progress_point(cast.teacher, intervention, measured_on=days_ago(15), value=50)
    with pytest.raises(ValidationError, match="nombre"):
        actions.add_progress_point(cast.teacher, intervention, measured_on=days_ago(1), value="beaucoup")
    assert not intervention.points.exists()


def test_continuing_starts_a_new_review_period_and_keeps_what_the_data_showed(cast):
    intervention = start(cast.principal, cast.alice, cast.teacher, started_days_ago=42)
    intervention = with_points(cast.teacher, intervention, [40, 44, 45, 51])
    decision = actions.record_intervention_decision(
        cast.teacher, intervention, kind=DecisionKind.CONTINUE, reason="Progrès réguliers, on poursuit."
    )
    assert decision.point_count == 4 and decision.slope_per_week == pytest.approx(3.4)
    intervention.refresh_from_db()
    assert intervention.is_active and intervention.review_from == days_ago(0)


def test_stopping_ends_the_intervention_with_its_outcome(cast):
    intervention = start(cast.principal, cast.alice, cast.teacher, started_days_ago=42)
    with pytest.raises(ValidationError, match="résultat"):
        actions.record_intervention_decision(
            cast.principal, intervention, kind="stop", reason="Objectif atteint."
        )
    actions.record_intervention_decision(
        cast.principal, intervention, kind="stop", reason="Objectif atteint.", outcome=Outcome.GOAL_MET
    )
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.ENDED and intervention.outcome == "goal_met"
    assert intervention.ended_on == days_ago(0)
    with pytest.raises(PermissionDenied):  # ended: no more points or decisions
        actions.add_progress_point(cast.teacher, intervention, measured_on=days_ago(0), value=60)
    with pytest.raises(PermissionDenied):
        actions.record_intervention_decision(cast.principal, intervention, kind="continue", reason="Encore.")


def test_a_decision_needs_a_reason_and_a_known_kind(cast):
    intervention = start(cast.principal, cast.alice, cast.teacher, started_days_ago=42)
    with pytest.raises(ValidationError, match="motif"):
        actions.record_intervention_decision(cast.teacher, intervention, kind="continue", reason="")
    with pytest.raises(ValidationError, match="poursuivre, intensifier"):
        actions.record_intervention_decision(cast.teacher, intervention, kind="oublier", reason="Non.")
    with pytest.raises(PermissionDenied):
        actions.record_intervention_decision(cast.psychologist, intervention, kind="continue", reason="Oui.")
    assert not intervention.decisions.exists()


def test_destroying_a_students_file_removes_the_whole_tier_history_and_the_interventions(cast):
    from students.models import Student
    from support.models import Intervention

    actions.record_tier_decision(cast.principal, cast.alice, 2, "Premier motif.")
    actions.record_tier_decision(cast.principal, cast.alice, 3, "Second motif.")
    with_points(cast.teacher, start(cast.principal, cast.alice, cast.teacher, started_days_ago=7), [40])
    Student.objects.filter(pk=cast.alice.pk).delete()  # retention schedule (A-2.1 art. 73)
    assert not TierDecision.objects.exists() and not Intervention.objects.exists()
