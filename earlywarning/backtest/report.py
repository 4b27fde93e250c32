"""The backtest report: score every student-year of ``issues.csv`` at the end of étape N, compare.

The report is one JSON-ready dict; ``--fit`` adds the weights learnt by cross-validation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from earlywarning.backtest.calendar import EtapeCalendar
from earlywarning.backtest.facts import Facts, facts_at
from earlywarning.backtest.problems import BacktestInputError, Problem
from earlywarning.backtest.reading import OUTCOMES, POSITIVE, Folder, read_folder
from lib import backtest as metrics
from lib.risk import Criterion, evaluate

DIGITS = 4


@dataclass
class Cases:
    """The scored student-years, in the order of ``issues.csv``."""

    keys: list[tuple[str, str]]
    facts: list[Facts]
    outcomes: list[str]

    @property
    def positive(self) -> list[bool]:
        return [o in POSITIVE for o in self.outcomes]

    def fired(self, criterion: Criterion) -> list[bool]:
        return [criterion.fires(f.get(criterion.fact)) for f in self.facts]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, DIGITS)


def cases_of(folder: Folder, etape: int) -> Cases:
    has_events = folder.has_events_file
    keys, facts, outcomes = [], [], []
    for code, year, outcome in folder.outcomes:
        keys.append((code, year))
        facts.append(facts_at(folder, code, year, etape, has_events))
        outcomes.append(outcome)
    return Cases(keys, facts, outcomes)


def score_report(cases: Cases, criteria: Sequence[Criterion]) -> dict[str, Any]:
    scores = [evaluate(f, criteria).coefficient for f in cases.facts]
    positive = cases.positive
    top = metrics.top_share(scores, positive, 0.1)
    n, hits = len(positive), sum(positive)
    per_criterion = []
    for criterion in criteria:
        effect = metrics.lift(cases.fired(criterion), positive)
        per_criterion.append(
            {
                "code": criterion.code,
                "name": criterion.name,
                "fact": criterion.fact,
                "comparison": criterion.comparison,
                "threshold": criterion.threshold,
                "weight": criterion.weight,
                "fired": effect.fired,
                "fired_share": _round(effect.fired_share),
                "missing": sum(1 for f in cases.facts if f.get(criterion.fact) is None),
                "positives_fired": effect.positives_fired,
                "rate_when_fired": _round(effect.rate_when_fired),
                "recall": _round(effect.recall),
                "lift": _round(effect.lift),
            }
        )
    return {
        "students": n,
        "positives": hits,
        "base_rate": _round(hits / n if n else None),
        "outcomes": {o: cases.outcomes.count(o) for o in OUTCOMES},
        "auc": _round(metrics.auc(scores, positive)),
        "flagged_at_10pct": top.flagged,
        "precision_at_10pct": _round(top.precision),
        "recall_at_10pct": _round(top.recall),
        "calibration": [
            {**b.to_dict(), "observed_rate": _round(b.observed_rate), "mean_score": _round(b.mean_score)}
            for b in metrics.calibration(scores, positive)
        ],
        "criteria": per_criterion,
    }


@dataclass
class Prepared:
    """A folder read and its student-years' facts at the end of the étape, ready to be scored."""

    etape: int
    calendar: EtapeCalendar
    files: list[str]
    cases: Cases


def prepare(files: Mapping[str, bytes], *, etape: int, calendar: EtapeCalendar) -> Prepared:
    """Read and check the folder (``BacktestInputError`` with every problem) and compute the facts."""
    if not 1 <= etape <= calendar.count:
        raise BacktestInputError(
            [Problem("--as-of-etape", None, f"étape {etape} hors du calendrier (1 à {calendar.count})")]
        )
    folder = read_folder(files, calendar)
    return Prepared(etape, calendar, sorted(files), cases_of(folder, etape))


def report_of(
    prepared: Prepared,
    *,
    criteria: Sequence[Criterion],
    criteria_name: str,
    fit: bool = False,
    seed: int = 42,
    repeats: int = 5,
) -> tuple[dict[str, Any], tuple[Criterion, ...]]:
    """The report of a prepared folder, and the fitted criteria (empty without ``fit``)."""
    cases, etape = prepared.cases, prepared.etape
    years = sorted({year for _, year in cases.keys})
    report: dict[str, Any] = {
        "as_of_etape": etape,
        "as_of": {year: prepared.calendar.end_of(year, etape).isoformat() for year in years},
        "criteria_set": criteria_name,
        "files": prepared.files,
    }
    report |= score_report(cases, criteria)
    fitted: tuple[Criterion, ...] = ()
    if fit:
        from earlywarning.backtest.fit import fit_weights

        result = fit_weights(cases, criteria, seed=seed, repeats=repeats)
        fitted = result.criteria
        report["auc_fit"] = result.auc
        report["accuracy_fit"] = result.accuracy
        report["fit"] = result.to_dict()
    return report, fitted
