"""Conflicts between appointments for a person or a room (pure): two intervals overlap when each
starts before the other ends; back-to-back appointments (one ends at 10:00, the next starts at 10:00)
do not conflict."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field


def overlaps(a_start: dt.datetime, a_end: dt.datetime, b_start: dt.datetime, b_end: dt.datetime) -> bool:
    return a_start < b_end and b_start < a_end


@dataclass(frozen=True)
class Booked:
    """An appointment as the conflict check sees it: when, who (keys like "user:4", "student:9") and
    which room (or None)."""

    key: int | str
    start: dt.datetime
    end: dt.datetime
    people: frozenset[str] = field(default_factory=frozenset)
    room: int | None = None


@dataclass(frozen=True)
class Conflict:
    other: int | str  # the key of the appointment in the way
    what: str  # a person key ("user:4") or "room:3"
    start: dt.datetime
    end: dt.datetime


def conflicts(candidate: Booked, existing: Iterable[Booked]) -> list[Conflict]:
    """Every (other appointment, person or room) that the candidate collides with, in time order."""
    found: list[Conflict] = []
    for other in existing:
        if other.key == candidate.key or not overlaps(candidate.start, candidate.end, other.start, other.end):
            continue
        for person in sorted(candidate.people & other.people):
            found.append(Conflict(other.key, person, other.start, other.end))
        if candidate.room is not None and candidate.room == other.room:
            found.append(Conflict(other.key, f"room:{candidate.room}", other.start, other.end))
    return sorted(found, key=lambda c: (c.start, str(c.other), c.what))
