"""The retention schedule (calendrier de conservation, A-2.1 art. 73; Archives Act): how long each kind of
record is kept after the event that starts its clock, and whether an item is due for destruction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from lib.retention import add_years


@dataclass(frozen=True)
class Rule:
    kind: str
    years: int
    code: str  # the schedule's item number, e.g. "CC-08-300"
    starts: str  # what starts the clock, in words (French), for the pages

    def __post_init__(self) -> None:
        if self.years < 0:
            raise ValueError(f"durée de conservation négative pour {self.kind!r} : {self.years}")

    def due_on(self, clock_start: dt.date) -> dt.date:
        """The first day the item may be destroyed: the day after the retention ends."""
        return add_years(clock_start, self.years) + dt.timedelta(days=1)

    def is_due(self, clock_start: dt.date | None, today: dt.date) -> bool:
        return clock_start is not None and self.due_on(clock_start) <= today


def parse(schedule: Mapping[str, Mapping[str, object]]) -> dict[str, Rule]:
    """{kind: {"years": 5, "code": "…", "starts": "…"}} → {kind: Rule}; a wrong entry raises ValueError."""
    rules: dict[str, Rule] = {}
    for kind, entry in schedule.items():
        try:
            years = int(str(entry["years"]))
        except (KeyError, ValueError) as exc:
            raise ValueError(f"calendrier de conservation : durée invalide pour {kind!r}") from exc
        rules[kind] = Rule(kind, years, str(entry.get("code", "")), str(entry.get("starts", "")))
    return rules
