"""Destruction runs by the retention schedule: prepare (the dry run, written as the run's items), approve
(a second person) and execute, or cancel. Named actions: permission, change, audit, one transaction.

Who: a privacy officer prepares; the approval comes from another person, the centre's manager or another
privacy officer (never the one who prepared). Execution re-checks each item: a legal hold placed since
the preparation, or an item that is no longer due, is not destroyed."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from core.crypto import keyring
from lib.pseudonym import hashed_id
from privacy.models import DestructionItem, DestructionRun, ItemStatus, LegalHold, RunStatus
from privacy.schedule import Due, kinds

PSEUDONYM_CONTEXT = b"eleve360/privacy/pseudonym/v1"


def student_hash(student_id: int | None) -> str:
    """The student's pseudonymous id: an HMAC keyed by a key derived from the platform's primary key."""
    if student_id is None:
        return ""
    ring = keyring()
    key = hmac.new(ring.keys[ring.primary], PSEUDONYM_CONTEXT, hashlib.sha256).digest()
    return hashed_id(key, "student", student_id)


def active_holds(centre_id: int) -> tuple[set[int], set[tuple[str, int]]]:
    holds = LegalHold.objects.filter(centre_id=centre_id, released_at__isnull=True)
    students = {s for s in holds.values_list("student_id", flat=True) if s is not None}
    items = {
        (k, o)
        for k, o in holds.filter(student__isnull=True).values_list("kind", "object_id")
        if o is not None
    }
    return students, items


def is_held(due: Due, students: set[int], items: set[tuple[str, int]]) -> bool:
    return (due.student_id is not None and due.student_id in students) or (due.kind, due.object_id) in items


def due_now(centre: Any, as_of: dt.date) -> list[Due]:
    found: list[Due] = []
    for kind in kinds().values():
        found.extend(kind.collect(centre, as_of))
    return found


def dry_run(user: Any, as_of: dt.date | None = None) -> tuple[list[Due], list[Due]]:
    """What a run prepared today would destroy, and what a legal hold keeps; nothing written."""
    if not user.has_perm("privacy.manage"):
        raise PermissionDenied
    as_of = as_of or timezone.localdate()
    students, items = active_holds(user.centre_id)
    due = due_now(user.centre, as_of)
    return [d for d in due if not is_held(d, students, items)], [
        d for d in due if is_held(d, students, items)
    ]


def prepare_run(user: Any, as_of: dt.date | None = None) -> DestructionRun:
    if not user.has_perm("privacy.manage"):
        raise PermissionDenied
    as_of = as_of or timezone.localdate()
    if as_of > timezone.localdate():
        raise ValidationError(_("Une destruction se prépare pour aujourd'hui ou une date passée."))
    if DestructionRun.objects.filter(centre_id=user.centre_id, status=RunStatus.PREPARED).exists():
        raise ValidationError(_("Une destruction attend déjà son approbation : approuvez-la ou annulez-la."))
    planned, held = dry_run(user, as_of)
    if not planned:
        raise ValidationError(_("Rien n'est à détruire à cette date selon le calendrier de conservation."))
    with transaction.atomic():
        run = DestructionRun.objects.create(centre_id=user.centre_id, as_of=as_of, prepared_by=user)
        _write_items(run, planned, ItemStatus.PLANNED)
        _write_items(run, held, ItemStatus.HELD)
        log_event(user, run, event="destruction_prepared", planned=len(planned), held=len(held))
    return run


def _write_items(run: DestructionRun, dues: Iterable[Due], status: str) -> None:
    DestructionItem.objects.bulk_create(
        [
            DestructionItem(
                run=run,
                kind=d.kind,
                object_id=d.object_id,
                count=d.count,
                student_hash=student_hash(d.student_id),
                rule=d.rule,
                due_on=d.due_on,
                status=status,
            )
            for d in dues
        ]
    )


def _locked_prepared(run: DestructionRun) -> DestructionRun:
    current = DestructionRun.objects.select_for_update().get(pk=run.pk)
    if current.status != RunStatus.PREPARED:
        raise ValidationError(_("Cette destruction n'attend plus d'approbation."))
    return current


def approve_run(user: Any, run: DestructionRun) -> DestructionRun:
    """A second person approves; the items still due and not held are destroyed at once, each logged."""
    if not user.has_perm("privacy.approve_destruction") or run.centre_id != user.centre_id:
        raise PermissionDenied
    if run.prepared_by_id == user.pk:
        raise ValidationError(
            _(
                "La personne qui a préparé la destruction ne peut pas l'approuver : une autre personne "
                "doit le faire."
            )
        )
    with transaction.atomic():
        current = _locked_prepared(run)
        now = timezone.now()
        current.status = RunStatus.EXECUTED
        current.approved_by = user
        current.approved_at = now
        still_due = {(d.kind, d.object_id) for d in due_now(current.centre, current.as_of)}
        students, held_items = active_holds(current.centre_id)
        registry = kinds()
        destroyed = held = gone = 0
        for item in current.items.filter(status=ItemStatus.PLANNED).order_by("pk"):
            kind = registry[item.kind]
            student_id = kind.student_of(item.object_id)
            due = Due(item.kind, item.object_id, student_id, item.due_on, item.rule)
            if is_held(due, students, held_items):
                item.status = ItemStatus.HELD
                held += 1
            elif (item.kind, item.object_id) not in still_due or not kind.destroy(item.object_id):
                item.status = ItemStatus.GONE
                gone += 1
            else:
                item.status = ItemStatus.DESTROYED
                item.destroyed_at = timezone.now()
                destroyed += 1
            item.save(update_fields=["status", "destroyed_at"])
        current.executed_at = timezone.now()
        current.save(update_fields=["status", "approved_by", "approved_at", "executed_at"])
        log_event(
            user,
            current,
            event="destruction_executed",
            destroyed=destroyed,
            held=held,
            gone=gone,
            prepared_by=current.prepared_by_id,
        )
    return current


def cancel_run(user: Any, run: DestructionRun) -> DestructionRun:
    if not user.has_perm("privacy.approve_destruction") or run.centre_id != user.centre_id:
        raise PermissionDenied
    with transaction.atomic():
        current = _locked_prepared(run)
        current.status = RunStatus.CANCELLED
        current.cancelled_by = user
        current.cancelled_at = timezone.now()
        current.save(update_fields=["status", "cancelled_by", "cancelled_at"])
        log_event(user, current, event="destruction_cancelled")
    return current
