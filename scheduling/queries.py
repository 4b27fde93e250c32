"""Who sees which appointment, slot and feed. Denied by default; agrees with `scheduling.rules` (a test
checks it).

- A professional: the appointments they take part in or that belong to their service episodes; their own
  slots and feed.
- A teacher: the appointments they are invited to.
- A principal: the appointments held at a school they run (room planning) — never the video link.
- A guardian: the appointments they are invited to, and those of their children under 14 (from 14 the
  student manages their own services, C.c.Q. art. 14); the published free slots of the professionals
  serving those children (an open episode), to book them.
- A student of 14 or older: their own appointments and the free slots of their professionals.
- The manager: travel figures only (no appointment); the coordinator and the privacy officer: nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.models import Role
from lib.consent import SOLO_CONSENT_AGE, born_after_for_age


def role_of(user: Any) -> str:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ""
    return str(getattr(user, "role", "") or "")


def solo_born_on_or_before(today: dt.date | None = None) -> dt.date:
    """Students born on or before this day are 14 or older."""
    return born_after_for_age(today or timezone.localdate(), SOLO_CONSENT_AGE)


def family_students(user: Any) -> QuerySet[Any]:
    """The students whose services this family account manages: a guardian's children under 14 (with
    parental authority), or the student of 14 or older themself."""
    from students.models import Student

    role = role_of(user)
    if role == Role.GUARDIAN:
        return Student.objects.filter(
            guardian_links__guardian__user=user,
            guardian_links__has_parental_authority=True,
            birth_date__gt=solo_born_on_or_before(),
        )
    if role == Role.STUDENT:
        return Student.objects.filter(user=user, birth_date__lte=solo_born_on_or_before())
    return Student.objects.none()


def appointments_visible_to(user: Any) -> QuerySet[Any]:
    from scheduling.models import Appointment

    role = role_of(user)
    qs = Appointment.objects.all()
    if role == Role.PROFESSIONAL:
        condition = Q(professionals=user) | Q(episode__professional=user)
    elif role == Role.TEACHER:
        condition = Q(teacher=user)
    elif role == Role.PRINCIPAL:
        condition = Q(school_id__in=user.served_school_ids())
    elif role in (Role.GUARDIAN, Role.STUDENT):
        condition = Q(students__in=family_students(user).values("pk"))
        if role == Role.GUARDIAN:
            condition |= Q(guardians__user=user)
    else:
        return qs.none()
    return qs.filter(pk__in=Appointment.objects.filter(condition).values("pk"))


def slots_visible_to(user: Any) -> QuerySet[Any]:
    """A professional's own slots; for a family, the published slots of the professionals of an open
    episode of their students (booked or not: the views show the free ones)."""
    from intake.models import ServiceEpisode
    from scheduling.models import BookableSlot

    role = role_of(user)
    if role == Role.PROFESSIONAL:
        return BookableSlot.objects.filter(professional=user)
    if role in (Role.GUARDIAN, Role.STUDENT):
        episodes = ServiceEpisode.objects.filter(
            closed_at__isnull=True, request__student__in=family_students(user).values("pk")
        )
        return BookableSlot.objects.filter(published=True, professional__in=episodes.values("professional"))
    return BookableSlot.objects.none()


def bookable_episodes(user: Any, slot: Any) -> QuerySet[Any]:
    """The open episodes of this family's students with the slot's professional."""
    from intake.models import ServiceEpisode

    return ServiceEpisode.objects.filter(
        closed_at__isnull=True,
        professional_id=slot.professional_id,
        request__student__in=family_students(user).values("pk"),
    ).select_related("request__student")


def feeds_visible_to(user: Any) -> QuerySet[Any]:
    from scheduling.models import CalendarFeed

    if role_of(user) != Role.PROFESSIONAL:
        return CalendarFeed.objects.none()
    return CalendarFeed.objects.filter(professional=user)
