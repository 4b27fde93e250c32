"""A held appointment starts a draft progress note in the professional's record (records.create_entry)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from records import actions as record_actions
from records.models import EntryKind, EntryModality, ProfessionalRecord, RecordStatus
from scheduling.models import Appointment, Modality, Status

MODALITY = {
    Modality.SCHOOL: EntryModality.IN_PERSON,
    Modality.TELEPRACTICE: EntryModality.TELEPRACTICE,
    Modality.PHONE: EntryModality.PHONE,
}


def record_for(user: Any, appointment: Appointment) -> ProfessionalRecord | None:
    """The episode's record when it is this professional's, else their open record for the student."""
    episode = appointment.episode
    record = getattr(episode, "record", None) if episode.professional_id == user.pk else None
    if record is not None and record.status == RecordStatus.OPEN:
        return record
    return ProfessionalRecord.objects.filter(
        professional=user, student=episode.request.student, status=RecordStatus.OPEN
    ).first()


def start_note(user: Any, appointment: Appointment) -> Any:
    if not user.has_perm("scheduling.manage", appointment):
        raise PermissionDenied
    if appointment.status != Status.HELD:
        raise ValidationError(_("Une note évolutive se commence à partir d'un rendez-vous tenu."))
    if appointment.note_entry_id is not None:
        raise ValidationError(_("Une note a déjà été commencée pour ce rendez-vous."))
    record = record_for(user, appointment)
    if record is None:
        raise ValidationError(
            _("Vous n'avez pas de dossier professionnel ouvert pour cet élève : ouvrez-le d'abord.")
        )
    start = timezone.localtime(appointment.starts_at)
    text = _("Rencontre du %(day)s à %(time)s (%(kind)s). À compléter.") % {
        "day": start.strftime("%Y-%m-%d"),
        "time": start.strftime("%H:%M"),
        "kind": appointment.get_kind_display(),
    }
    with transaction.atomic():
        entry = record_actions.create_entry(
            user,
            record,
            kind=EntryKind.PROGRESS_NOTE,
            service_date=start.date(),
            duration_minutes=appointment.minutes,
            modality=MODALITY[Modality(appointment.modality)],
            student_location=appointment.student_location
            or (str(appointment.school) if appointment.school_id else ""),
            text=text,
        )
        Appointment.objects.filter(pk=appointment.pk).update(note_entry=entry)
        log_event(user, appointment, event="appointment_note_started", entry_id=entry.pk)
    return entry
