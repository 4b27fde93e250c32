"""Patterns in the audit trail that may reveal a confidentiality incident (A-2.1, art. 63.8): one person
reading many distinct students within a short window, or being refused many times. Pure functions over
plain tuples, so that the rules are tested without a database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Read:
    entry_id: int
    at: dt.datetime
    target: int  # the student (or the requested id)


@dataclass(frozen=True)
class Burst:
    """A window where one actor touched at least `threshold` distinct targets."""

    first_entry_id: int
    last_entry_id: int
    start: dt.datetime
    end: dt.datetime
    targets: tuple[int, ...]
    entries: int


def bursts(reads: Iterable[Read], *, window: dt.timedelta, threshold: int) -> list[Burst]:
    """Non-overlapping windows of at most `window` with `threshold` distinct targets or more.

    Reads are taken in time order; a burst starts at the first read of a qualifying window and grows
    while reads stay within `window` of its start; the next burst starts after it ends. The same reads
    always give the same bursts (the scan's idempotence rests on it).
    """
    if threshold < 1:
        raise ValueError("le seuil doit être d'au moins 1")
    ordered: Sequence[Read] = sorted(reads, key=lambda r: (r.at, r.entry_id))
    found: list[Burst] = []
    start = 0
    n = len(ordered)
    while start < n:
        end = start
        seen: dict[int, None] = {}
        while end < n and ordered[end].at - ordered[start].at <= window:
            seen.setdefault(ordered[end].target, None)
            end += 1
        if len(seen) >= threshold:
            chunk = ordered[start:end]
            found.append(
                Burst(
                    first_entry_id=chunk[0].entry_id,
                    last_entry_id=chunk[-1].entry_id,
                    start=chunk[0].at,
                    end=chunk[-1].at,
                    targets=tuple(seen),
                    entries=len(chunk),
                )
            )
            start = end
        else:
            start += 1
    return found


def overlaps(a_start: dt.datetime, a_end: dt.datetime, b_start: dt.datetime, b_end: dt.datetime) -> bool:
    return a_start <= b_end and b_start <= a_end
