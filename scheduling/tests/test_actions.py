"""Planning, conflicts, recurrence with exceptions and school closures, the telepractice consent block,
readiness and the video link by role and time, the note started from a held appointment."""

from __future__ import annotations

import datetime as dt

import jwt
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from scheduling import actions, notes, telepractice
from scheduling.models import Appointment, ClosureKind, SchoolClosure, Status
from scheduling.tests.conftest import committed, consent

AT = dt.time(9, 0)


def plan(cast, sched, who=None, episode=None, **extra):
    data = {"kind": "session", "day": sched.monday, "at": AT, "minutes": 45, "modality": "school"}
    data |= (
        {"school": cast.sources, "room": sched.room} if extra.get("modality", "school") == "school" else {}
    )
    return committed(
        actions.plan_appointment,
        who or cast.speech_therapist,
        episode or sched.leo_episode,
        actions.Plan(**(data | extra)),
    )


def messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_a_professional_plans_an_appointment_in_their_episode_and_everyone_is_told(cast, sched):
    (appointment,) = plan(cast, sched, guardians=[cast.parent.guardian_profile])
    assert appointment.status == Status.PLANNED and appointment.minutes == 45
    assert list(appointment.students.all()) == [sched.leo]
    assert {m.to[0] for m in mail.outbox} == {cast.speech_therapist.email, "isabelle@exemple.qc.ca"}
    assert all(m.attachments[0][0] == "rendez-vous.ics" for m in mail.outbox)


def test_only_the_episodes_professional_plans_in_it(cast, sched):
    with pytest.raises(PermissionDenied):
        plan(cast, sched, who=cast.psychologist)
    with pytest.raises(PermissionDenied):
        plan(cast, sched, who=cast.principal)


def test_a_conflict_for_a_person_or_a_room_is_refused_with_a_clear_message(cast, sched):
    plan(cast, sched)
    with pytest.raises(ValidationError) as error:
        plan(cast, sched, at=dt.time(9, 30), room=sched.other_room)
    assert "Luc Test a déjà un rendez-vous le" in messages(error.value)
    assert "Léo Tremblay a déjà un rendez-vous" in messages(error.value)
    # the psychologist, another student, the same room: only the room conflicts
    with pytest.raises(ValidationError) as error:
        plan(cast, sched, who=cast.psychologist, episode=sched.alice_episode, at=dt.time(9, 15))
    assert messages(error.value).startswith("Le local Local 204 est déjà pris le")
    assert "Luc" not in messages(error.value)
    # back to back is fine
    (later,) = plan(cast, sched, at=dt.time(9, 45))
    assert later.pk
    assert Appointment.objects.count() == 2


def test_a_cancelled_appointment_frees_the_time(cast, sched):
    (first,) = plan(cast, sched)
    actions.cancel(cast.speech_therapist, first)
    assert plan(cast, sched)


def test_a_weekly_series_skips_the_exceptions_and_the_school_closures(cast, sched):
    SchoolClosure.objects.create(
        school_year=cast.year,
        school=None,
        day=sched.monday + dt.timedelta(days=14),
        kind=ClosureKind.PEDAGOGICAL,
    )
    sessions = plan(cast, sched, weekly_count=5, exceptions=[sched.monday + dt.timedelta(days=7)])
    days = [timezone.localtime(a.starts_at).date() for a in sessions]
    assert days == [sched.monday + dt.timedelta(days=d) for d in (0, 21, 28)]
    assert len({a.series_id for a in sessions}) == 1
    assert all(timezone.localtime(a.starts_at).time() == AT for a in sessions)
    assert len(mail.outbox) == 1  # one confirmation for the series


def test_a_single_appointment_on_a_closed_day_or_a_day_off_is_refused(cast, sched):
    from scheduling.models import AvailabilityException

    SchoolClosure.objects.create(school_year=cast.year, school=cast.sources, day=sched.monday, kind="holiday")
    with pytest.raises(ValidationError) as error:
        plan(cast, sched)
    assert "L'école est fermée le" in messages(error.value)
    AvailabilityException.objects.create(
        professional=cast.speech_therapist, day=sched.monday, reason="Formation"
    )
    with pytest.raises(ValidationError) as error:
        plan(cast, sched, modality="phone")
    assert "n'est pas disponible le" in messages(error.value)


def test_telepractice_without_a_valid_consent_cannot_be_booked_and_says_which_is_missing(cast, sched):
    with pytest.raises(ValidationError) as error:
        plan(cast, sched, modality="telepractice")
    text = messages(error.value)
    assert "Consentement à la télépratique manquant pour Léo" in text
    assert "parent ou tuteur" in text
    consent(cast, sched.leo)
    (appointment,) = plan(cast, sched, modality="telepractice")
    assert appointment.video_room.startswith("e360") and len(appointment.video_room) == 36


def test_a_revoked_consent_blocks_the_start_of_a_booked_session(cast, sched):
    from consents import actions as consent_actions

    given = consent(cast, sched.leo)
    (appointment,) = plan(cast, sched, modality="telepractice")
    consent_actions.revoke_consent(cast.principal, given, reason="La famille retire son accord.")
    with pytest.raises(ValidationError) as error:
        telepractice.confirm_readiness(
            cast.speech_therapist,
            appointment,
            student_location="Maison",
            adult_on_site=True,
            no_recording=True,
        )
    assert "Consentement à la télépratique manquant pour Léo" in messages(error.value)


def _tele(cast, sched, **extra):
    consent(cast, sched.leo)
    (appointment,) = plan(
        cast, sched, modality="telepractice", guardians=[cast.parent.guardian_profile], **extra
    )
    return appointment


def test_the_readiness_checklist_wants_the_place_an_adult_for_a_young_student_and_no_recording(cast, sched):
    appointment = _tele(cast, sched)
    with pytest.raises(ValidationError) as error:
        telepractice.confirm_readiness(
            cast.speech_therapist, appointment, student_location="", adult_on_site=False, no_recording=False
        )
    text = messages(error.value)
    assert "Indiquez où se trouve l'élève" in text
    assert "moins de 12 ans" not in text  # Léo is 12: no adult required at the default age
    assert "ne sera pas enregistrée" in text
    with override_settings(TELEPRACTICE_ADULT_UNDER_AGE=13), pytest.raises(ValidationError) as error:
        telepractice.confirm_readiness(
            cast.speech_therapist,
            appointment,
            student_location="Maison",
            adult_on_site=False,
            no_recording=True,
        )
    assert "un adulte doit être sur place" in messages(error.value)
    ready = telepractice.confirm_readiness(
        cast.speech_therapist,
        appointment,
        student_location="À la maison",
        adult_on_site=True,
        no_recording=True,
    )
    assert telepractice.is_ready(ready)


def _now_is(monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_the_link_is_for_the_participants_only_and_only_near_the_time(cast, sched, monkeypatch):
    appointment = _tele(cast, sched)
    start = appointment.starts_at
    readers = {u.username: telepractice.may_see_link(u, appointment, start) for u in cast.users}
    assert {name for name, yes in readers.items() if yes} == {"luc.ortho", "isabelle.parent"}
    assert not telepractice.may_see_link(cast.speech_therapist, appointment, start - dt.timedelta(minutes=16))
    assert telepractice.may_see_link(cast.speech_therapist, appointment, start - dt.timedelta(minutes=15))
    assert not telepractice.may_see_link(
        cast.parent, appointment, appointment.ends_at + dt.timedelta(minutes=16)
    )
    with pytest.raises(ValidationError) as error:
        telepractice.enter(cast.parent, appointment)  # days before
    assert "s'ouvre 15 minutes avant" in messages(error.value)
    _now_is(monkeypatch, start - dt.timedelta(minutes=5))
    with pytest.raises(ValidationError) as error:
        telepractice.enter(cast.speech_therapist, appointment)
    assert "liste de vérification" in messages(error.value)
    with pytest.raises(ValidationError):
        telepractice.enter(cast.parent, appointment)
    with pytest.raises(PermissionDenied):
        telepractice.enter(cast.principal, appointment)
    telepractice.confirm_readiness(
        cast.speech_therapist,
        appointment,
        student_location="À la maison",
        adult_on_site=True,
        no_recording=True,
    )
    assert (
        telepractice.enter(cast.parent, appointment)
        == f"https://visio.eleve360.localhost/{appointment.video_room}"
    )


@override_settings(JITSI_APP_ID="eleve360", JITSI_APP_SECRET="secret-de-test-0123456789abcdef0123")
def test_the_professionals_link_carries_a_signed_moderator_token(cast, sched, monkeypatch):
    appointment = _tele(cast, sched)
    telepractice.confirm_readiness(
        cast.speech_therapist, appointment, student_location="École", adult_on_site=True, no_recording=True
    )
    _now_is(monkeypatch, appointment.starts_at)
    url = telepractice.enter(cast.speech_therapist, appointment)
    token = url.split("?jwt=", 1)[1]
    claims = jwt.decode(token, "secret-de-test-0123456789abcdef0123", algorithms=["HS256"], audience="jitsi")
    assert claims["room"] == appointment.video_room and claims["moderator"] is True
    parent_claims = jwt.decode(
        telepractice.enter(cast.parent, appointment).split("?jwt=", 1)[1],
        "secret-de-test-0123456789abcdef0123",
        algorithms=["HS256"],
        audience="jitsi",
    )
    assert parent_claims["moderator"] is False
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, "un-autre-secret-0123456789abcdef0123", algorithms=["HS256"], audience="jitsi")


def test_a_held_appointment_starts_a_draft_progress_note_in_the_record(cast, sched, monkeypatch):
    from records import actions as record_actions
    from records.models import EntryStatus

    consent(cast, sched.leo, scope="services")
    record_actions.open_record(
        cast.speech_therapist, sched.leo, mandate_origin="school", reasons="Langage.", parent_name="Isabelle"
    )
    (appointment,) = plan(cast, sched)
    with pytest.raises(ValidationError):
        actions.record_outcome(cast.speech_therapist, appointment, Status.HELD)  # not started yet
    _now_is(monkeypatch, appointment.ends_at + dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        notes.start_note(cast.speech_therapist, appointment)  # not held
    held = actions.record_outcome(cast.speech_therapist, appointment, Status.HELD)
    with pytest.raises(PermissionDenied):
        notes.start_note(cast.psychologist, held)
    entry = notes.start_note(cast.speech_therapist, held)
    assert entry.status == EntryStatus.DRAFT and entry.kind == "progress_note"
    assert entry.duration_minutes == 45 and entry.modality == "in_person"
    assert entry.service_date == timezone.localtime(held.starts_at).date()
    with pytest.raises(ValidationError):
        notes.start_note(cast.speech_therapist, Appointment.objects.get(pk=held.pk))


def test_a_cancellation_close_to_the_time_is_late(cast, sched, monkeypatch):
    (appointment,) = plan(cast, sched)
    _now_is(monkeypatch, appointment.starts_at - dt.timedelta(hours=3))
    cancelled = actions.cancel(cast.speech_therapist, appointment)
    assert cancelled.status == Status.CANCELLED_LATE and cancelled.sequence == 1


def test_a_series_across_the_march_change_is_stored_in_utc_and_keeps_its_wall_time(cast, sched):
    sessions = plan(cast, sched, day=dt.date(2027, 3, 8), weekly_count=3)
    utc_hours = [a.starts_at.astimezone(dt.UTC).hour for a in sessions]
    assert utc_hours == [14, 13, 13]  # 09:00 EST, then 09:00 EDT
    assert [timezone.localtime(a.starts_at).hour for a in sessions] == [9, 9, 9]
    assert all(a.minutes == 45 for a in sessions)


def test_the_day_calendar_of_the_november_sunday_holds_its_25_hours(cast, sched):
    from scheduling.calendar import days_with

    late = plan(cast, sched, day=dt.date(2027, 11, 7), at=dt.time(23, 0), modality="phone")[0]
    early = plan(cast, sched, day=dt.date(2027, 11, 7), at=dt.time(0, 30), modality="phone", minutes=120)[0]
    (day,) = days_with(Appointment.objects.all(), [dt.date(2027, 11, 7)])
    assert [a.pk for a in day.appointments] == [early.pk, late.pk]
    assert early.minutes == 120
