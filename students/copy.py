"""The readable copy of a student's information (access request, A-2.1 art. 83-84; C.c.Q. art. 38).

Each capability registers a provider that returns the part of the copy it holds, for this requester,
or None. A provider decides from the requester what they may receive (a guardian never receives what
a student of 14 or older consented to alone, nor staff-only notes). The copy view renders the parts
as HTML, PDF and JSON.

Who may get a copy here (the family's own request, without staff in between): a guardian with
parental authority, for a linked child under 18; the student themself from 14. Staff have the 360
page; the privacy officer's tracking of formal access requests is elsewhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core.models import Role

SELF_COPY_AGE = 14  # the student asks alone from 14 (C.c.Q. art. 14; art. 94)
MAJORITY_AGE = 18  # an adult student's parents no longer act for them (C.c.Q. art. 153)
FORMATS = ("html", "pdf", "json")


@dataclass(frozen=True)
class CopyItem:
    """One thing held about the student: a title and its readable fields, label → value (strings)."""

    title: str
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CopyPart:
    key: str  # stable, used as the JSON key
    title: str
    items: list[CopyItem]


CopyProvider = Callable[[Any, Any], CopyPart | None]  # (requester user, student) -> part
_providers: list[CopyProvider] = []


def register(provider: CopyProvider) -> CopyProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def parts_for(user: Any, student: Any) -> list[CopyPart]:
    return [p for p in (provider(user, student) for provider in _providers) if p is not None]


# --- Who may get a copy ---------------------------------------------------------------------------


def copy_reason(user: Any, student: Any) -> str | None:
    """'guardian' or 'self' when this account may get the student's copy; else None (denied)."""
    if student is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.role == Role.STUDENT:
        return "self" if student.user_id == user.pk and student.age() >= SELF_COPY_AGE else None
    if user.role == Role.GUARDIAN:
        if student.age() >= MAJORITY_AGE:
            return None
        linked = student.guardian_links.filter(guardian__user=user, has_parental_authority=True)
        return "guardian" if linked.exists() else None
    return None


@rules.predicate
def may_get_copy(user: Any, student: Any) -> bool:
    return copy_reason(user, student) is not None


rules.add_perm("students.get_copy", may_get_copy)


# --- Producing a copy -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadableCopy:
    student: Any
    requester: Any
    reason: str
    parts: list[CopyPart]
    generated_at: dt.datetime

    def as_json(self) -> dict[str, Any]:
        """{"student": …, "parts": {key: {"title", "items"}}, "generated_at": ISO 8601}."""
        s = self.student
        return {
            "student": {
                "first_name": s.first_name,
                "last_name": s.last_name,
                "code_permanent": s.code_permanent,
                "birth_date": s.birth_date.isoformat(),
            },
            "requested_by": {"name": self.requester.get_full_name(), "capacity": self.reason},
            "parts": {
                part.key: {
                    "title": str(part.title),
                    "items": [
                        {"title": str(item.title), "fields": {str(k): str(v) for k, v in item.fields.items()}}
                        for item in part.items
                    ],
                }
                for part in self.parts
            },
            "generated_at": timezone.localtime(self.generated_at).isoformat(),
        }


def produce_copy(user: Any, student_id: Any, *, fmt: str, view: str) -> ReadableCopy:
    """The requester's copy of the student's information, its production audited (reason, view,
    format, parts) and logged as an event, in one transaction.

    404 when the student is missing or not visible to this account; PermissionDenied when visible but
    not theirs to request (staff, a student under 14, a parent without parental authority).
    """
    from core.audit import log_access, log_event
    from students.access import get_student_for

    if fmt not in FORMATS:
        raise ValueError(f"format de copie inconnu : {fmt}")
    student = get_student_for(user, student_id, view=view, audit=False).student
    reason = copy_reason(user, student)
    if reason is None:
        raise PermissionDenied
    with transaction.atomic():
        parts = parts_for(user, student)
        keys = [p.key for p in parts]
        log_access(user, student, reason=reason, view=view, format=fmt, parts=keys)
        log_event(user, student, event="readable_copy", format=fmt, parts=keys)
    return ReadableCopy(
        student=student, requester=user, reason=reason, parts=parts, generated_at=timezone.now()
    )
