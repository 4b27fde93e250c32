"""Online booking: a professional publishes slots; a family books, moves or cancels one in the portal
within the centre's rules. Two people booking the same slot at the same moment: the slot row is locked
(`select_for_update`), so the second waits and then finds it taken; the partial unique constraint
`appointment_one_per_slot` is the last guard (an IntegrityError becomes the same French refusal)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from lib.scheduling import booking, timeline
from scheduling import actions, checks, config, jitsi, messages, notices
from scheduling.models import (
    ACTIVE_STATUSES,
    Appointment,
    BookableSlot,
    MeetingKind,
    Modality,
    Status,
)
from scheduling.queries import bookable_episodes


def taken_message() -> str:
    return _("Cette plage vient d'être réservée par quelqu'un d'autre. Choisissez-en une autre.")


def publish_slots(
    user: Any,
    *,
    kind: str,
    day: dt.date,
    at: dt.time,
    minutes: int,
    count: int,
    modality: str,
    school: Any = None,
    room: Any = None,
) -> list[BookableSlot]:
    """`count` consecutive slots of `minutes` from `at` on `day` (e.g. four of 30 minutes from 13:00)."""
    if not user.has_perm("scheduling.professional"):
        raise PermissionDenied
    problems = checks.place_problems(modality, school, room)
    if kind not in MeetingKind.values:
        problems.append(_("Choisissez le type de rencontre."))
    if not 10 <= minutes <= 180 or not 1 <= count <= 16:
        problems.append(_("De 1 à 16 plages de 10 à 180 minutes."))
    actions.refuse(problems)
    first = timeline.occurrence(day, at, minutes)
    origin = first.start.astimezone(dt.UTC)  # real minutes after the first start, even across a DST change
    if first.start <= timezone.now():
        raise ValidationError(_("Une plage se publie dans le futur."))
    sessions = [
        (
            origin + dt.timedelta(minutes=minutes * i),
            origin + dt.timedelta(minutes=minutes * (i + 1)),
        )
        for i in range(count)
    ]
    overlapping = BookableSlot.objects.filter(
        professional=user, starts_at__lt=sessions[-1][1], ends_at__gt=sessions[0][0]
    )
    if overlapping.exists():
        raise ValidationError(_("Vous avez déjà publié une plage à ce moment."))
    actions.refuse(checks.conflict_problems(sessions, professionals=[user], students=[], room=room))
    with transaction.atomic():
        slots = [
            BookableSlot.objects.create(
                professional=user,
                kind=kind,
                starts_at=s,
                ends_at=e,
                modality=modality,
                school=school if modality == Modality.SCHOOL else None,
                room=room if modality == Modality.SCHOOL else None,
            )
            for s, e in sessions
        ]
        log_event(user, slots[0], event="slots_published", count=len(slots))
    return slots


def is_free(slot: BookableSlot) -> bool:
    return (
        not Appointment.objects.filter(slot=slot)
        .exclude(status__in=[Status.CANCELLED, Status.CANCELLED_LATE])
        .exists()
    )


def withdraw_slot(user: Any, slot: BookableSlot) -> None:
    if not user.has_perm("scheduling.manage_slot", slot):
        raise PermissionDenied
    with transaction.atomic():
        current = BookableSlot.objects.select_for_update().get(pk=slot.pk)
        if not is_free(current):
            raise ValidationError(_("Cette plage est réservée : annulez le rendez-vous plutôt."))
        current.published = False
        current.save(update_fields=["published"])
        log_event(user, current, event="slot_withdrawn")


def _episode_for(user: Any, slot: BookableSlot, student: Any) -> Any:
    episode = bookable_episodes(user, slot).filter(request__student=student).first()
    if episode is None:
        raise PermissionDenied
    return episode


def _take(user: Any, slot_id: int, student: Any) -> tuple[BookableSlot, Any]:
    """The slot locked and checked for this family and student (inside a transaction)."""
    slot = (
        BookableSlot.objects.select_for_update(of=("self",))
        .select_related("school", "room")
        .filter(pk=slot_id)
        .first()
    )
    if slot is None or not user.has_perm("scheduling.book_slot", slot):
        raise PermissionDenied
    episode = _episode_for(user, slot, student)
    if not is_free(slot):
        raise ValidationError(taken_message(), code="taken")
    refusal = booking.booking_refusal(slot.starts_at, timezone.now(), config.booking_rules())
    problems = [messages.refusal_text(refusal)] if refusal else []
    day = timezone.localtime(slot.starts_at).date()
    if slot.modality == Modality.TELEPRACTICE:
        problems += checks.consent_problems([student], episode.request.domain, [day])
    actions.refuse(problems)
    return slot, episode


def book_slot(user: Any, slot: BookableSlot, student: Any) -> Appointment:
    """The family takes the slot for this student: an appointment with the slot's professional."""
    guardian = getattr(user, "guardian_profile", None) if user.role == "guardian" else None
    try:
        with transaction.atomic():
            current, episode = _take(user, slot.pk, student)
            actions.lock_people([current.professional])
            actions.refuse(
                checks.conflict_problems(
                    [(current.starts_at, current.ends_at)],
                    professionals=[current.professional],
                    students=[student],
                    room=current.room,
                )
            )
            appointment = Appointment.objects.create(
                episode=episode,
                kind=current.kind,
                starts_at=current.starts_at,
                ends_at=current.ends_at,
                modality=current.modality,
                school=current.school,
                room=current.room,
                slot=current,
                video_room=jitsi.new_room() if current.modality == Modality.TELEPRACTICE else "",
                booked_by=user,
            )
            appointment.students.set([student])
            appointment.professionals.set([current.professional])
            if guardian is not None:
                appointment.guardians.set([guardian])
            log_event(user, appointment, event="slot_booked", slot_id=current.pk)
            transaction.on_commit(lambda: notices.send_for(appointment.pk, notices.CONFIRMATION))
    except IntegrityError:
        raise ValidationError(taken_message(), code="taken") from None
    return appointment


def _family_locked(user: Any, appointment: Appointment) -> Appointment:
    current = actions._locked(user, appointment, "scheduling.family_change")
    if current.status != Status.PLANNED:
        raise ValidationError(_("Seul un rendez-vous prévu se déplace ou s'annule."))
    refusal = booking.change_refusal(current.starts_at, timezone.now(), config.booking_rules())
    if refusal:
        raise ValidationError(messages.refusal_text(refusal))
    return current


def family_move(user: Any, appointment: Appointment, new_slot: BookableSlot) -> Appointment:
    """The same appointment (same UID, SEQUENCE raised) on another free slot of the same professional."""
    try:
        with transaction.atomic():
            current = _family_locked(user, appointment)
            student = current.episode.request.student
            slot, _episode = _take(user, new_slot.pk, student)
            if (
                current.slot is None
                or slot.professional_id != current.slot.professional_id
                or slot.pk == current.slot_id
            ):
                raise ValidationError(_("Choisissez une autre plage du même professionnel."))
            actions.refuse(
                checks.conflict_problems(
                    [(slot.starts_at, slot.ends_at)],
                    professionals=[slot.professional],
                    students=[student],
                    room=slot.room,
                    exclude=[current.pk],
                )
            )
            current.slot, current.starts_at, current.ends_at = slot, slot.starts_at, slot.ends_at
            current.modality, current.school, current.room = slot.modality, slot.school, slot.room
            if slot.modality == Modality.TELEPRACTICE and not current.video_room:
                current.video_room = jitsi.new_room()
            current.sequence += 1
            current.changed_at = timezone.now()
            current.save()
            log_event(user, current, event="slot_moved", slot_id=slot.pk, sequence=current.sequence)
            transaction.on_commit(lambda: notices.send_for(current.pk, notices.CHANGE))
    except IntegrityError:
        raise ValidationError(taken_message(), code="taken") from None
    return current


def family_cancel(user: Any, appointment: Appointment) -> Appointment:
    with transaction.atomic():
        _family_locked(user, appointment)
        return actions.cancel(user, appointment, perm="scheduling.family_change")


def free_slots(slots: Any) -> Any:
    """The slots of this queryset that no active appointment took, in the future."""
    taken = Appointment.objects.filter(slot__isnull=False, status__in=ACTIVE_STATUSES).values("slot_id")
    return slots.filter(starts_at__gt=timezone.now()).exclude(pk__in=taken)
