"""`rules` predicates of professional records. Denied by default; they agree with `records.queries`.

Reading goes through `records.access` (a reason or a 404). Writing is for the record's professional
only: new entries and closing on an open record; editing, signing, deleting a draft and attaching files
for the draft's author; correcting a signed entry for the record's professional. A signed entry is never
edited nor deleted (docs/adr/0008-une-entree-signee-ne-change-jamais.md).
"""

from __future__ import annotations

from typing import Any

import rules

from core.models import Role
from records.access import RecordReason, entry_readable, record_reason
from records.models import EntryStatus


def _professional(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role == Role.PROFESSIONAL
        and user.profession
    )


def open_episodes_for(user: Any, student: Any) -> Any:
    """This professional's open service episodes for the student that have no record yet."""
    from intake.models import ServiceEpisode

    return (
        ServiceEpisode.objects.filter(
            professional=user, request__student=student, closed_at__isnull=True, record__isnull=True
        )
        .select_related("request")
        .order_by("opened_at")
    )


def open_episode_for(user: Any, student: Any) -> Any:
    """The oldest of them, if any (offered on the 360 page)."""
    return open_episodes_for(user, student).first()


@rules.predicate
def can_open(user: Any, student: Any) -> bool:
    """A professional who serves the student (active caseload) or whose open service episode it is."""
    from intake.models import ServiceEpisode

    if student is None or not _professional(user):
        return False
    if student.caseload_entries.active().filter(professional=user).exists():
        return True
    episodes = ServiceEpisode.objects.filter(
        professional=user, request__student=student, closed_at__isnull=True
    )
    return episodes.exists()


@rules.predicate
def can_read(user: Any, record: Any) -> bool:
    return record is not None and record_reason(user, record) is not None


def _owns_open(user: Any, record: Any) -> bool:
    return (
        record is not None
        and record.is_open
        and _professional(user)
        and record_reason(user, record) == RecordReason.OWNER
    )


@rules.predicate
def can_write(user: Any, record: Any) -> bool:
    """Add an entry to the record: its professional, while it is open."""
    return _owns_open(user, record)


@rules.predicate
def can_close(user: Any, record: Any) -> bool:
    return _owns_open(user, record)


@rules.predicate
def can_read_entry(user: Any, entry: Any) -> bool:
    return entry is not None and entry_readable(user, entry, record_reason(user, entry.record))


@rules.predicate
def can_edit_draft(user: Any, entry: Any) -> bool:
    """Edit, sign, delete a draft or attach a file to it: its author, on their own open record."""
    return (
        entry is not None
        and entry.status == EntryStatus.DRAFT
        and entry.author_id == user.pk
        and _owns_open(user, entry.record)
    )


@rules.predicate
def can_correct(user: Any, entry: Any) -> bool:
    """Add a correction to a signed entry: the record's professional, while the record is open."""
    return entry is not None and entry.status == EntryStatus.SIGNED and _owns_open(user, entry.record)


rules.add_perm("records.open", can_open)
rules.add_perm("records.read", can_read)
rules.add_perm("records.write", can_write)
rules.add_perm("records.close", can_close)
rules.add_perm("records.read_entry", can_read_entry)
rules.add_perm("records.edit_draft", can_edit_draft)
rules.add_perm("records.sign", can_edit_draft)
rules.add_perm("records.correct", can_correct)
