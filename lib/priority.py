"""The intake priority grid: a score that is the sum of named, explainable parts.

Pure functions, no database. A grid is a mapping of factor -> weight; each factor is read as a value
between 0 and 1 (see `factor_values`), multiplied by its weight and rounded; the parts are kept so that
the coordinator (and the family, on request) can see why a request stands where it does.
"""

from __future__ import annotations

from dataclasses import dataclass

URGENCY_LEVELS = {"low": 0.0, "moderate": 0.34, "high": 0.67, "safety": 1.0}
SCHOOLING_IMPACT = {"none": 0.0, "mild": 0.34, "marked": 0.67, "severe": 1.0}

DEFAULT_WEIGHTS: dict[str, int] = {
    "safety": 40,  # risk to the safety of the student or others
    "schooling_impact": 25,  # impact on learning and attendance
    "tier": 15,  # tier of support already given (3 = intensive help already tried)
    "waited": 15,  # time already waited, up to `waited_cap_weeks`
    "imse": 5,  # the school's deprivation decile (10 = most disadvantaged)
}


@dataclass(frozen=True)
class PriorityInput:
    urgency: str  # low | moderate | high | safety
    schooling_impact: str  # none | mild | marked | severe
    tier: int  # palier already given, 1-3
    waited_weeks: float
    imse_decile: int | None


@dataclass(frozen=True)
class Priority:
    score: int
    parts: dict[str, int]


def factor_values(data: PriorityInput, waited_cap_weeks: float = 20.0) -> dict[str, float]:
    """Each factor read as a value in [0, 1]."""
    if data.urgency not in URGENCY_LEVELS:
        raise ValueError(f"urgence inconnue : {data.urgency}")
    if data.schooling_impact not in SCHOOLING_IMPACT:
        raise ValueError(f"impact inconnu : {data.schooling_impact}")
    tier = min(max(data.tier, 1), 3)
    return {
        "safety": 1.0 if data.urgency == "safety" else URGENCY_LEVELS[data.urgency] / 2,
        "schooling_impact": SCHOOLING_IMPACT[data.schooling_impact],
        "tier": (tier - 1) / 2,
        "waited": min(max(data.waited_weeks, 0.0), waited_cap_weeks) / waited_cap_weeks,
        "imse": 0.0 if data.imse_decile is None else (min(max(data.imse_decile, 1), 10) - 1) / 9,
    }


def compute_priority(
    data: PriorityInput, weights: dict[str, int] | None = None, waited_cap_weeks: float = 20.0
) -> Priority:
    grid = DEFAULT_WEIGHTS if weights is None else weights
    values = factor_values(data, waited_cap_weeks)
    unknown = set(grid) - set(values)
    if unknown:
        raise ValueError(f"facteurs inconnus dans la grille : {', '.join(sorted(unknown))}")
    parts = {name: round(values[name] * weight) for name, weight in grid.items()}
    return Priority(score=sum(parts.values()), parts=parts)
