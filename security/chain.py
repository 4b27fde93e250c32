"""Chaining the audit rows (security.models), and checking the chain.

Each new LogEntry is sealed as it is written: auditlog's own saves through `post_save`, the bulk rows of
`core.audit.bulk_log` through its `entries_created` signal. Sealing takes the chain's head row FOR UPDATE
(PostgreSQL; SQLite's IMMEDIATE transactions serialise writers anyway), so the order of the seals is the
order of the chain. The digest is HMAC-SHA-256 keyed by AUDIT_CHAIN_KEY (from the environment; without it,
a plain SHA-256 that still catches an edit made by someone who does not know this module).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction

GENESIS = "0" * 64
CHUNK = 2000


def _fields() -> list[str]:
    from auditlog.models import LogEntry

    return sorted(f.attname for f in LogEntry._meta.concrete_fields)


def _canonical(row: dict[str, Any]) -> bytes:
    clean = {}
    for name, value in row.items():
        if hasattr(value, "utcoffset") and value.utcoffset() is not None:
            value = value.astimezone(dt.UTC).isoformat()
        clean[name] = value
    return json.dumps(clean, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":")).encode()


def digest(previous: str, row: dict[str, Any]) -> str:
    message = previous.encode() + b"\n" + _canonical(row)
    key = str(getattr(settings, "AUDIT_CHAIN_KEY", "") or "").encode()
    if key:
        return hmac.new(key, message, hashlib.sha256).hexdigest()
    return hashlib.sha256(message).hexdigest()


def _head() -> Any:
    from security.models import AuditChainHead

    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head, _created = AuditChainHead.objects.get_or_create(pk=1, defaults={"digest": GENESIS})
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


def seal(entry_ids: Sequence[int]) -> None:
    """Seal these new entries, in id order, at the end of the chain."""
    from auditlog.models import LogEntry

    from security.models import AuditSeal

    ids = sorted({int(i) for i in entry_ids if i is not None})
    if not ids:
        return
    # No savepoint of its own: a failed seal must undo the entry it seals (the caller's transaction).
    with transaction.atomic(savepoint=False):
        head = _head()
        rows = {row["id"]: row for row in LogEntry.objects.filter(pk__in=ids).values(*_fields())}
        seq, previous, seals = head.seq, head.digest or GENESIS, []
        for entry_id in ids:
            if entry_id not in rows:
                continue
            seq += 1
            previous = digest(previous, rows[entry_id])
            seals.append(AuditSeal(seq=seq, entry_id=entry_id, digest=previous))
        AuditSeal.objects.bulk_create(seals)
        head.seq, head.digest = seq, previous
        head.save(update_fields=["seq", "digest"])


def prune(top: int) -> None:
    """After the retention schedule removed the entries up to `top` (the oldest): drop their seals and
    anchor the chain on the first seal that remains, with the digest it was chained to."""
    from security.models import AuditChainHead, AuditSeal

    with transaction.atomic():
        head = _head()
        first_kept = AuditSeal.objects.filter(entry_id__gt=top).order_by("seq").first()
        if first_kept is None:
            anchor_seq, anchor_digest = head.seq, head.digest or GENESIS
        else:
            anchor_seq = first_kept.seq - 1
            before = AuditSeal.objects.filter(seq=anchor_seq).values_list("digest", flat=True).first()
            anchor_digest = before or (head.anchor_digest or GENESIS)
        AuditSeal.objects.filter(seq__lte=anchor_seq).delete()
        AuditChainHead.objects.filter(pk=head.pk).update(anchor_seq=anchor_seq, anchor_digest=anchor_digest)


@dataclass(frozen=True)
class Break:
    entry_id: int | None
    seq: int | None
    problem: str

    def __str__(self) -> str:
        where = f"entrée n° {self.entry_id}" if self.entry_id is not None else f"sceau n° {self.seq}"
        return f"{where} : {self.problem}"


def _seals() -> Iterator[list[Any]]:
    from security.models import AuditSeal

    last = -1
    while True:
        chunk = list(AuditSeal.objects.filter(seq__gt=last).order_by("seq")[:CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].seq


def verify() -> tuple[int, Break | None]:
    """(entries checked, the first break or None)."""
    from auditlog.models import LogEntry

    from security.models import AuditChainHead, AuditSeal

    head = AuditChainHead.objects.filter(pk=1).first()
    expected_seq = (head.anchor_seq if head else 0) + 1
    previous = (head.anchor_digest if head and head.anchor_digest else GENESIS) if head else GENESIS
    checked = 0
    for chunk in _seals():
        rows = {
            row["id"]: row
            for row in LogEntry.objects.filter(pk__in=[s.entry_id for s in chunk]).values(*_fields())
        }
        for seal_row in chunk:
            if seal_row.seq != expected_seq:
                return checked, Break(None, expected_seq, "sceau manquant : des entrées ont été supprimées")
            row = rows.get(seal_row.entry_id)
            if row is None:
                return checked, Break(seal_row.entry_id, seal_row.seq, "entrée supprimée")
            previous_ok = digest(previous, row) == seal_row.digest
            if not previous_ok:
                return checked, Break(
                    seal_row.entry_id, seal_row.seq, "entrée modifiée (empreinte différente)"
                )
            previous, expected_seq, checked = seal_row.digest, expected_seq + 1, checked + 1
    if head is not None and (expected_seq - 1 != head.seq or previous != (head.digest or GENESIS)):
        return checked, Break(None, expected_seq, "fin de la chaîne supprimée (la tête ne correspond pas)")
    unsealed = (
        LogEntry.objects.exclude(pk__in=AuditSeal.objects.values("entry_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    first_unsealed = unsealed.first()
    if first_unsealed is not None:
        return checked, Break(first_unsealed, None, "entrée sans sceau (ajoutée hors de l'application)")
    return checked, None


def _unsealed() -> Any:
    from auditlog.models import LogEntry

    from security.models import AuditSeal

    sealed = AuditSeal.objects.values("entry_id")
    return LogEntry.objects.exclude(pk__in=sealed).order_by("pk").values_list("pk", flat=True)


def seal_existing() -> int:
    """Seal the entries that have none yet (once, when the chain is installed on an existing journal)."""
    from auditlog.models import LogEntry

    from security.models import AuditSeal

    ids = list(
        LogEntry.objects.exclude(pk__in=AuditSeal.objects.values("entry_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), CHUNK):
        seal(ids[start : start + CHUNK])
    return len(ids)


def _on_save(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        seal([instance.pk])


def _on_bulk(sender: Any, entries: Iterable[Any], **kwargs: Any) -> None:
    seal([e.pk for e in entries])


def _on_pruned(sender: Any, top: int, **kwargs: Any) -> None:
    prune(top)


def connect() -> None:
    from auditlog.models import LogEntry
    from django.db.models.signals import post_save

    from core.audit import entries_created, entries_pruned

    post_save.connect(_on_save, sender=LogEntry, dispatch_uid="security.chain.seal")
    entries_created.connect(_on_bulk, dispatch_uid="security.chain.seal_bulk")
    entries_pruned.connect(_on_pruned, dispatch_uid="security.chain.prune")
