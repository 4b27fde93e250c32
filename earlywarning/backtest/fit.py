"""Learning the weights of a criteria set from a backtest folder, judged by repeated 10-fold
cross-validation (scikit-learn).

A logistic regression reads which criteria fired (0 or 1; an unknown fact counts as not fired). Its
coefficients are log odds ratios: a weight of 0.69 means the criterion doubles the odds of failing or
dropping out, the others being equal. A criteria set only adds risk (``Criterion`` weights are never
negative), so a negative coefficient becomes 0 and the criterion is left out of the fitted set. The
cross-validation judges exactly that procedure: on each fold, fit on nine tenths, clip, score the
tenth left out with the clipped weights; the threshold of ``accuracy_fit`` is the one with the best
accuracy on the nine tenths, applied to the tenth.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import RepeatedStratifiedKFold

from earlywarning.backtest.problems import BacktestInputError, Problem
from lib import backtest as metrics
from lib.risk import Criterion, evaluate

FOLDS = 10
DIGITS = 4


@dataclass(frozen=True)
class FitResult:
    criteria: tuple[Criterion, ...]  # the fitted set: positive weights only
    coefficients: dict[str, float]
    intercept: float
    auc: float
    auc_std: float
    accuracy: float
    accuracy_baseline: float
    threshold_median: float | None
    auc_in_sample: float | None
    seed: int
    repeats: int

    def to_dict(self) -> dict[str, Any]:
        kept = {c.code for c in self.criteria}
        return {
            "method": "régression logistique, validation croisée 10 plis répétée",
            "folds": FOLDS,
            "repeats": self.repeats,
            "seed": self.seed,
            "auc_fit": self.auc,
            "auc_fit_std": self.auc_std,
            "accuracy_fit": self.accuracy,
            "accuracy_baseline": self.accuracy_baseline,
            "threshold_median": self.threshold_median,
            "auc_fitted_set_in_sample": self.auc_in_sample,
            "intercept": self.intercept,
            "weights": [
                {"code": code, "coefficient": coef, "weight": max(0.0, coef), "kept": code in kept}
                for code, coef in self.coefficients.items()
            ],
        }


def _model(seed: int) -> LogisticRegression:
    return LogisticRegression(C=1.0, max_iter=1000, random_state=seed)


def _clipped(model: LogisticRegression) -> np.ndarray:
    return np.clip(model.coef_[0], 0.0, None)


def fit_weights(cases: Any, criteria: Sequence[Criterion], *, seed: int = 42, repeats: int = 5) -> FitResult:
    y = np.array(cases.positive, dtype=int)
    positives, negatives = int(y.sum()), int(len(y) - y.sum())
    if not criteria or min(positives, negatives) < FOLDS:
        raise BacktestInputError(
            [
                Problem(
                    "issues.csv",
                    None,
                    f"l'ajustement demande au moins {FOLDS} élèves en réussite et {FOLDS} en échec ou "
                    f"décrochage (ici {negatives} et {positives})",
                )
            ]
        )
    x = np.array([cases.fired(c) for c in criteria], dtype=float).T
    aucs, accuracies, thresholds = [], [], []
    splitter = RepeatedStratifiedKFold(n_splits=FOLDS, n_repeats=repeats, random_state=seed)
    for train, test in splitter.split(x, y):
        model = _model(seed).fit(x[train], y[train])
        weights = _clipped(model)
        train_scores, test_scores = (x[train] @ weights).tolist(), (x[test] @ weights).tolist()
        truth_train, truth_test = y[train].astype(bool).tolist(), y[test].astype(bool).tolist()
        fold_auc = metrics.auc(test_scores, truth_test)  # never None: the folds are stratified
        aucs.append(0.5 if fold_auc is None else fold_auc)
        threshold, _ = metrics.best_accuracy_threshold(train_scores, truth_train)
        thresholds.append(threshold)
        accuracies.append(metrics.accuracy_at(test_scores, truth_test, threshold) or 0.0)
    final = _model(seed).fit(x, y)
    coefficients = {c.code: round(float(v), 2) for c, v in zip(criteria, final.coef_[0], strict=True)}
    fitted = tuple(replace(c, weight=coefficients[c.code]) for c in criteria if coefficients[c.code] > 0)
    in_sample = None
    if fitted:
        scores = [evaluate(f, fitted).coefficient for f in cases.facts]
        in_sample = metrics.auc(scores, cases.positive)
    finite = sorted(t for t in thresholds if math.isfinite(t))
    return FitResult(
        criteria=fitted,
        coefficients=coefficients,
        intercept=round(float(final.intercept_[0]), 4),
        auc=round(float(np.mean(aucs)), DIGITS),
        auc_std=round(float(np.std(aucs)), DIGITS),
        accuracy=round(float(np.mean(accuracies)), DIGITS),
        accuracy_baseline=round(max(positives, negatives) / len(y), DIGITS),
        threshold_median=round(finite[len(finite) // 2], 4) if len(finite) * 2 > len(thresholds) else None,
        auc_in_sample=None if in_sample is None else round(in_sample, DIGITS),
        seed=seed,
        repeats=repeats,
    )
