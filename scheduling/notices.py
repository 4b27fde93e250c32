"""E-mails about appointments, in French or in English when the recipient chose it, each with its .ics:
confirmation and change (METHOD:REQUEST), cancellation (METHOD:CANCEL), and the reminder of the day
before, which the worker sends once and only once per recipient (a SentNotice row, unique, is written in
the same transaction as the sending; a second run finds it and sends nothing).

The e-mails and the .ics carry no video link (it opens only near the time, in the application) and no
clinical content: the type of meeting, when, where, and a link to the appointment's page.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lib.scheduling import ics
from lib.scheduling.timeline import day_bounds
from scheduling.models import Appointment, Modality, Notice, SentNotice, Status

CONFIRMATION, CHANGE, CANCELLATION, REMINDER = (
    Notice.CONFIRMATION,
    Notice.CHANGE,
    Notice.CANCELLATION,
    Notice.REMINDER,
)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str
    language: str


def recipients(appointment: Appointment) -> list[Recipient]:
    found: dict[str, Recipient] = {}
    day = timezone.localtime(appointment.starts_at).date()
    people: list[tuple[str, str, str]] = [
        (str(p), p.email, p.preferred_language) for p in appointment.professionals.all()
    ]
    people += [(str(g), g.email, g.preferred_language) for g in appointment.guardians.all()]
    if appointment.teacher is not None:
        people.append(
            (str(appointment.teacher), appointment.teacher.email, appointment.teacher.preferred_language)
        )
    for student in appointment.students.select_related("user"):
        if student.user is not None and student.age(day) >= 14:
            people.append((student.full_name, student.user.email, student.user.preferred_language))
    for name, email, language in people:
        if email and email.lower() not in found:
            found[email.lower()] = Recipient(name, email, "en" if language == "en" else "fr-ca")
    return list(found.values())


def place_text(appointment: Appointment) -> str:
    if appointment.modality == Modality.SCHOOL:
        room = f", {appointment.room.name}" if appointment.room is not None else ""
        return f"{appointment.school}{room}"
    if appointment.modality == Modality.TELEPRACTICE:
        return _("Télépratique (le lien s'ouvre dans Élève 360 peu avant l'heure)")
    return _("Par téléphone")


def page_url(appointment: Appointment) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("scheduling:detail", args=[appointment.pk])


def event_of(appointment: Appointment, *, cancelled: bool = False, attendees: bool = True) -> ics.Event:
    organizer = min(appointment.professionals.all(), key=lambda p: p.pk, default=None)
    return ics.Event(
        uid=f"{appointment.uid}@eleve360",
        sequence=appointment.sequence,
        start=appointment.starts_at,
        end=appointment.ends_at,
        summary=_("Rendez-vous — %(kind)s") % {"kind": appointment.get_kind_display()},
        location=place_text(appointment),
        description=page_url(appointment),
        url=page_url(appointment),
        cancelled=cancelled,
        organizer=(str(organizer), organizer.email) if organizer is not None and organizer.email else None,
        attendees=[(r.name, r.email) for r in recipients(appointment)] if attendees else (),
        stamp=appointment.changed_at,
    )


SUBJECTS: dict[str, Any] = {
    CONFIRMATION: lambda: _("Rendez-vous confirmé : %(when)s"),
    CHANGE: lambda: _("Rendez-vous déplacé : %(when)s"),
    CANCELLATION: lambda: _("Rendez-vous annulé : %(when)s"),
    REMINDER: lambda: _("Rappel : rendez-vous demain, %(when)s"),
}


def message_for(
    appointment: Appointment, kind: str, recipient: Recipient, series_count: int = 1
) -> EmailMessage:
    with translation.override(recipient.language):
        start = timezone.localtime(appointment.starts_at)
        when = start.strftime("%Y-%m-%d %H:%M")
        cancelled = kind == CANCELLATION
        context = {
            "a": appointment,
            "kind": kind,
            "recipient": recipient,
            "when": when,
            "end": timezone.localtime(appointment.ends_at).strftime("%H:%M"),
            "place": place_text(appointment),
            "url": page_url(appointment),
            "series_count": series_count,
        }
        body = render_to_string("scheduling/email/notice.txt", context)
        subject = SUBJECTS[kind]() % {"when": when}
        data = ics.calendar(
            [event_of(appointment, cancelled=cancelled)], ics.CANCEL if cancelled else ics.REQUEST
        )
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
    method = "CANCEL" if cancelled else "REQUEST"
    message.attach("rendez-vous.ics", data, f"text/calendar; charset=utf-8; method={method}")
    return message


def send_for(appointment_id: int, kind: str, *, series_count: int = 1) -> int:
    """Send this notice to each recipient and record it; returns how many were sent."""
    appointment = Appointment.objects.select_related("school", "room", "teacher").get(pk=appointment_id)
    sent = 0
    for recipient in recipients(appointment):
        message_for(appointment, kind, recipient, series_count).send()
        SentNotice.objects.create(
            appointment=appointment, kind=kind, recipient=recipient.email, sequence=appointment.sequence
        )
        sent += 1
    return sent


def due_for_reminder(now: dt.datetime) -> list[Appointment]:
    """Planned appointments of tomorrow (local day), from REMINDER_FROM_HOUR on."""
    local = timezone.localtime(now)
    if local.hour < settings.REMINDER_FROM_HOUR:
        return []
    start, end = day_bounds(local.date() + dt.timedelta(days=1))
    return list(Appointment.objects.filter(status=Status.PLANNED, starts_at__gte=start, starts_at__lt=end))


def send_due_reminders(now: dt.datetime | None = None) -> int:
    """Once and only once: the SentNotice row is inserted first (unique per appointment, recipient and
    sequence); a second worker, or a second run, fails on it and sends nothing. If the sending fails,
    the row goes away with the transaction and the next run tries again."""
    sent = 0
    for appointment in due_for_reminder(now or timezone.now()):
        for recipient in recipients(appointment):
            try:
                with transaction.atomic():
                    SentNotice.objects.create(
                        appointment=appointment,
                        kind=REMINDER,
                        recipient=recipient.email,
                        sequence=appointment.sequence,
                    )
                    message_for(appointment, REMINDER, recipient).send()
            except IntegrityError:
                continue  # already sent
            sent += 1
    return sent
