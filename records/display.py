"""What the record page shows: entries in order, each followed by the corrections that apply to it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from records.models import Entry, EntryAttachment, ProfessionalRecord
from records.queries import entries_visible_to


@dataclass
class EntryNode:
    entry: Entry
    corrections: list[Entry] = field(default_factory=list)  # the whole chain, oldest first

    @property
    def is_corrected(self) -> bool:
        return any(c.is_signed for c in self.corrections)


def corrected_ids(entries: list[Entry]) -> set[int]:
    return {e.corrects_id for e in entries if e.corrects_id is not None and e.is_signed}


def entry_tree(user: Any, record: ProfessionalRecord) -> list[EntryNode]:
    """The entries this user may read, in service order; corrections (and corrections of corrections)
    under the entry they correct. Two queries, whatever the number of entries."""
    files = EntryAttachment.objects.defer("content").order_by("uploaded_at", "pk")
    entries = list(
        entries_visible_to(user)
        .filter(record=record)
        .select_related("author")
        .prefetch_related(Prefetch("attachments", queryset=files))
        .order_by("service_date", "created_at", "pk")
    )
    by_id = {e.pk: e for e in entries}
    fixed = corrected_ids(entries)
    for e in entries:
        e.is_corrected = e.pk in fixed  # type: ignore[attr-defined]

    def root_of(entry: Entry) -> Entry:
        seen = set()
        while entry.corrects_id is not None and entry.corrects_id in by_id and entry.pk not in seen:
            seen.add(entry.pk)
            entry = by_id[entry.corrects_id]
        return entry

    nodes: dict[int, EntryNode] = {}
    order: list[EntryNode] = []
    for e in entries:
        root = root_of(e)
        if root.pk == e.pk:
            nodes[e.pk] = EntryNode(e)
            order.append(nodes[e.pk])
    for e in sorted(entries, key=lambda x: (x.created_at, x.pk)):
        root = root_of(e)
        if root.pk != e.pk:
            nodes[root.pk].corrections.append(e)
    return order
