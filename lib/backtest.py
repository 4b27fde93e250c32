"""Metrics of a backtest of early-warning criteria, as plain functions (no database, no numpy).

A backtest scores students with what was known at a given moment and compares the scores with what
happened afterwards (``True``: failure or dropping out). The metrics say whether a higher score means
a higher risk (AUC), what a school would find if it looked at the 10 % highest scores (precision and
recall at 10 %), whether the observed rate rises with the score (calibration by tenths of the score)
and how much each criterion, alone, concentrates the positives (lift).

Ties are frequent (a coefficient is a share of a few weights): every metric treats them without
arbitrary order. The AUC gives half a point to a tied pair; the 10 % cut takes the students tied at
the cut in proportion (as if the tie were broken at random, on average).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass


def _check(scores: Sequence[float], outcomes: Sequence[bool]) -> None:
    if len(scores) != len(outcomes):
        raise ValueError("autant de scores que d'issues sont attendus")


def auc(scores: Sequence[float], outcomes: Sequence[bool]) -> float | None:
    """Probability that a random positive scores above a random negative (a tie counts one half).

    Computed from mid-ranks (Mann-Whitney U) in O(n log n). None without positives or negatives.
    """
    _check(scores, outcomes)
    positives = sum(1 for o in outcomes if o)
    negatives = len(outcomes) - positives
    if positives == 0 or negatives == 0:
        return None
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    rank_sum = 0.0
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and scores[order[end + 1]] == scores[order[start]]:
            end += 1
        mid_rank = (start + end) / 2 + 1  # ranks are 1-based
        rank_sum += mid_rank * sum(1 for i in order[start : end + 1] if outcomes[i])
        start = end + 1
    u = rank_sum - positives * (positives + 1) / 2
    return u / (positives * negatives)


@dataclass(frozen=True)
class TopShare:
    """What looking at the ``flagged`` highest scores finds (fractional when a tie straddles the cut)."""

    flagged: int
    true_positives: float
    precision: float | None
    recall: float | None


def top_share(scores: Sequence[float], outcomes: Sequence[bool], share: float = 0.1) -> TopShare:
    """Precision and recall of flagging the ceil(share x n) highest scores.

    The students strictly above the score at the cut are all flagged; of those tied at the cut, the
    places left are shared in proportion, so a tie counts its positives pro rata.
    """
    _check(scores, outcomes)
    n = len(scores)
    positives = sum(1 for o in outcomes if o)
    flagged = math.ceil(share * n - 1e-9) if n else 0
    if flagged == 0:
        return TopShare(0, 0.0, None, None if positives == 0 else 0.0)
    ranked = sorted(scores, reverse=True)
    cut = ranked[flagged - 1]
    above = [o for s, o in zip(scores, outcomes, strict=True) if s > cut]
    tied = [o for s, o in zip(scores, outcomes, strict=True) if s == cut]
    places = flagged - len(above)
    true_positives = sum(above) + sum(tied) * places / len(tied)
    recall = true_positives / positives if positives else None
    return TopShare(flagged, true_positives, true_positives / flagged, recall)


@dataclass(frozen=True)
class Bin:
    """One tenth of the score scale: students whose score is in [low, high) (the last one includes 100)."""

    decile: int
    low: float
    high: float
    students: int
    positives: int
    observed_rate: float | None
    mean_score: float | None

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def calibration(scores: Sequence[float], outcomes: Sequence[bool], top: float = 100.0) -> list[Bin]:
    """The observed rate of positives in each tenth of the score scale [0, top]."""
    _check(scores, outcomes)
    width = top / 10
    members: list[list[tuple[float, bool]]] = [[] for _ in range(10)]
    for score, outcome in zip(scores, outcomes, strict=True):
        index = min(9, max(0, int(score // width)))
        members[index].append((score, outcome))
    bins = []
    for index, items in enumerate(members):
        count = len(items)
        hits = sum(1 for _, o in items if o)
        bins.append(
            Bin(
                decile=index + 1,
                low=round(index * width, 6),
                high=round((index + 1) * width, 6),
                students=count,
                positives=hits,
                observed_rate=hits / count if count else None,
                mean_score=sum(s for s, _ in items) / count if count else None,
            )
        )
    return bins


@dataclass(frozen=True)
class Lift:
    """How one criterion alone separates: its rate among the students it flags over the base rate."""

    fired: int
    fired_share: float | None
    positives_fired: int
    rate_when_fired: float | None
    recall: float | None
    lift: float | None


def lift(fired: Sequence[bool], outcomes: Sequence[bool]) -> Lift:
    """``fired[i]``: the criterion fired for student i. Lift = P(positive | fired) / P(positive)."""
    _check(fired, outcomes)
    n = len(outcomes)
    positives = sum(1 for o in outcomes if o)
    count = sum(1 for f in fired if f)
    hits = sum(1 for f, o in zip(fired, outcomes, strict=True) if f and o)
    base = positives / n if n else None
    rate = hits / count if count else None
    return Lift(
        fired=count,
        fired_share=count / n if n else None,
        positives_fired=hits,
        rate_when_fired=rate,
        recall=hits / positives if positives else None,
        lift=rate / base if rate is not None and base else None,
    )


def best_accuracy_threshold(scores: Sequence[float], outcomes: Sequence[bool]) -> tuple[float, float]:
    """The threshold t (flag when score >= t) with the highest accuracy, and that accuracy.

    Candidates are the distinct scores and +infinity (flag nobody); the lowest threshold wins a tie.
    """
    _check(scores, outcomes)
    n = len(scores)
    if n == 0:
        return math.inf, 0.0
    pairs = sorted(zip(scores, outcomes, strict=True), key=lambda p: -p[0])
    negatives = sum(1 for o in outcomes if not o)
    best_threshold, best_correct = math.inf, negatives  # flag nobody: every negative is right
    correct = negatives
    index = 0
    while index < n:
        score = pairs[index][0]
        while index < n and pairs[index][0] == score:
            correct += 1 if pairs[index][1] else -1
            index += 1
        if correct >= best_correct:
            best_threshold, best_correct = score, correct
    return best_threshold, best_correct / n


def accuracy_at(scores: Sequence[float], outcomes: Sequence[bool], threshold: float) -> float | None:
    _check(scores, outcomes)
    if not scores:
        return None
    right = sum(1 for s, o in zip(scores, outcomes, strict=True) if (s >= threshold) == o)
    return right / len(scores)
