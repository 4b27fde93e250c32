"""Audit of reads and changes, on django-auditlog.

Reads of a student's file are LogEntry rows with action ACCESS and `additional_data`
{"reason": ..., "view": ...}. Changes to registered models are logged by auditlog itself, with
encrypted fields masked entirely. Nothing sensitive (note text, health alerts) is ever written here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import django.dispatch
from auditlog.models import LogEntry
from django.db import models, transaction

MASK = "[confidentiel]"

# Sent after rows were written or removed in bulk (no post_save): the audit chain seals them (security.chain).
entries_created = django.dispatch.Signal()  # entries=[LogEntry]
entries_pruned = django.dispatch.Signal()  # top=int: every entry up to this id was deleted


def mask_all(value: str) -> str:
    """Used for every masked field: says that it changed, never what it holds."""
    return MASK


def log_access(user: Any, obj: models.Model, *, reason: str, view: str, **extra: Any) -> LogEntry:
    data = {"reason": reason, "view": view, **extra}
    with transaction.atomic():  # the entry and its seal (security.chain) in one commit
        entry = LogEntry.objects.log_create(
            obj,
            force_log=True,
            action=LogEntry.Action.ACCESS,
            actor=user if getattr(user, "is_authenticated", False) else None,
            changes={},
            additional_data=data,
            serialized_data=None,
        )
    assert entry is not None
    return entry


def log_event(user: Any, obj: models.Model, *, event: str, **extra: Any) -> LogEntry:
    """A named event on an object (import applied, break-the-glass opened), without content."""
    with transaction.atomic():  # the entry and its seal (security.chain) in one commit
        entry = LogEntry.objects.log_create(
            obj,
            force_log=True,
            action=LogEntry.Action.UPDATE,
            actor=user if getattr(user, "is_authenticated", False) else None,
            changes={},
            additional_data={"event": event, **extra},
            serialized_data=None,
        )
    assert entry is not None
    return entry


def bulk_log(rows: Sequence[LogEntry]) -> list[LogEntry]:
    """Write many audit rows in one statement (a list shown, an API page), sealed like the others. Every
    bulk write of LogEntry goes through here (security/tests/test_audit_chain.py checks the sources)."""
    with transaction.atomic():
        created = LogEntry.objects.bulk_create(rows)
        entries_created.send(sender=LogEntry, entries=created)
    return created


def prune_entries(top: int) -> int:
    """Delete the audit entries up to id `top` (the retention schedule), and re-anchor the chain."""
    deleted, _ = LogEntry.objects.filter(pk__lte=top).delete()
    entries_pruned.send(sender=LogEntry, top=top)
    return deleted
