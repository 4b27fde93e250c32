"""The backtest metrics on fixtures computed by hand, and the AUC against its pairwise definition."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.backtest import accuracy_at, auc, best_accuracy_threshold, calibration, lift, top_share


def test_auc_counts_a_tied_pair_as_one_half():
    # Positives score 3 and 1; negatives score 1 and 0.
    # Pairs (pos, neg): (3,1) win, (3,0) win, (1,1) tie = 1/2, (1,0) win -> 3.5 / 4 = 0.875.
    assert auc([3, 1, 1, 0], [True, True, False, False]) == 0.875


def test_auc_is_one_half_when_every_score_is_the_same_and_none_without_both_outcomes():
    assert auc([5, 5, 5], [True, False, False]) == 0.5
    assert auc([1, 2], [True, True]) is None
    assert auc([], []) is None


def test_auc_is_zero_when_the_order_is_reversed():
    assert auc([0, 1, 2], [True, False, False]) == 0.0


@given(st.lists(st.tuples(st.integers(0, 4), st.booleans()), min_size=2, max_size=40))
def test_auc_agrees_with_the_pairwise_definition(pairs):
    scores = [s for s, _ in pairs]
    outcomes = [o for _, o in pairs]
    pos = [s for s, o in pairs if o]
    neg = [s for s, o in pairs if not o]
    if not pos or not neg:
        assert auc(scores, outcomes) is None
        return
    expected = sum(1.0 if p > q else 0.5 if p == q else 0.0 for p in pos for q in neg) / (len(pos) * len(neg))
    assert auc(scores, outcomes) == pytest.approx(expected)


def test_top_ten_percent_without_ties():
    # 20 students: the 2 highest (20, 19) are flagged; 20 is positive, 19 is not; 4 positives in all.
    scores = list(range(1, 21))
    outcomes = [s in (20, 15, 3, 1) for s in scores]
    result = top_share(scores, outcomes)
    assert result.flagged == 2
    assert result.precision == 0.5  # 1 of 2
    assert result.recall == 0.25  # 1 of 4


def test_top_ten_percent_shares_the_places_of_a_tie_at_the_cut():
    # 10 students -> 1 place. Three tie at the top (9, positives: 2 of 3); the place is shared:
    # 2/3 of a positive found. Precision 2/3; positives in all: 3 -> recall 2/9.
    scores = [9, 9, 9, 5, 4, 3, 2, 1, 0, 0]
    outcomes = [True, True, False, True, False, False, False, False, False, False]
    result = top_share(scores, outcomes)
    assert result.flagged == 1
    assert result.precision == pytest.approx(2 / 3)
    assert result.recall == pytest.approx(2 / 9)


def test_top_ten_percent_rounds_the_number_flagged_up():
    # 15 students -> ceil(1.5) = 2 flagged: the 8 (positive) and one of the two 7 (one positive):
    # 1 + 1/2 = 1.5 positives found, precision 0.75, recall 1.5 / 2.
    scores = [8, 7, 7] + [0] * 12
    outcomes = [True, True, False] + [False] * 12
    result = top_share(scores, outcomes)
    assert (result.flagged, result.true_positives) == (2, 1.5)
    assert result.precision == 0.75 and result.recall == 0.75


def test_calibration_puts_each_score_in_its_tenth_and_100_in_the_last():
    scores = [0, 5, 9.9, 10, 55, 100, 95]
    outcomes = [False, False, True, True, True, True, False]
    bins = calibration(scores, outcomes)
    assert [b.students for b in bins] == [3, 1, 0, 0, 0, 1, 0, 0, 0, 2]
    assert bins[0].observed_rate == pytest.approx(1 / 3)  # 0, 5, 9.9: one positive
    assert bins[0].mean_score == pytest.approx(14.9 / 3)
    assert bins[1].observed_rate == 1.0 and (bins[1].low, bins[1].high) == (10, 20)
    assert bins[2].observed_rate is None and bins[2].mean_score is None
    assert bins[9].observed_rate == 0.5 and bins[9].decile == 10


def test_lift_is_the_rate_when_fired_over_the_base_rate():
    # 10 students, 2 positives (base 0.2). Fires for 4, of whom 1 positive: 0.25 / 0.2 = 1.25.
    fired = [True, True, True, True, False, False, False, False, False, False]
    outcomes = [True, False, False, False, True, False, False, False, False, False]
    result = lift(fired, outcomes)
    assert (result.fired, result.positives_fired) == (4, 1)
    assert result.fired_share == 0.4
    assert result.rate_when_fired == 0.25
    assert result.recall == 0.5
    assert result.lift == pytest.approx(1.25)


def test_lift_is_none_when_the_criterion_never_fires_or_nobody_is_positive():
    assert lift([False, False], [True, False]).lift is None
    assert lift([True, False], [False, False]).lift is None


def test_best_threshold_may_be_to_flag_nobody():
    # Scores 3 (neg), 2 (pos), 1 (neg), 0 (neg). Flag nobody: 3/4. Flag >= 3: 2/4. >= 2: 3/4 (tie,
    # the lower threshold wins). >= 1: 2/4. >= 0: 1/4.
    threshold, accuracy = best_accuracy_threshold([3, 2, 1, 0], [False, True, False, False])
    assert (threshold, accuracy) == (2, 0.75)
    threshold, accuracy = best_accuracy_threshold([3, 2], [False, False])
    assert threshold == math.inf and accuracy == 1.0
    assert accuracy_at([3, 2, 1, 0], [False, True, False, False], 2) == 0.75
    with pytest.raises(ValueError):
        auc([1], [True, False])
