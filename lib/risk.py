"""The explainable risk coefficient of early warning (repérage), as plain functions.

A criteria set is data: each criterion reads one *fact* of a student-week (attendance rate over the
last four weeks, failing French, suspension days, ...), compares it with a threshold and, when it
fires, adds its weight. The coefficient is the share of the set's total weight that fired, from 0 to
100, and it always travels with the criteria that fired and the values they read, so that no one ever
sees a bare number (domain notes §7; Law 25, art. 65.2).

Facts are numbers or None (unknown: the criterion neither fires nor counts as evidence; it is listed
in ``missing``). Attendance rates and grades are percentages (0-100).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

# The facts a criterion can read, with a plain-French label and the unit shown beside the value.
FACTS: dict[str, tuple[str, str]] = {
    "attendance_rate_4w": ("Taux de présence des 4 dernières semaines", "%"),
    "attendance_rate_year": ("Taux de présence depuis le début de l'année", "%"),
    "french_grade": ("Résultat en français (dernière étape)", "%"),
    "math_grade": ("Résultat en mathématique (dernière étape)", "%"),
    "grade_trend": ("Variation de la moyenne depuis l'étape précédente", "points"),
    "incidents_year": ("Manquements et incidents depuis le début de l'année", ""),
    "suspension_days_year": ("Jours de suspension depuis le début de l'année", "jours"),
    "years_behind": ("Années de retard (redoublements ou âge supérieur au niveau)", "ans"),
}

COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "<=": operator.le,
    "<": operator.lt,
    ">=": operator.ge,
    ">": operator.gt,
}


class CriterionError(ValueError):
    """A criterion that cannot be evaluated: unknown fact or comparison, negative weight."""


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str
    description: str
    fact: str
    comparison: str
    threshold: float
    weight: float

    def __post_init__(self) -> None:
        if self.fact not in FACTS:
            raise CriterionError(f"Fait inconnu : {self.fact}")
        if self.comparison not in COMPARISONS:
            raise CriterionError(f"Comparaison inconnue : {self.comparison}")
        if self.weight < 0:
            raise CriterionError(f"Le poids du critère {self.code} doit être positif ou nul.")

    def fires(self, value: float | None) -> bool:
        return value is not None and COMPARISONS[self.comparison](float(value), float(self.threshold))

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Criterion:
        return cls(
            code=str(data["code"]),
            name=str(data["name"]),
            description=str(data.get("description", "")),
            fact=str(data["fact"]),
            comparison=str(data["comparison"]),
            threshold=float(data["threshold"]),  # type: ignore[arg-type]
            weight=float(data["weight"]),  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class Fired:
    """One criterion that fired, with the value it read: the explanation of the coefficient."""

    code: str
    name: str
    fact: str
    value: float
    comparison: str
    threshold: float
    weight: float


@dataclass(frozen=True)
class Score:
    coefficient: float  # 0-100: share of the set's weight that fired
    fired: tuple[Fired, ...]
    missing: tuple[str, ...]  # codes of the criteria whose fact is unknown

    @property
    def fired_weight(self) -> float:
        return sum(f.weight for f in self.fired)


def total_weight(criteria: Iterable[Criterion]) -> float:
    return sum(c.weight for c in criteria)


def evaluate(facts: Mapping[str, float | None], criteria: Sequence[Criterion]) -> Score:
    """Score one student's facts with a criteria set; the fired criteria explain the whole number."""
    fired: list[Fired] = []
    missing: list[str] = []
    for criterion in criteria:
        value = facts.get(criterion.fact)
        if value is None:
            missing.append(criterion.code)
            continue
        if criterion.fires(value):
            fired.append(
                Fired(
                    criterion.code,
                    criterion.name,
                    criterion.fact,
                    float(value),
                    criterion.comparison,
                    float(criterion.threshold),
                    float(criterion.weight),
                )
            )
    total = total_weight(criteria)
    coefficient = round(100 * sum(f.weight for f in fired) / total, 1) if total > 0 else 0.0
    return Score(coefficient, tuple(fired), tuple(missing))


def years_behind(
    years_repeated: int | None, age_on_sept_30: int | None, expected_age: int | None
) -> float | None:
    """Years behind the grade: the larger of the years repeated and the years over the expected age."""
    over = None if age_on_sept_30 is None or expected_age is None else max(0, age_on_sept_30 - expected_age)
    known = [v for v in (years_repeated, over) if v is not None]
    return float(max(known)) if known else None


def grade_trend(averages_by_etape: Sequence[float | None]) -> float | None:
    """Change of the average between the last two étapes that have one (negative: falling)."""
    known = [a for a in averages_by_etape if a is not None]
    return round(known[-1] - known[-2], 1) if len(known) >= 2 else None


def _c(
    code: str, name: str, description: str, fact: str, comparison: str, threshold: float, weight: float
) -> Criterion:
    return Criterion(code, name, description, fact, comparison, threshold, weight)


# The default set, grounded in the research of the domain notes (§7): attendance of 80 % or less,
# failing mathematics or the language of instruction, a suspension (the ABC indicators, Balfanz et
# al. 2007), chronic absence (more than 10 % missed) and grade retention (Quebec studies).
DEFAULT_CRITERIA: tuple[Criterion, ...] = (
    _c(
        "presence_recente",
        "Présence récente faible",
        "Présent 90 % du temps ou moins durant les 4 dernières semaines : une baisse récente à surveiller.",
        "attendance_rate_4w",
        "<=",
        90,
        2,
    ),
    _c(
        "absenteisme_chronique",
        "Absentéisme chronique",
        "Plus de 10 % de l'année manquée (présence sous 90 %) : le seuil de l'absentéisme chronique.",
        "attendance_rate_year",
        "<",
        90,
        2,
    ),
    _c(
        "presence_critique",
        "Présence de 80 % ou moins",
        "Présent 80 % du temps ou moins depuis le début de l'année : l'indicateur d'assiduité "
        "de la recherche ABC.",
        "attendance_rate_year",
        "<=",
        80,
        3,
    ),
    _c(
        "echec_francais",
        "Échec en français",
        "Résultat sous 60 % en français, la langue d'enseignement, à la dernière étape.",
        "french_grade",
        "<",
        60,
        3,
    ),
    _c(
        "echec_mathematique",
        "Échec en mathématique",
        "Résultat sous 60 % en mathématique à la dernière étape.",
        "math_grade",
        "<",
        60,
        3,
    ),
    _c(
        "baisse_resultats",
        "Baisse des résultats",
        "La moyenne a baissé de 10 points ou plus depuis l'étape précédente.",
        "grade_trend",
        "<=",
        -10,
        1,
    ),
    _c(
        "suspension",
        "Suspension",
        "Au moins un jour de suspension cette année.",
        "suspension_days_year",
        ">=",
        1,
        2,
    ),
    _c(
        "incidents_repetes",
        "Incidents répétés",
        "Trois incidents ou manquements ou plus cette année.",
        "incidents_year",
        ">=",
        3,
        1,
    ),
    _c(
        "retard_scolaire",
        "Retard scolaire",
        "Au moins une année de retard (redoublement ou âge supérieur à celui du niveau).",
        "years_behind",
        ">=",
        1,
        2,
    ),
)


@dataclass(frozen=True)
class ManyScores:
    """`evaluate` over arrays: row i is student i, column j criterion j of the set."""

    coefficients: Any  # float array (n,)
    fired: Any  # bool array (n, k)
    missing: Any  # bool array (n, k)
    values: Any  # float array (n, k): the value each criterion read (NaN when unknown)


def evaluate_many(facts: Mapping[str, Any], criteria: Sequence[Criterion]) -> ManyScores:
    """Vectorised `evaluate`: each fact is a float array (NaN for unknown), all of the same length.
    Gives the same coefficients, fired and missing criteria as `evaluate` row by row (a property test
    checks it)."""
    import numpy as np

    arrays = [np.asarray(v, dtype=np.float64) for v in facts.values()]
    n = len(arrays[0]) if arrays else 0
    k = len(criteria)
    values = np.full((n, k), np.nan)
    for j, criterion in enumerate(criteria):
        if criterion.fact in facts:
            values[:, j] = np.asarray(facts[criterion.fact], dtype=np.float64)
    missing = np.isnan(values)
    fired = np.zeros((n, k), dtype=bool)
    for j, criterion in enumerate(criteria):
        with np.errstate(invalid="ignore"):
            compare: Any = COMPARISONS[criterion.comparison]
            fired[:, j] = compare(values[:, j], float(criterion.threshold))
    fired &= ~missing
    # Each distinct pattern of fired criteria is scored once, with the very float operations of
    # `evaluate` (sum in criteria order, Python's round): the two agree exactly.
    total = total_weight(criteria)
    if k == 0 or total <= 0:
        coefficients = np.zeros(n)
    else:
        bits = (fired.astype(np.int64) << np.arange(k, dtype=np.int64)).sum(axis=1)
        patterns, inverse = np.unique(bits, return_inverse=True)
        by_pattern = [
            round(100 * sum(float(c.weight) for j, c in enumerate(criteria) if int(p) >> j & 1) / total, 1)
            for p in patterns
        ]
        coefficients = np.asarray(by_pattern, dtype=np.float64)[inverse.reshape(-1)]
    return ManyScores(coefficients, fired, missing, values)
