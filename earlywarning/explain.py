"""Why a coefficient: each criterion that fired, in plain French, with the value it read. Never a bare
number: every page and copy of early warning goes through these rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max

from earlywarning.models import CriteriaSet, RiskScore
from lib.risk import FACTS, Criterion

COMPARISON_WORDS = {"<=": "≤", "<": "<", ">=": "≥", ">": ">"}


@dataclass(frozen=True)
class Reason:
    code: str
    name: str
    description: str
    fact: str
    value: float | None
    unit: str
    comparison: str
    threshold: float
    weight: float
    fired: bool

    @property
    def rule(self) -> str:
        return (
            f"{COMPARISON_WORDS.get(self.comparison, self.comparison)} {self.threshold:g} {self.unit}".strip()
        )


def criteria_for(score: RiskScore) -> tuple[Criterion, ...]:
    """The criteria of the score's set version (select_related("criteria_set") on lists)."""
    return score.criteria_set.as_criteria()


def _reason(c: Criterion, value: float | None, fired: bool) -> Reason:
    label, unit = FACTS[c.fact]
    return Reason(
        c.code, c.name, c.description, label, value, unit, c.comparison, c.threshold, c.weight, fired
    )


def fired_reasons(score: RiskScore) -> list[Reason]:
    by_code = {c.code: c for c in criteria_for(score)}
    return [_reason(by_code[f["code"]], f["value"], True) for f in score.fired if f["code"] in by_code]


def all_reasons(score: RiskScore) -> list[Reason]:
    """Every criterion of the set with the value it read: fired first, then the others, then unknown."""
    fired = {f["code"] for f in score.fired}
    rows = [_reason(c, score.facts.get(c.fact), c.code in fired) for c in criteria_for(score)]
    return sorted(rows, key=lambda r: (not r.fired, r.value is None))


def weights(score: RiskScore) -> tuple[float, float]:
    """(fired weight, total weight): the coefficient is their ratio."""
    criteria = criteria_for(score)
    fired = {f["code"] for f in score.fired}
    return sum(c.weight for c in criteria if c.code in fired), sum(c.weight for c in criteria)


def latest_week(criteria_set: CriteriaSet) -> dt.date | None:
    return RiskScore.objects.filter(criteria_set=criteria_set).aggregate(w=Max("week"))["w"]


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def reference(score: Any) -> str:
    """What a tier decision taken from this score names as its source (the week and the score)."""
    return f"{iso_week(score.week)} · coefficient nº {score.pk}"
