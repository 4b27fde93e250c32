"""The access helpers every view of the records app uses: one record, one entry, one attachment.

Missing and forbidden give the same 404. Each read of confidential content is written to the audit with
its reason: "owner" (the record's professional), "shared" (an active share under a valid consent) or
"break_glass" (an emergency access to the student, already notified to the privacy officer).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils import timezone

from core.audit import log_access
from core.models import Role
from records.models import Entry, EntryAttachment, EntryStatus, ProfessionalRecord
from records.queries import active_shares, entries_visible_to, records_visible_to


class RecordReason:
    OWNER = "owner"
    SHARED = "shared"
    BREAK_GLASS = "break_glass"


def record_reason(user: Any, record: ProfessionalRecord) -> str | None:
    """Why this user may read this record, or None (denied). Agrees with `records_visible_to`."""
    from students.models import BreakGlassAccess

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.role != Role.PROFESSIONAL:
        return None
    if record.professional_id == user.pk:
        return RecordReason.OWNER
    if active_shares(user).filter(record=record).exists():
        return RecordReason.SHARED
    glass = BreakGlassAccess.objects.filter(user=user, student_id=record.student_id)
    if glass.filter(expires_at__gt=timezone.now()).exists():
        return RecordReason.BREAK_GLASS
    return None


def entry_readable(user: Any, entry: Entry, reason: str | None) -> bool:
    """Signed entries for every reader of the record; a draft only for its author, on their record."""
    if reason is None:
        return False
    if entry.status == EntryStatus.SIGNED:
        return True
    return reason == RecordReason.OWNER and entry.author_id == user.pk


@dataclass(frozen=True)
class RecordAccess:
    record: ProfessionalRecord
    reason: str

    @property
    def is_owner(self) -> bool:
        return self.reason == RecordReason.OWNER


@dataclass(frozen=True)
class EntryAccess:
    entry: Entry
    reason: str


def get_record_for(user: Any, record_id: Any, *, view: str, audit: bool = True) -> RecordAccess:
    """The record and why the user may read it, the read written to the audit; else a 404."""
    try:
        record = (
            records_visible_to(user)
            .select_related("student__school", "professional", "episode__request")
            .get(pk=int(record_id))
        )
    except (ProfessionalRecord.DoesNotExist, TypeError, ValueError):
        raise Http404("Dossier introuvable") from None
    reason = record_reason(user, record)
    if reason is None:  # the queryset and the rule disagree: deny, never guess
        raise Http404("Dossier introuvable")
    if audit:
        log_access(user, record, reason=reason, view=view, student_id=record.student_id)
    return RecordAccess(record=record, reason=reason)


def get_entry_for(user: Any, entry_id: Any, *, view: str, audit: bool = True) -> EntryAccess:
    """The entry (with its record) and why the user may read it, audited; else a 404."""
    try:
        entry = (
            entries_visible_to(user)
            .select_related("record__student__school", "record__professional", "author")
            .get(pk=int(entry_id))
        )
    except (Entry.DoesNotExist, TypeError, ValueError):
        raise Http404("Entrée introuvable") from None
    reason = record_reason(user, entry.record)
    if not entry_readable(user, entry, reason):
        raise Http404("Entrée introuvable")
    assert reason is not None
    if audit:
        log_access(
            user,
            entry,
            reason=reason,
            view=view,
            record_id=entry.record_id,
            student_id=entry.record.student_id,
        )
    return EntryAccess(entry=entry, reason=reason)


def get_attachment_for(user: Any, attachment_id: Any, *, view: str) -> tuple[EntryAttachment, str]:
    """An attachment of an entry this user may read, with the reason; the download is audited."""
    try:
        attachment = (
            EntryAttachment.objects.filter(entry__in=entries_visible_to(user).values("pk"))
            .select_related("entry__record")
            .get(pk=int(attachment_id))
        )
    except (EntryAttachment.DoesNotExist, TypeError, ValueError):
        raise Http404("Pièce jointe introuvable") from None
    reason = record_reason(user, attachment.entry.record)
    if not entry_readable(user, attachment.entry, reason):
        raise Http404("Pièce jointe introuvable")
    assert reason is not None
    log_access(
        user,
        attachment,
        reason=reason,
        view=view,
        entry_id=attachment.entry_id,
        record_id=attachment.entry.record_id,
        sha256=attachment.sha256,
    )
    return attachment, reason
