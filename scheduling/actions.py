"""Named state changes of appointments: plan (alone or as a weekly series), move, record the outcome,
cancel, confirm telepractice readiness, start a progress note. Each checks the permission, changes,
writes its audit row (ids only) and sends its e-mails once the transaction commits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from core.models import User
from lib.scheduling import booking, timeline
from scheduling import checks, config, jitsi, notices
from scheduling.models import Appointment, Modality, Series, Status

OUTCOMES = (Status.HELD, Status.ABSENT)


@dataclass
class Plan:
    kind: str
    day: dt.date
    at: dt.time
    minutes: int
    modality: str
    school: Any = None
    room: Any = None
    other_students: list[Any] = field(default_factory=list)
    other_professionals: list[Any] = field(default_factory=list)
    guardians: list[Any] = field(default_factory=list)
    teacher: Any = None
    weekly_count: int | None = None  # None: one appointment
    exceptions: list[dt.date] = field(default_factory=list)


def refuse(problems: list[str]) -> None:
    if problems:
        raise ValidationError(problems)


def lock_people(professionals: list[Any]) -> None:
    """Serialise bookings of the same professionals (in pk order, no deadlock): the conflict check and
    the insert then see each other."""
    User.objects.select_for_update().filter(pk__in=sorted(p.pk for p in professionals)).values_list("pk")


def _sessions(plan: Plan) -> list[timeline.Occurrence]:
    if not 5 <= plan.minutes <= 480:
        raise ValidationError(_("La durée doit être entre 5 et 480 minutes."))
    if plan.weekly_count is None:
        return [timeline.occurrence(plan.day, plan.at, plan.minutes)]
    if not 2 <= plan.weekly_count <= timeline.MAX_OCCURRENCES:
        raise ValidationError(
            _("Une série compte de 2 à %(max)s séances.") % {"max": timeline.MAX_OCCURRENCES}
        )
    sessions = timeline.weekly(
        plan.day, plan.at, plan.minutes, count=plan.weekly_count, exceptions=plan.exceptions
    )
    closed = checks.closed_days([s.day for s in sessions], plan.school)
    return [s for s in sessions if s.day not in closed]  # a series skips the school's closed days


def plan_appointment(user: Any, episode: Any, plan: Plan) -> list[Appointment]:
    """One appointment, or the sessions of a weekly series, in a service episode."""
    from students.models import Student

    if not user.has_perm("scheduling.plan", episode):
        raise PermissionDenied
    student = episode.request.student
    visible = set(Student.objects.visible_to(user).values_list("pk", flat=True))
    if any(s.pk not in visible for s in plan.other_students):
        raise ValidationError(_("Vous ne pouvez inviter que des élèves que vous servez."))
    students = [student, *[s for s in plan.other_students if s.pk != student.pk]]
    professionals = [user, *[p for p in plan.other_professionals if p.pk != user.pk]]
    refuse(checks.place_problems(plan.modality, plan.school, plan.room))
    sessions = _sessions(plan)
    if not sessions:
        raise ValidationError(_("Aucune séance ne reste une fois les dates sautées retirées."))
    if sessions[0].start <= timezone.now() and plan.weekly_count is None and plan.day < timezone.localdate():
        raise ValidationError(_("Un rendez-vous se planifie aujourd'hui ou plus tard."))
    days = [s.day for s in sessions]
    problems = checks.place_problems(plan.modality, plan.school, plan.room)
    if plan.modality == Modality.TELEPRACTICE:
        problems += checks.consent_problems(students, episode.request.domain, days)
    problems += checks.calendar_problems(
        days if plan.weekly_count is None else [], school=plan.school, professionals=professionals
    )
    refuse(problems)
    with transaction.atomic():
        lock_people(professionals)
        refuse(
            checks.conflict_problems(
                [(s.start, s.end) for s in sessions],
                professionals=professionals,
                students=students,
                room=plan.room,
            )
        )
        series = None
        if plan.weekly_count is not None:
            series = Series.objects.create(
                created_by=user,
                first_day=plan.day,
                count=plan.weekly_count,
                exceptions=sorted({d.isoformat() for d in plan.exceptions}),
            )
        created = []
        for session in sessions:
            appointment = Appointment.objects.create(
                episode=episode,
                kind=plan.kind,
                starts_at=session.start,
                ends_at=session.end,
                modality=plan.modality,
                school=plan.school if plan.modality == Modality.SCHOOL else None,
                room=plan.room if plan.modality == Modality.SCHOOL else None,
                teacher=plan.teacher,
                series=series,
                video_room=jitsi.new_room() if plan.modality == Modality.TELEPRACTICE else "",
                booked_by=user,
            )
            appointment.students.set(students)
            appointment.professionals.set(professionals)
            appointment.guardians.set(plan.guardians)
            log_event(
                user,
                appointment,
                event="appointment_planned",
                episode_id=episode.pk,
                series_id=getattr(series, "pk", None),
            )
            created.append(appointment)
        ids = [a.pk for a in created]
        transaction.on_commit(lambda: notices.send_for(ids[0], notices.CONFIRMATION, series_count=len(ids)))
    return created


def _locked(user: Any, appointment: Appointment, perm: str = "scheduling.manage") -> Appointment:
    if not user.has_perm(perm, appointment):
        raise PermissionDenied
    current = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if current.is_cancelled:
        raise ValidationError(_("Ce rendez-vous est annulé."))
    return current


def move(user: Any, appointment: Appointment, *, day: dt.date, at: dt.time, minutes: int) -> Appointment:
    """A new time for a planned appointment: same UID, SEQUENCE raised, a change notice to everyone."""
    session = timeline.occurrence(day, at, minutes)
    if not 5 <= minutes <= 480:
        raise ValidationError(_("La durée doit être entre 5 et 480 minutes."))
    if session.start <= timezone.now():
        raise ValidationError(_("La nouvelle heure doit être dans le futur."))
    with transaction.atomic():
        current = _locked(user, appointment)
        if current.status != Status.PLANNED:
            raise ValidationError(_("Seul un rendez-vous prévu se déplace."))
        professionals, students = list(current.professionals.all()), list(current.students.all())
        problems = []
        if current.is_telepractice:
            problems += checks.consent_problems(students, current.episode.request.domain, [day])
        problems += checks.calendar_problems([day], school=current.school, professionals=professionals)
        refuse(problems)
        lock_people(professionals)
        refuse(
            checks.conflict_problems(
                [(session.start, session.end)],
                professionals=professionals,
                students=students,
                room=current.room,
                exclude=[current.pk],
            )
        )
        current.starts_at, current.ends_at = session.start, session.end
        current.sequence += 1
        current.changed_at = timezone.now()
        current.save(update_fields=["starts_at", "ends_at", "sequence", "changed_at"])
        log_event(user, current, event="appointment_moved", sequence=current.sequence)
        transaction.on_commit(lambda: notices.send_for(current.pk, notices.CHANGE))
    return current


def record_outcome(user: Any, appointment: Appointment, status: str) -> Appointment:
    """Held or student absent: once the appointment has started."""
    if status not in OUTCOMES:
        raise ValidationError(_("Résultat inconnu."))
    with transaction.atomic():
        current = _locked(user, appointment)
        if current.starts_at > timezone.now():
            raise ValidationError(_("Le rendez-vous n'a pas encore commencé."))
        current.status = status
        current.changed_at = timezone.now()
        current.save(update_fields=["status", "changed_at"])
        log_event(user, current, event="appointment_outcome", status=status)
    return current


def cancel(user: Any, appointment: Appointment, *, perm: str = "scheduling.manage") -> Appointment:
    """Cancelled, or cancelled late when it is closer than the centre's limit; METHOD:CANCEL sent."""
    with transaction.atomic():
        current = _locked(user, appointment, perm)
        if current.status != Status.PLANNED:
            raise ValidationError(_("Seul un rendez-vous prévu s'annule."))
        now = timezone.now()
        late = booking.is_late_cancellation(current.starts_at, now, config.booking_rules())
        current.status = Status.CANCELLED_LATE if late else Status.CANCELLED
        current.sequence += 1
        current.cancelled_at = current.changed_at = now
        current.save(update_fields=["status", "sequence", "cancelled_at", "changed_at"])
        log_event(user, current, event="appointment_cancelled", status=current.status)
        transaction.on_commit(lambda: notices.send_for(current.pk, notices.CANCELLATION))
    return current
