"""A request's whole life through the named actions, with permissions, duplicates and conflicts."""

import dataclasses
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from consents.tests.helpers import ask, sign
from intake import actions
from intake.models import RequestEvent, ServiceEpisode, ServiceRequest, Status
from intake.queries import requests_visible_to
from students.models import Caseload


def file_one(cast, psychology, data, user=None, student=None):
    return actions.file_request(user or cast.teacher, student or cast.alice, [psychology], data)[0]


def test_a_teacher_files_one_request_per_domain(cast, psychology, speech, data):
    created = actions.file_request(cast.teacher, cast.alice, [psychology, speech], data)
    assert [r.domain for r in created] == [psychology, speech]
    assert all(r.status == Status.SUBMITTED and r.network == cast.nord for r in created)
    assert RequestEvent.objects.filter(request__in=created, to_status=Status.SUBMITTED).count() == 2


def test_the_details_are_encrypted_at_rest(cast, psychology, data):
    request = file_one(cast, psychology, data)
    with connection.cursor() as cursor:
        cursor.execute("SELECT details FROM intake_servicerequest WHERE id = %s", [request.pk])
        raw = cursor.fetchone()[0]
    assert "Anxiété" not in raw and raw.startswith("e360:")


def test_a_second_open_request_for_the_same_student_and_domain_is_refused_pointing_to_the_first(
    cast, psychology, data
):
    first = file_one(cast, psychology, data)
    with pytest.raises(ValidationError) as error:
        file_one(cast, psychology, data, user=cast.principal)
    assert f"demande nº {first.pk}" in str(error.value)
    assert ServiceRequest.objects.count() == 1


def test_who_may_file(cast, psychology, data):
    with pytest.raises(PermissionDenied):  # teacher of another group
        actions.file_request(cast.teacher, cast.bruno, [psychology], data)
    with pytest.raises(PermissionDenied):  # outsider
        actions.file_request(cast.outsider, cast.alice, [psychology], data)
    for user in [cast.manager, cast.coordinator, cast.privacy_officer, cast.student15]:
        with pytest.raises(PermissionDenied):
            actions.file_request(user, cast.alice, [psychology], data)
    request = actions.file_request(cast.parent, cast.alice, [psychology], data)[0]
    assert request.mandate_origin == "family"


def test_a_parent_cannot_file_when_the_centre_does_not_allow_self_referral(cast, psychology, data):
    from intake.config import settings_for

    config = settings_for(cast.centre)
    config.allow_self_referral = False
    config.save()
    with pytest.raises(PermissionDenied):
        actions.file_request(cast.parent, cast.alice, [psychology], data)


def test_the_whole_life_of_a_request(cast, psychology, data, mailoutbox, django_capture_on_commit_callbacks):
    request = file_one(cast, psychology, data)
    with django_capture_on_commit_callbacks(execute=True):
        request = actions.ask_for_information(cast.coordinator, request, request.version, "Depuis quand ?")
    assert request.status == Status.INFO_REQUESTED
    assert mailoutbox[-1].to == [cast.teacher.email]
    assert "Depuis quand ?" in mailoutbox[-1].body
    request = actions.answer_information(cast.teacher, request, request.version, "Depuis septembre.")
    request = actions.accept_request(
        cast.coordinator, request, request.version, urgency="high", schooling_impact="marked", tier=2
    )
    assert request.status == Status.WAITING
    assert request.priority == sum(request.priority_parts.values()) > 0
    episode = actions.assign_request(cast.coordinator, request, request.version, cast.psychologist)
    request.refresh_from_db()
    assert request.status == Status.ASSIGNED and request.assigned_to == cast.psychologist
    assert Caseload.objects.active().filter(professional=cast.psychologist, student=cast.alice).exists()
    with pytest.raises(ValidationError, match="Consentement aux services de suivi manquant pour Alice"):
        actions.record_first_service(cast.psychologist, episode)
    episode.refresh_from_db()
    assert episode.first_service_at is None
    sign(cast.student15, ask(cast, cast.alice, scope="services"))  # alice is 15: she consents herself
    actions.record_first_service(cast.psychologist, episode)
    episode.refresh_from_db()
    assert episode.first_service_at is not None
    with pytest.raises(ValidationError, match="note de fermeture"):
        actions.close_episode(cast.psychologist, request, request.version, "goals_met", "")
    request = actions.close_episode(
        cast.psychologist, request, request.version, "goals_met", "Objectifs atteints."
    )
    assert request.status == Status.CLOSED
    episode.refresh_from_db()
    assert episode.outcome == "goals_met" and episode.closed_at is not None
    steps = list(request.events.values_list("to_status", "actor__username"))
    assert steps == [
        ("submitted", "paul.enseignant"),
        ("info_requested", "marc.guichet"),
        ("submitted", "paul.enseignant"),
        ("waiting", "marc.guichet"),
        ("assigned", "marc.guichet"),
        ("closed", "marie.psy"),
    ]


def test_only_the_coordinator_triages(cast, psychology, data):
    request = file_one(cast, psychology, data)
    for user in [cast.teacher, cast.principal, cast.manager, cast.psychologist, cast.parent]:
        with pytest.raises(PermissionDenied):
            actions.accept_request(
                user, request, request.version, urgency="low", schooling_impact="none", tier=1
            )
        with pytest.raises(PermissionDenied):
            actions.refuse_request(user, request, request.version, "Non")


def test_a_refusal_needs_a_reason_and_closes_the_request(cast, psychology, data):
    request = file_one(cast, psychology, data)
    with pytest.raises(ValidationError):
        actions.refuse_request(cast.coordinator, request, request.version, "  ")
    request = actions.refuse_request(cast.coordinator, request, request.version, "Relève du CLSC.")
    assert request.status == Status.REFUSED and request.closed_at
    file_one(cast, psychology, data)  # a closed request does not block a new one


def test_redirecting_opens_a_request_for_the_other_service(cast, psychology, speech, data):
    request = file_one(cast, psychology, data)
    actions.redirect_request(cast.coordinator, request, request.version, speech, "Besoin langagier d'abord.")
    request.refresh_from_db()
    assert request.status == Status.REDIRECTED and request.redirected_to == speech
    new = ServiceRequest.objects.get(domain=speech)
    assert new.status == Status.SUBMITTED and new.student == cast.alice and new.details == request.details


def test_two_coordinators_at_once_one_wins_the_other_is_told(cast, psychology, data, django_user_model):
    from conftest import make_user

    other = make_user("lea.guichet", "coordinator", centre=cast.centre)
    request = file_one(cast, psychology, data)
    seen_version = request.version
    actions.accept_request(
        cast.coordinator, request, seen_version, urgency="low", schooling_impact="none", tier=1
    )
    with pytest.raises(actions.ConflictError, match="vient d'être modifiée par Marc"):
        actions.refuse_request(other, request, seen_version, "Doublon")
    request.refresh_from_db()
    assert request.status == Status.WAITING
    assert request.events.count() == 2


def test_assignment_only_to_a_professional_serving_the_network_and_the_profession(cast, psychology, data):
    request = file_one(cast, psychology, data)
    request = actions.accept_request(
        cast.coordinator, request, request.version, urgency="low", schooling_impact="none", tier=1
    )
    with pytest.raises(ValidationError, match="n'offre pas ce service"):
        actions.assign_request(cast.coordinator, request, request.version, cast.speech_therapist)
    assert not ServiceEpisode.objects.exists()


def test_only_the_assigned_professional_closes(cast, psychology, data):
    request = file_one(cast, psychology, data)
    request = actions.accept_request(
        cast.coordinator, request, request.version, urgency="low", schooling_impact="none", tier=1
    )
    actions.assign_request(cast.coordinator, request, request.version, cast.psychologist)
    request.refresh_from_db()
    for user in [cast.speech_therapist, cast.coordinator, cast.teacher]:
        with pytest.raises(PermissionDenied):
            actions.close_episode(user, request, request.version, "goals_met", "Fin.")


def test_each_role_sees_the_requests_it_should(cast, psychology, speech, data):
    mine = file_one(cast, psychology, data)  # teacher, for alice
    by_principal = actions.file_request(cast.principal, cast.bruno, [speech], data)[0]
    expected = {
        "teacher": {mine.pk},
        "principal": {mine.pk, by_principal.pk},
        "coordinator": {mine.pk, by_principal.pk},
        "manager": {mine.pk, by_principal.pk},
        "parent": {mine.pk},
        "student15": {mine.pk},
        "psychologist": set(),
        "outsider": set(),
        "privacy_officer": set(),
    }
    for name, pks in expected.items():
        assert set(requests_visible_to(getattr(cast, name)).values_list("pk", flat=True)) == pks, name


def test_guardians_are_told_when_the_family_is_involved_but_not_for_a_student_of_14_asking_alone(
    cast, psychology, data, mailoutbox, django_capture_on_commit_callbacks
):
    from dataclasses import replace

    family = replace(data, mandate_origin="family")
    request = file_one(cast, psychology, family)  # alice is 15: parents not told automatically
    with django_capture_on_commit_callbacks(execute=True):
        actions.accept_request(
            cast.coordinator, request, request.version, urgency="low", schooling_impact="none", tier=1
        )
    assert [m.to for m in mailoutbox] == [[cast.teacher.email]]
    cast.alice.birth_date = dt.date.today().replace(year=dt.date.today().year - 12)
    cast.alice.save()
    request.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        actions.withdraw_request(cast.teacher, request, request.version, "Plus nécessaire")
    assert sorted(m.to[0] for m in mailoutbox[1:]) == sorted([cast.teacher.email, "isabelle@exemple.qc.ca"])


def test_the_email_is_in_the_recipient_language_and_has_no_clinical_detail(
    cast, psychology, data, mailoutbox, django_capture_on_commit_callbacks
):
    cast.teacher.preferred_language = "en"
    cast.teacher.save()
    request = file_one(cast, psychology, data)
    with django_capture_on_commit_callbacks(execute=True):
        actions.accept_request(
            cast.coordinator, request, request.version, urgency="low", schooling_impact="none", tier=1
        )
    mail = mailoutbox[-1]
    assert "Anxiété" not in mail.body and "Tremblay" not in mail.body
    assert "Alice" in mail.body
    assert "Request" in mail.subject or "request" in mail.body  # English catalogue


def test_the_email_subject_is_plain_text(
    cast, psychology, data, mailoutbox, django_capture_on_commit_callbacks
):
    request = file_one(cast, psychology, data)
    with django_capture_on_commit_callbacks(execute=True):
        actions.accept_request(
            cast.coordinator, request, request.version, urgency="low", schooling_impact="none", tier=1
        )
    assert mailoutbox[-1].subject == "[Élève 360] Demande en Psychologie : En liste d'attente"


def test_time_to_triage_counts_from_the_first_triage_step(cast, psychology, data):
    request = file_one(cast, psychology, data)
    asked = actions.ask_for_information(cast.coordinator, request, request.version, "Depuis quand ?")
    first = asked.triaged_at
    answered = actions.answer_information(cast.teacher, asked, asked.version, "Depuis septembre.")
    accepted = actions.accept_request(
        cast.coordinator, answered, answered.version, urgency="low", schooling_impact="none", tier=1
    )
    assert first is not None and accepted.triaged_at == first
    assert accepted.accepted_at is not None and accepted.accepted_at > first


def test_triage_notes_and_the_closing_note_are_encrypted_at_rest(cast, psychology, data):
    request = file_one(cast, psychology, data)
    request = actions.ask_for_information(cast.coordinator, request, request.version, "Crises à la maison ?")
    with connection.cursor() as cursor:
        cursor.execute("SELECT status_note FROM intake_servicerequest WHERE id = %s", [request.pk])
        status_note = cursor.fetchone()[0]
        cursor.execute(
            "SELECT note FROM intake_requestevent WHERE request_id = %s AND note <> ''", [request.pk]
        )
        event_notes = [row[0] for row in cursor.fetchall()]
    assert status_note.startswith("e360:") and "Crises" not in status_note
    assert event_notes and all(n.startswith("e360:") and "Crises" not in n for n in event_notes)
    assert RequestEvent.objects.filter(request=request).exclude(note="").get().note == "Crises à la maison ?"


def test_an_evaluation_request_needs_the_consent_to_the_evaluation_and_revocation_blocks_at_once(
    cast, psychology, data
):
    from consents.actions import revoke_consent

    evaluation = dataclasses.replace(data, reasons=["evaluation"])
    request = file_one(cast, psychology, evaluation)
    request = actions.accept_request(
        cast.coordinator, request, request.version, urgency="low", schooling_impact="none", tier=1
    )
    episode = actions.assign_request(cast.coordinator, request, request.version, cast.psychologist)
    sign(cast.student15, ask(cast, cast.alice, scope="services"))  # not the one an evaluation needs
    with pytest.raises(ValidationError, match="évaluation manquant"):
        actions.record_first_service(cast.psychologist, episode)
    consent = sign(cast.student15, ask(cast, cast.alice, scope="evaluation"))
    revoke_consent(cast.student15, consent, "J'ai changé d'idée.")
    with pytest.raises(ValidationError, match="révoqué le"):
        actions.record_first_service(cast.psychologist, episode)
