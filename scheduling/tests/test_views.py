"""The pages: the permission triad, the calendars (week, day, school), planning through the form,
the portal's booking, the feed with its revocable secret, the travel pages, the 360 section."""

from __future__ import annotations

import datetime as dt

import vobject
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from scheduling import actions, booking_actions, feeds
from scheduling.models import Appointment, BookableSlot
from scheduling.tests.conftest import committed, consent


def _plan(cast, sched, **extra):
    data = {"kind": "session", "day": sched.monday, "at": dt.time(9), "minutes": 45, "modality": "school"}
    data |= {"school": cast.sources, "room": sched.room}
    return committed(
        actions.plan_appointment, cast.speech_therapist, sched.leo_episode, actions.Plan(**(data | extra))
    )


def test_the_calendar_asks_anonymous_to_log_in_and_refuses_the_coordinator(client, cast, sched):
    url = reverse("scheduling:week")
    assert client.get(url).status_code == 302
    client.force_login(cast.coordinator)
    assert client.get(url).status_code == 403
    client.force_login(cast.parent)
    assert client.get(url)["Location"] == reverse("scheduling:portal")
    client.force_login(cast.manager)
    assert client.get(url)["Location"] == reverse("scheduling:travel_totals")


def test_the_week_and_the_day_show_the_appointment_in_a_table(client, cast, sched):
    (appointment,) = _plan(cast, sched)
    client.force_login(cast.speech_therapist)
    page = client.get(reverse("scheduling:week"), {"semaine": sched.monday.isoformat()}).content.decode()
    assert "<table" in page and "Léo Tremblay" in page and "09:00–09:45" in page
    assert reverse("scheduling:detail", args=[appointment.pk]) in page
    day = client.get(reverse("scheduling:week"), {"jour": sched.monday.isoformat()}).content.decode()
    assert "Léo Tremblay" in day and "Jour suivant" in day
    other = client.get(
        reverse("scheduling:week"), {"semaine": (sched.monday + dt.timedelta(days=7)).isoformat()}
    )
    assert "Léo Tremblay" not in other.content.decode()


def test_the_detail_is_404_for_a_stranger_and_audited_for_a_reader(client, cast, sched):
    from auditlog.models import LogEntry

    (appointment,) = _plan(cast, sched)
    url = reverse("scheduling:detail", args=[appointment.pk])
    client.force_login(cast.psychologist)
    assert client.get(url).status_code == 404
    assert client.get(reverse("scheduling:detail", args=[99999])).status_code == 404
    client.force_login(cast.speech_therapist)
    assert client.get(url).status_code == 200
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(appointment.pk)).count() == 1


def test_changes_are_refused_before_any_form_to_whoever_does_not_manage_the_appointment(client, cast, sched):
    """Regression (security policy matrix): an invalid move answered a redirect to anyone, even a
    stranger, and an unknown outcome answered its message to the principal of the school; the
    permission now comes before the form, a stranger gets the 404 of a missing appointment."""
    (appointment,) = _plan(cast, sched)
    before = (appointment.starts_at, appointment.status)
    changes = ("move", "outcome", "cancel", "start_note", "readiness")
    for name in changes:
        url = reverse(f"scheduling:{name}", args=[appointment.pk])
        missing = reverse(f"scheduling:{name}", args=[99999])
        client.force_login(cast.outsider)
        assert client.post(url, {}).status_code == 404, name
        assert client.post(missing, {}).status_code == 404, name
        client.force_login(cast.principal)  # reads it (held at des Sources), never changes it
        assert client.get(reverse("scheduling:detail", args=[appointment.pk])).status_code == 200
        assert client.post(url, {}).status_code == 403, name
    client.force_login(cast.speech_therapist)
    move = client.post(reverse("scheduling:move", args=[appointment.pk]), {})
    assert move.status_code == 302 and move["Location"] == reverse("scheduling:detail", args=[appointment.pk])
    appointment.refresh_from_db()
    assert (appointment.starts_at, appointment.status) == before


def test_a_professional_plans_through_the_form_and_a_conflict_is_shown_in_french(client, cast, sched):
    client.force_login(cast.speech_therapist)
    data = {
        "episode": sched.leo_episode.pk,
        "kind": "session",
        "day": sched.monday.isoformat(),
        "at": "10:00",
        "minutes": "45",
        "modality": "school",
        "school": cast.sources.pk,
        "room": sched.room.pk,
        "invite_guardians": "on",
        "weekly_count": "3",
    }
    with_callbacks = client.post(reverse("scheduling:new"), data)
    assert with_callbacks.status_code == 302
    assert Appointment.objects.count() == 3
    again = client.post(reverse("scheduling:new"), data)
    assert again.status_code == 200
    assert "a déjà un rendez-vous le" in again.content.decode()
    assert Appointment.objects.count() == 3
    bad = client.post(reverse("scheduling:new"), {**data, "exceptions": "31/12/2026"})
    assert "pas une date AAAA-MM-JJ" in bad.content.decode()


def test_the_school_calendar_names_students_only_to_their_readers(client, cast, sched):
    _plan(cast, sched)
    url = reverse("scheduling:school", args=[cast.sources.pk]) + f"?semaine={sched.monday.isoformat()}"
    client.force_login(cast.principal)
    assert "Léo Tremblay" in client.get(url).content.decode()
    client.force_login(cast.psychologist)  # serves the school, does not read the appointment
    page = client.get(url).content.decode()
    assert "Occupé" in page and "Léo Tremblay" not in page
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 403


def _slot(cast, sched, modality="telepractice", days=3):
    day = timezone.localdate() + dt.timedelta(days=days)
    (slot,) = booking_actions.publish_slots(
        cast.speech_therapist, kind="session", day=day, at=dt.time(14), minutes=30, count=1, modality=modality
    )
    return slot


def test_the_parent_books_a_telepractice_slot_in_the_portal_and_gets_an_ics(client, cast, sched):
    consent(cast, sched.leo)
    slot = _slot(cast, sched)
    client.force_login(cast.parent)
    portal = client.get(reverse("scheduling:portal")).content.decode()
    assert "Réserver le" in portal
    with_commit = client.post(reverse("scheduling:book", args=[slot.pk]), {"student": sched.leo.pk})
    assert with_commit.status_code == 302
    appointment = Appointment.objects.get(slot=slot)
    assert appointment.booked_by == cast.parent and appointment.is_telepractice
    assert list(appointment.guardians.all()) == [cast.parent.guardian_profile]
    again = client.post(reverse("scheduling:book", args=[slot.pk]), {"student": sched.leo.pk}, follow=True)
    assert "vient d'être réservée" in again.content.decode() or "Aucune plage" in again.content.decode()
    assert Appointment.objects.filter(slot=slot).count() == 1


def test_a_parent_without_the_consent_is_told_which_is_missing(client, cast, sched):
    slot = _slot(cast, sched)
    client.force_login(cast.parent)
    page = client.post(reverse("scheduling:book", args=[slot.pk]), {"student": sched.leo.pk}, follow=True)
    assert "Consentement à la télépratique manquant pour Léo" in page.content.decode()
    assert not Appointment.objects.exists()


def test_a_parent_cannot_book_for_another_child_nor_see_slots_of_strangers(client, cast, sched):
    slot = _slot(cast, sched, modality="phone")
    client.force_login(cast.parent)
    assert (
        client.post(reverse("scheduling:book", args=[slot.pk]), {"student": cast.zoe.pk}).status_code == 403
    )
    assert (
        client.post(reverse("scheduling:book", args=[slot.pk]), {"student": cast.alice.pk}).status_code == 403
    )
    client.force_login(cast.student15)
    assert (
        client.post(reverse("scheduling:book", args=[slot.pk]), {"student": cast.alice.pk}).status_code == 404
    )


def test_the_parent_moves_and_cancels_within_the_rules(client, cast, sched):
    first = _slot(cast, sched, modality="phone", days=4)
    second = _slot(cast, sched, modality="phone", days=5)
    appointment = booking_actions.book_slot(cast.parent, first, sched.leo)
    client.force_login(cast.parent)
    client.post(reverse("scheduling:family_move", args=[appointment.pk]), {"slot": second.pk})
    moved = Appointment.objects.get(pk=appointment.pk)
    assert moved.slot == second and moved.sequence == 1 and moved.uid == appointment.uid
    client.post(reverse("scheduling:family_cancel", args=[appointment.pk]))
    assert Appointment.objects.get(pk=appointment.pk).status == "cancelled"
    assert booking_actions.is_free(first) and booking_actions.is_free(second)


def test_the_feed_serves_an_ics_without_names_and_dies_when_revoked(client, cast, sched):
    _plan(cast, sched, guardians=[cast.parent.guardian_profile])
    feed = feeds.create_or_rotate(cast.speech_therapist)
    url = reverse("scheduling:feed_ics", args=[feed.secret])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = vobject.readOne(response.content.decode())
    assert cal.method.value == "PUBLISH" and len(cal.vevent_list) == 1
    text = response.content.decode()
    assert "Léo" not in text and "Tremblay" not in text and "isabelle" not in text.lower()
    assert "ATTENDEE" not in text
    rotated = feeds.create_or_rotate(cast.speech_therapist)
    assert client.get(url).status_code == 404
    assert client.get(reverse("scheduling:feed_ics", args=[rotated.secret])).status_code == 200
    feeds.revoke(cast.speech_therapist)
    assert client.get(reverse("scheduling:feed_ics", args=[rotated.secret])).status_code == 404


def test_the_pages_of_a_professional_render(client, cast, sched):
    client.force_login(cast.speech_therapist)
    for name in ("slots", "availability", "feed", "travel", "new"):
        assert client.get(reverse(f"scheduling:{name}")).status_code == 200, name
    client.force_login(cast.parent)
    for name in ("slots", "availability", "feed", "travel", "new", "travel_totals"):
        assert client.get(reverse(f"scheduling:{name}")).status_code == 403, name


def test_the_360_page_shows_the_appointments_to_those_allowed(client, cast, sched):
    _plan(cast, sched)
    url = reverse("students:detail", args=[sched.leo.pk])
    client.force_login(cast.speech_therapist)
    assert "section-rendez-vous" in client.get(url).content.decode()
    client.force_login(cast.parent)
    assert "section-rendez-vous" in client.get(url).content.decode()
    client.force_login(cast.teacher)  # sees Léo's file, not invited to his appointments
    assert "section-rendez-vous" not in client.get(url).content.decode()


def test_the_confirmation_is_in_english_for_a_guardian_who_chose_it(cast, sched):
    guardian = cast.parent.guardian_profile
    guardian.preferred_language = "en"
    guardian.save()
    _plan(cast, sched, guardians=[guardian])
    english = next(m for m in mail.outbox if m.to == ["isabelle@exemple.qc.ca"])
    french = next(m for m in mail.outbox if m.to == [cast.speech_therapist.email])
    assert french.subject.startswith("Rendez-vous confirmé")
    assert english.subject.startswith("Appointment confirmed")
    assert BookableSlot.objects.count() == 0


def test_a_slot_too_close_to_book_is_refused_with_the_centres_rule(client, cast, sched):
    slot = _slot(cast, sched, modality="phone", days=1)
    with_rules = reverse("scheduling:book", args=[slot.pk])
    client.force_login(cast.parent)
    from django.test import override_settings

    with override_settings(BOOKING_MIN_NOTICE_HOURS=48):
        page = client.post(with_rules, {"student": sched.leo.pk}, follow=True).content.decode()
    assert "au moins 48 heures" in page
    assert not Appointment.objects.exists()


def test_a_professional_declares_a_day_off_and_a_weekly_pattern(client, cast, sched):
    from scheduling.models import AvailabilityException, AvailabilityPattern

    client.force_login(cast.speech_therapist)
    client.post(reverse("scheduling:exception_add"), {"day": sched.monday.isoformat(), "reason": "Formation"})
    assert AvailabilityException.objects.get().reason == "Formation"
    page = client.get(reverse("scheduling:availability")).content.decode()
    assert "Formation" in page
    client.post(
        reverse("scheduling:availability"),
        {"weekday": "0", "school": cast.sources.pk, "starts": "08:00", "ends": "12:00"},
    )
    client.post(
        reverse("scheduling:availability"), {"weekday": "4", "school": "", "starts": "13:00", "ends": "12:00"}
    )
    assert list(AvailabilityPattern.objects.values_list("weekday", "school_id")) == [(0, cast.sources.pk)]
    client.force_login(cast.psychologist)
    exception = AvailabilityException.objects.get()
    assert client.post(reverse("scheduling:exception_delete", args=[exception.pk])).status_code == 404
    assert AvailabilityException.objects.exists()
