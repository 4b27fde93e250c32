"""Telepractice: the readiness checklist before a session and the door to its video room.

The checklist: a valid telepractice consent of each student (checked, never ticked by hand); where the
student is; an adult on site for a young student (under TELEPRACTICE_ADULT_UNDER_AGE); nothing recorded.
The professional confirms it before joining; the other participants join once it is confirmed. The link
is shown to the appointment's own people only, and only near the time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from core.models import Role
from lib.scheduling.booking import link_visible
from scheduling import checks, jitsi
from scheduling.models import Appointment, Status


@dataclass(frozen=True)
class Item:
    label: str
    done: bool
    detail: str = ""


def needs_adult(appointment: Appointment) -> bool:
    day = timezone.localtime(appointment.starts_at).date()
    return any(s.age(day) < settings.TELEPRACTICE_ADULT_UNDER_AGE for s in appointment.students.all())


def consent_gaps(appointment: Appointment) -> list[str]:
    day = timezone.localtime(appointment.starts_at).date()
    return checks.consent_problems(
        list(appointment.students.all()), appointment.episode.request.domain, [day]
    )


def checklist(appointment: Appointment) -> list[Item]:
    gaps = consent_gaps(appointment)
    items = [
        Item(_("Consentement à la télépratique valide"), not gaps, " ".join(gaps)),
        Item(
            _("Lieu où se trouve l'élève indiqué"),
            bool(appointment.student_location),
            appointment.student_location,
        ),
    ]
    if needs_adult(appointment):
        items.append(Item(_("Un adulte est sur place avec l'élève (jeune élève)"), appointment.adult_on_site))
    items.append(Item(_("Aucun enregistrement de la séance"), appointment.no_recording))
    return items


def is_ready(appointment: Appointment) -> bool:
    return appointment.readiness_confirmed_at is not None and all(i.done for i in checklist(appointment))


def confirm_readiness(
    user: Any, appointment: Appointment, *, student_location: str, adult_on_site: bool, no_recording: bool
) -> Appointment:
    if not user.has_perm("scheduling.manage", appointment) or not appointment.is_telepractice:
        raise PermissionDenied
    location = (student_location or "").strip()
    problems = consent_gaps(appointment)
    if not location:
        problems.append(
            _("Indiquez où se trouve l'élève pendant la séance (par exemple : à la maison, au local 12).")
        )
    if len(location) > 300:
        problems.append(_("Le lieu est trop long (300 caractères au plus)."))
    if needs_adult(appointment) and not adult_on_site:
        problems.append(
            _("L'élève a moins de %(age)s ans : un adulte doit être sur place pendant la séance.")
            % {"age": settings.TELEPRACTICE_ADULT_UNDER_AGE}
        )
    if not no_recording:
        problems.append(_("Confirmez que la séance ne sera pas enregistrée."))
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        current = Appointment.objects.select_for_update().get(pk=appointment.pk)
        current.student_location, current.adult_on_site, current.no_recording = location, adult_on_site, True
        current.readiness_confirmed_at = timezone.now()
        current.save(
            update_fields=["student_location", "adult_on_site", "no_recording", "readiness_confirmed_at"]
        )
        log_event(user, current, event="telepractice_ready")
    return current


def link_open(appointment: Appointment, now: dt.datetime | None = None) -> bool:
    return appointment.status == Status.PLANNED and link_visible(
        appointment.starts_at,
        appointment.ends_at,
        now or timezone.now(),
        before_minutes=settings.TELEPRACTICE_LINK_BEFORE_MINUTES,
        after_minutes=settings.TELEPRACTICE_LINK_AFTER_MINUTES,
    )


def may_see_link(user: Any, appointment: Appointment, now: dt.datetime | None = None) -> bool:
    """Whether the join button is shown: a participant, near the time."""
    return user.has_perm("scheduling.see_link", appointment) and link_open(appointment, now)


def enter(user: Any, appointment: Appointment) -> str:
    """The URL of the room for this participant, or a refusal that says why (French)."""
    if not user.has_perm("scheduling.see_link", appointment):
        raise PermissionDenied
    appointment = Appointment.objects.get(pk=appointment.pk)  # the checklist as it is now
    if not link_open(appointment):
        raise ValidationError(
            _("Le lien de la salle s'ouvre %(minutes)s minutes avant le rendez-vous.")
            % {"minutes": settings.TELEPRACTICE_LINK_BEFORE_MINUTES}
        )
    gaps = consent_gaps(appointment)
    if gaps:
        raise ValidationError(gaps)
    moderator = user.role == Role.PROFESSIONAL
    if not is_ready(appointment):
        if moderator:
            raise ValidationError(_("Remplissez d'abord la liste de vérification avant la séance."))
        raise ValidationError(_("La professionnelle ou le professionnel n'a pas encore ouvert la séance."))
    log_event(user, appointment, event="telepractice_joined", moderator=moderator)
    return jitsi.join_url(appointment, user, moderator=moderator)
