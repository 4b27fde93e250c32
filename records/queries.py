"""Who reads which professional record and which entry. Denied by default.

- The record's professional (its guardian, domain notes §2): the whole record, and the drafts they wrote.
- A professional with an active share (RecordShare of kind "professional" to them, not revoked, available
  from today, under a sharing consent still valid today): the record and its SIGNED entries.
- A professional with an active break-the-glass access to the student: the same, signed entries only.
- Nobody else: not the principal, the teacher, the manager, the coordinator, the privacy officer, the
  family. Drafts are readable only by their author.

`records.access.record_reason` says the same in Python, object by object; a test checks they agree.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from core.models import Role
from records.models import Entry, EntryStatus, ProfessionalRecord, RecordShare, ShareKind


def _professional(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.is_active and user.role == Role.PROFESSIONAL
    )


def active_shares(user: Any) -> QuerySet[RecordShare]:
    """Shares of a record with this professional that hold today (consent valid, not revoked)."""
    today = timezone.localdate()
    return RecordShare.objects.filter(
        kind=ShareKind.PROFESSIONAL,
        with_professional=user,
        revoked_at__isnull=True,
        available_from__lte=today,
        consent__signed_at__lte=timezone.now(),
        consent__revoked_at__isnull=True,
    ).filter(Q(consent__expires_on__isnull=True) | Q(consent__expires_on__gte=today))


def _glass_students(user: Any) -> QuerySet[Any]:
    from students.models import BreakGlassAccess

    return BreakGlassAccess.objects.filter(user=user, expires_at__gt=timezone.now()).values("student_id")


def _readers_condition(user: Any) -> Q:
    """Records read through a share or a break-the-glass access (not as their professional)."""
    shared = Exists(active_shares(user).filter(record=OuterRef("pk")))
    return Q(shared) | Q(student_id__in=_glass_students(user))


def records_visible_to(user: Any) -> QuerySet[ProfessionalRecord]:
    if not _professional(user):
        return ProfessionalRecord.objects.none()
    return ProfessionalRecord.objects.filter(Q(professional=user) | _readers_condition(user))


def records_read_through_others(user: Any) -> QuerySet[ProfessionalRecord]:
    """Records this professional reads through a share or break-the-glass, not their own."""
    if not _professional(user):
        return ProfessionalRecord.objects.none()
    return ProfessionalRecord.objects.filter(_readers_condition(user)).exclude(professional=user)


def entries_visible_to(user: Any) -> QuerySet[Entry]:
    if not _professional(user):
        return Entry.objects.none()
    own_record = Q(record__professional=user)
    signed = Q(status=EntryStatus.SIGNED)
    readable_record = Q(record__in=records_read_through_others(user).values("pk"))
    return Entry.objects.filter((own_record & (signed | Q(author=user))) | (readable_record & signed))
