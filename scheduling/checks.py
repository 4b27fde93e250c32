"""What an appointment must satisfy before it is booked or moved: a valid telepractice consent for each
student, no conflict for a person or a room, no closed school day and no day off of a professional.
Each check returns French messages (empty: nothing is in the way)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from consents.queries import missing_for, missing_message
from lib.consent import TELEPRACTICE
from lib.scheduling import conflicts as logic
from scheduling.models import ACTIVE_STATUSES, Appointment, AvailabilityException, Modality, SchoolClosure


def consent_problems(students: Iterable[Any], domain: Any, days: Sequence[dt.date]) -> list[str]:
    """A telepractice appointment needs a valid telepractice consent of each student on each day."""
    problems: list[str] = []
    for student in students:
        for day in sorted(set(days)):
            if missing_for(student, [TELEPRACTICE], domain, on=day):
                message = missing_message(student, [TELEPRACTICE], domain, on=day)
                problems.append(
                    _(
                        "%(message)s Sans lui, le rendez-vous du %(day)s en télépratique ne peut être "
                        "ni pris ni commencé."
                    )
                    % {"message": message, "day": day.isoformat()}
                )
                break
    return problems


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def conflict_problems(
    sessions: Sequence[tuple[dt.datetime, dt.datetime]],
    *,
    professionals: Sequence[Any],
    students: Sequence[Any],
    room: Any = None,
    exclude: Iterable[int] = (),
) -> list[str]:
    """Every person or room already taken during one of the sessions (the active appointments)."""
    if not sessions:
        return []
    first, last = min(s for s, _e in sessions), max(e for _s, e in sessions)
    people_q = Q(professionals__in=[p.pk for p in professionals]) | Q(students__in=[s.pk for s in students])
    if room is not None:
        people_q |= Q(room=room)
    others = (
        Appointment.objects.filter(
            people_q, status__in=ACTIVE_STATUSES, starts_at__lt=last, ends_at__gt=first
        )
        .exclude(pk__in=list(exclude))
        .distinct()
        .prefetch_related("professionals", "students")
    )
    booked = [
        logic.Booked(
            a.pk,
            a.starts_at,
            a.ends_at,
            frozenset(
                {f"user:{p.pk}" for p in a.professionals.all()}
                | {f"student:{s.pk}" for s in a.students.all()}
            ),
            a.room_id,
        )
        for a in others
    ]
    names = {f"user:{p.pk}": str(p) for p in professionals} | {
        f"student:{s.pk}": s.full_name for s in students
    }
    people = frozenset(names)
    problems: list[str] = []
    for start, end in sessions:
        for conflict in logic.conflicts(
            logic.Booked("new", start, end, people, getattr(room, "pk", None)), booked
        ):
            when = {
                "start": _local(conflict.start),
                "end": timezone.localtime(conflict.end).strftime("%H:%M"),
            }
            if conflict.what.startswith("room:"):
                problems.append(
                    _("Le local %(room)s est déjà pris le %(start)s–%(end)s.") % {"room": room.name, **when}
                )
            else:
                problems.append(
                    _("%(name)s a déjà un rendez-vous le %(start)s–%(end)s.")
                    % {"name": names[conflict.what], **when}
                )
    return list(dict.fromkeys(problems))


def calendar_problems(days: Sequence[dt.date], *, school: Any, professionals: Sequence[Any]) -> list[str]:
    """A school closed that day (pedagogical day, holiday) or a professional's day off."""
    problems: list[str] = []
    if school is not None:
        closures = SchoolClosure.objects.filter(Q(school=school) | Q(school__isnull=True), day__in=days)
        closures = closures.filter(school_year__centre_id=school.centre_id)
        for closure in closures:
            problems.append(
                _("L'école est fermée le %(day)s (%(kind)s).")
                % {"day": closure.day.isoformat(), "kind": closure.label or closure.get_kind_display()}
            )
    for exception in AvailabilityException.objects.filter(professional__in=professionals, day__in=days):
        problems.append(
            _("%(name)s n'est pas disponible le %(day)s.")
            % {"name": str(exception.professional), "day": exception.day.isoformat()}
        )
    return problems


def closed_days(days: Sequence[dt.date], school: Any) -> set[dt.date]:
    """The days of a series on which the school (or the whole centre) is closed: a series skips them."""
    if school is None or not days:
        return set()
    closures = SchoolClosure.objects.filter(
        Q(school=school) | Q(school__isnull=True), school_year__centre_id=school.centre_id, day__in=days
    )
    return set(closures.values_list("day", flat=True))


def place_problems(modality: str, school: Any, room: Any) -> list[str]:
    if modality not in Modality.values:
        return [_("Choisissez la modalité : à l'école, en télépratique ou par téléphone.")]
    if modality == Modality.SCHOOL and school is None:
        return [_("Un rendez-vous à l'école a besoin d'une école.")]
    if room is not None and (school is None or room.school_id != school.pk):
        return [_("Ce local n'est pas dans l'école choisie.")]
    return []
