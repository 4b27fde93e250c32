"""The appointment and why the user may read it, the read audited; else a 404 identical for missing and
forbidden."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from core.audit import log_access
from scheduling.models import Appointment, BookableSlot
from scheduling.queries import appointments_visible_to, slots_visible_to
from scheduling.rules import appointment_reason


def get_appointment_for(user: Any, appointment_id: Any, *, view: str) -> tuple[Appointment, str]:
    try:
        appointment = (
            appointments_visible_to(user)
            .select_related(
                "episode__request__student", "episode__request__domain", "school", "room", "teacher"
            )
            .get(pk=int(appointment_id))
        )
    except (Appointment.DoesNotExist, TypeError, ValueError):
        raise Http404("Rendez-vous introuvable") from None
    reason = appointment_reason(user, appointment)
    if reason is None:
        raise Http404("Rendez-vous introuvable")
    log_access(user, appointment, reason=reason, view=view, student_id=appointment.episode.request.student_id)
    return appointment, reason


def get_slot_for(user: Any, slot_id: Any) -> BookableSlot:
    try:
        return slots_visible_to(user).select_related("professional", "school").get(pk=int(slot_id))
    except (BookableSlot.DoesNotExist, TypeError, ValueError):
        raise Http404("Plage introuvable") from None
