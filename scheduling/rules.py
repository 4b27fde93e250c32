"""`rules` predicates of appointments, slots and feeds; they agree with `scheduling.queries` (a test
checks it). Each answers from the relationship of the user to the appointment, never from a grant.

Reasons an appointment is readable: `participant` (a professional, a guardian or a teacher named in it),
`episode` (the professional of its service episode), `family` (a guardian of a child under 14, the
student of 14 or older), `school` (the principal of the school where it is held: time, room, people,
never the video link).
"""

from __future__ import annotations

from typing import Any

import rules

from core.models import Role
from scheduling.queries import family_students, role_of

PARTICIPANT = "participant"
EPISODE = "episode"
FAMILY = "family"
SCHOOL = "school"
LINK_REASONS = frozenset({PARTICIPANT, EPISODE, FAMILY})


def appointment_reason(user: Any, appointment: Any) -> str | None:
    if appointment is None:
        return None
    role = role_of(user)
    if role == Role.PROFESSIONAL:
        if appointment.professionals.filter(pk=user.pk).exists():
            return PARTICIPANT
        return EPISODE if appointment.episode.professional_id == user.pk else None
    if role == Role.TEACHER:
        return PARTICIPANT if appointment.teacher_id == user.pk else None
    if role == Role.PRINCIPAL:
        return SCHOOL if appointment.school_id in user.served_school_ids() else None
    if role in (Role.GUARDIAN, Role.STUDENT):
        if role == Role.GUARDIAN and appointment.guardians.filter(user=user).exists():
            return PARTICIPANT
        if appointment.students.filter(pk__in=family_students(user).values("pk")).exists():
            return FAMILY
    return None


@rules.predicate
def can_read(user: Any, appointment: Any) -> bool:
    return appointment_reason(user, appointment) is not None


@rules.predicate
def can_see_link(user: Any, appointment: Any) -> bool:
    """Only the appointment's own people see the video link (never the principal of the school)."""
    return (
        appointment is not None
        and appointment.is_telepractice
        and appointment_reason(user, appointment) in LINK_REASONS
    )


@rules.predicate
def can_manage(user: Any, appointment: Any) -> bool:
    """Change, move, record the outcome, cancel, start a note: a professional of the appointment."""
    return (
        appointment_reason(user, appointment) in (PARTICIPANT, EPISODE) and role_of(user) == Role.PROFESSIONAL
    )


@rules.predicate
def can_family_change(user: Any, appointment: Any) -> bool:
    """Move or cancel in the portal: the family of a booked appointment (the centre's deadline apart)."""
    return (
        appointment is not None
        and appointment.slot_id is not None
        and role_of(user) in (Role.GUARDIAN, Role.STUDENT)
        and appointment.students.filter(pk__in=family_students(user).values("pk")).exists()
    )


@rules.predicate
def can_plan(user: Any, episode: Any) -> bool:
    """Book an appointment in a service episode: its professional, while it is open."""
    return (
        episode is not None
        and role_of(user) == Role.PROFESSIONAL
        and episode.professional_id == user.pk
        and episode.closed_at is None
    )


@rules.predicate
def is_professional(user: Any) -> bool:
    return role_of(user) == Role.PROFESSIONAL


@rules.predicate
def can_manage_slot(user: Any, slot: Any) -> bool:
    return slot is not None and role_of(user) == Role.PROFESSIONAL and slot.professional_id == user.pk


@rules.predicate
def can_book_slot(user: Any, slot: Any) -> bool:
    from scheduling.queries import bookable_episodes

    return (
        slot is not None
        and slot.published
        and role_of(user) in (Role.GUARDIAN, Role.STUDENT)
        and bookable_episodes(user, slot).exists()
    )


@rules.predicate
def can_view_school(user: Any, school: Any) -> bool:
    """A school's calendar (rooms taken): its principal and the professionals who serve it."""
    if school is None:
        return False
    return role_of(user) in (Role.PRINCIPAL, Role.PROFESSIONAL) and school.pk in user.served_school_ids()


@rules.predicate
def can_view_travel_totals(user: Any) -> bool:
    return role_of(user) == Role.MANAGER


rules.add_perm("scheduling.read", can_read)
rules.add_perm("scheduling.see_link", can_see_link)
rules.add_perm("scheduling.manage", can_manage)
rules.add_perm("scheduling.family_change", can_family_change)
rules.add_perm("scheduling.plan", can_plan)
rules.add_perm("scheduling.professional", is_professional)
rules.add_perm("scheduling.manage_slot", can_manage_slot)
rules.add_perm("scheduling.book_slot", can_book_slot)
rules.add_perm("scheduling.view_school", can_view_school)
rules.add_perm("scheduling.travel_totals", can_view_travel_totals)
