"""The booking race with real concurrent requests on PostgreSQL, and the reminders of the day before
sent once and only once by the worker."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import vobject
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from core.models import Role
from scheduling import booking_actions, tasks
from scheduling.models import Appointment, Notice, SentNotice
from scheduling.notices import send_due_reminders
from scheduling.tests.conftest import committed, episode_for


def _second_family(cast):
    from students.models import Guardian, GuardianLink, Student

    user = make_user("chantal.parent", Role.GUARDIAN)
    guardian = Guardian.objects.create(
        last_name="Roy", first_name="Chantal", email="chantal@exemple.qc.ca", user=user
    )
    child = Student.objects.create(
        code_permanent="ROYM14061401",
        last_name="Roy",
        first_name="Mathis",
        birth_date=dt.date(timezone.localdate().year - 9, 6, 14),
        school=cast.sources,
        grade_level="P4",
    )
    GuardianLink.objects.create(guardian=guardian, student=child, relationship="mother")
    return user, child


@pytest.mark.django_db(transaction=True)
def test_two_families_booking_the_same_slot_at_the_same_moment_exactly_one_gets_it(cast, sched):
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite serialises every write on one file lock: the race needs PostgreSQL row locks "
            "(run with DATABASE_URL=postgres://…)"
        )
    other_parent, mathis = _second_family(cast)
    episode_for(cast, cast.speech_therapist, mathis)
    day = timezone.localdate() + dt.timedelta(days=3)
    (slot,) = booking_actions.publish_slots(
        cast.speech_therapist, kind="session", day=day, at=dt.time(14), minutes=30, count=1, modality="phone"
    )
    contenders = [(cast.parent, sched.leo), (other_parent, mathis)] * 3  # three rounds of two at once
    for round_start in range(0, len(contenders), 2):
        Appointment.objects.filter(slot=slot).update(status="cancelled")
        barrier = threading.Barrier(2)
        results: list[int] = []

        def book(user, student, barrier=barrier, results=results):
            client = Client()
            client.force_login(user)
            barrier.wait()
            try:
                response = client.post(reverse("scheduling:book", args=[slot.pk]), {"student": student.pk})
                results.append(response.status_code)
            finally:
                connection.close()

        threads = [
            threading.Thread(target=book, args=pair) for pair in contenders[round_start : round_start + 2]
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert results == [302, 302]  # both answered (one to its appointment, one back to the portal)
        assert Appointment.objects.filter(slot=slot).exclude(status="cancelled").count() == 1


def test_the_database_refuses_a_second_active_appointment_on_a_slot(cast, sched):
    from django.db import IntegrityError, transaction

    day = timezone.localdate() + dt.timedelta(days=3)
    (slot,) = booking_actions.publish_slots(
        cast.speech_therapist, kind="session", day=day, at=dt.time(14), minutes=30, count=1, modality="phone"
    )
    first = booking_actions.book_slot(cast.parent, slot, sched.leo)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            episode=first.episode,
            kind="session",
            starts_at=first.starts_at,
            ends_at=first.ends_at,
            modality="phone",
            slot=slot,
            booked_by=cast.parent,
        )


def _tomorrow(cast, sched):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    from scheduling import actions

    plan = actions.Plan(
        kind="session",
        day=tomorrow,
        at=dt.time(10),
        minutes=45,
        modality="school",
        school=cast.sources,
        room=sched.room,
        guardians=[cast.parent.guardian_profile],
    )
    (appointment,) = committed(actions.plan_appointment, cast.speech_therapist, sched.leo_episode, plan)
    return appointment


def test_the_worker_sends_the_reminder_of_the_day_before_once_and_only_once(cast, sched):
    appointment = _tomorrow(cast, sched)
    mail.outbox.clear()
    noon = timezone.localtime().replace(hour=12, minute=0)
    assert send_due_reminders(noon) == 2  # the professional and the parent
    assert send_due_reminders(noon) == 0
    assert send_due_reminders(noon + dt.timedelta(hours=1)) == 0
    tasks.send_reminders.call_local()  # the Huey periodic task runs the same, idempotent sending
    assert len(mail.outbox) == 2
    assert SentNotice.objects.filter(appointment=appointment, kind=Notice.REMINDER).count() == 2
    reminder = mail.outbox[0]
    assert reminder.subject.startswith("Rappel : rendez-vous demain")
    cal = vobject.readOne(
        reminder.attachments[0][1].decode()
        if isinstance(reminder.attachments[0][1], bytes)
        else reminder.attachments[0][1]
    )
    assert cal.vevent.uid.value == f"{appointment.uid}@eleve360"


def test_a_moved_appointment_is_reminded_again_and_a_cancelled_one_is_not(cast, sched):
    from scheduling import actions

    appointment = _tomorrow(cast, sched)
    noon = timezone.localtime().replace(hour=12, minute=0)
    send_due_reminders(noon)
    committed(
        actions.move,
        cast.speech_therapist,
        appointment,
        day=timezone.localdate() + dt.timedelta(days=1),
        at=dt.time(11),
        minutes=45,
    )
    mail.outbox.clear()
    assert send_due_reminders(noon) == 2  # a new SEQUENCE: the new time is reminded
    committed(actions.cancel, cast.speech_therapist, Appointment.objects.get(pk=appointment.pk))
    mail.outbox.clear()
    assert send_due_reminders(noon) == 0


def test_no_reminder_before_the_morning_hour(cast, sched):
    _tomorrow(cast, sched)
    assert send_due_reminders(timezone.localtime().replace(hour=6, minute=0)) == 0


def test_a_change_and_a_cancellation_send_the_same_uid_with_a_higher_sequence_and_cancel(cast, sched):
    from scheduling import actions

    appointment = _tomorrow(cast, sched)
    invitation = vobject.readOne(mail.outbox[-1].attachments[0][1])
    mail.outbox.clear()
    committed(
        actions.move,
        cast.speech_therapist,
        appointment,
        day=timezone.localdate() + dt.timedelta(days=2),
        at=dt.time(10),
        minutes=45,
    )
    change = vobject.readOne(mail.outbox[-1].attachments[0][1])
    assert mail.outbox[-1].subject.startswith("Rendez-vous déplacé")
    mail.outbox.clear()
    committed(actions.cancel, cast.speech_therapist, Appointment.objects.get(pk=appointment.pk))
    cancel = vobject.readOne(mail.outbox[-1].attachments[0][1])
    assert invitation.vevent.uid.value == change.vevent.uid.value == cancel.vevent.uid.value
    assert [int(c.vevent.sequence.value) for c in (invitation, change, cancel)] == [0, 1, 2]
    assert [c.method.value for c in (invitation, change, cancel)] == ["REQUEST", "REQUEST", "CANCEL"]
    assert cancel.vevent.status.value == "CANCELLED"
    assert "method=CANCEL" in mail.outbox[-1].attachments[0][2]
