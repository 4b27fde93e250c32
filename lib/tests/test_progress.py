"""Progress monitoring (lib/progress.py): hand-computed cases, then properties (Hypothesis)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib import progress as logic

D = dt.date
START = D(2026, 9, 7)  # a Monday


def days(*offsets: int) -> list[dt.date]:
    return [START + dt.timedelta(days=o) for o in offsets]


# --- goal line -------------------------------------------------------------------------------------------


def test_the_goal_line_runs_from_the_baseline_at_the_start_to_the_target_at_the_planned_end():
    # 40 → 61 words per minute in 6 weeks (42 days): half a word a day.
    assert logic.planned_end(START) == D(2026, 10, 19)
    assert logic.goal_value(START, 6, 40, 61, START) == 40
    assert logic.goal_value(START, 6, 40, 61, START + dt.timedelta(days=14)) == 47
    assert logic.goal_value(START, 6, 40, 61, D(2026, 10, 19)) == 61
    assert logic.goal_line(START, 6, 40, 61).slope_per_week == pytest.approx(3.5)


def test_the_goal_line_stays_at_the_baseline_before_and_at_the_target_after():
    assert logic.goal_value(START, 6, 40, 61, START - dt.timedelta(days=3)) == 40
    assert logic.goal_value(START, 6, 40, 61, D(2026, 12, 1)) == 61


def test_a_goal_can_go_down_absences_for_instance():
    assert logic.direction(5, 1) == -1 and logic.direction(1, 5) == 1 and logic.direction(3, 3) == 0
    assert logic.goal_value(START, 4, 5, 1, START + dt.timedelta(days=14)) == 3


def test_a_planned_length_under_one_week_is_refused():
    with pytest.raises(ValueError):
        logic.planned_end(START, 0)


# --- trend -------------------------------------------------------------------------------------------------


def test_the_trend_is_the_least_squares_line_computed_by_hand():
    # x = 0, 7, 14, 21 (mean 10.5), y = 40, 44, 45, 51 (mean 45): Sxx = 245, Sxy = 119.
    points = list(zip(days(0, 7, 14, 21), [40, 44, 45, 51], strict=True))
    line = logic.trend(points)
    assert line is not None
    assert line.slope == pytest.approx(119 / 245)
    assert line.slope_per_week == pytest.approx(3.4)
    assert line.intercept == pytest.approx(39.9)
    # Projected at the planned end (day 42): 39.9 + 42 × 119/245 = 60.3.
    assert logic.projection(points, logic.planned_end(START)) == pytest.approx(60.3)
    assert logic.on_track(points, START, 6, 40, 61) is False
    assert logic.on_track(points, START, 6, 40, 60) is True


def test_there_is_no_trend_under_three_points_or_when_all_share_one_day():
    assert logic.trend(list(zip(days(0, 7), [40, 44], strict=True))) is None
    assert logic.trend([(START, 1.0), (START, 2.0), (START, 3.0)]) is None
    assert logic.on_track(list(zip(days(0, 7), [40, 44], strict=True)), START, 6, 40, 60) is None


def test_a_falling_trend_is_on_track_for_a_falling_goal():
    points = list(zip(days(0, 7, 14), [5, 4, 3], strict=True))  # one absence less each week
    assert logic.on_track(points, START, 6, 5, 1) is True
    assert logic.on_track(points, START, 6, 5, -2) is False


def test_the_trend_can_be_measured_from_the_start_date():
    points = list(zip(days(7, 14, 21), [44, 45, 51], strict=True))
    from_first = logic.trend(points)
    from_start = logic.trend(points, origin=START)
    assert from_first is not None and from_start is not None
    assert from_start.slope == pytest.approx(from_first.slope)
    assert from_start.at(D(2026, 9, 21)) == pytest.approx(from_first.at(D(2026, 9, 21)))


# --- decision --------------------------------------------------------------------------------------------


def test_a_decision_is_due_after_the_planned_length_with_at_least_four_points():
    four = days(3, 14, 24, 38)
    assert logic.decision_state(START, 6, four, D(2026, 10, 18)) == logic.COLLECTING  # day 41
    assert logic.decision_state(START, 6, four, D(2026, 10, 19)) == logic.DECISION_DUE  # day 42
    assert logic.decision_state(START, 6, four[:3], D(2026, 10, 19)) == logic.NEEDS_POINTS
    assert logic.decision_state(START, 6, four, D(2026, 10, 19), ended=True) == logic.ENDED


def test_only_the_points_of_the_current_review_period_count():
    review_from = D(2026, 10, 19)  # a "continue" decision started a new period
    before = days(3, 14, 24, 38)
    after = [D(2026, 10, 26), D(2026, 11, 9), D(2026, 11, 16)]
    assert logic.decision_state(review_from, 6, before + after, D(2026, 11, 30)) == logic.NEEDS_POINTS
    assert (
        logic.decision_state(review_from, 6, [*before, *after, D(2026, 11, 23)], D(2026, 11, 30))
        == logic.DECISION_DUE
    )


# --- cadence ---------------------------------------------------------------------------------------------


def test_tier_three_is_monitored_weekly_and_tier_two_every_two_weeks():
    assert logic.cadence_days(3) == 7
    assert logic.cadence_days(2) == 14
    assert logic.cadence_days(1) == logic.cadence_days(None) == 14
    assert logic.next_point_on(START, None, 3) == D(2026, 9, 14)
    assert logic.next_point_on(START, None, 2) == D(2026, 9, 21)
    assert logic.next_point_on(START, D(2026, 9, 20), 2) == D(2026, 10, 4)


def test_a_point_is_due_from_the_expected_day_and_never_once_ended():
    assert not logic.point_due(START, None, 3, D(2026, 9, 13))
    assert logic.point_due(START, None, 3, D(2026, 9, 14))
    assert not logic.point_due(START, D(2026, 9, 14), 3, D(2026, 9, 20))
    assert logic.point_due(START, D(2026, 9, 14), 3, D(2026, 9, 21))
    assert not logic.point_due(START, None, 3, D(2026, 12, 1), ended=True)
    assert not logic.point_due(START, None, 3, START - dt.timedelta(days=30))  # not started yet


# --- properties ------------------------------------------------------------------------------------------

offsets = st.lists(st.integers(0, 120), min_size=3, max_size=12, unique=True)
values = st.floats(-1000, 1000, allow_nan=False, allow_infinity=False)
small = st.floats(-50, 50, allow_nan=False, allow_infinity=False)


@given(offsets, small, small)
def test_points_on_a_line_give_that_line_back(xs, intercept, slope):
    points = [(START + dt.timedelta(days=x), intercept + slope * x) for x in xs]
    line = logic.trend(points, origin=START)
    assert line is not None
    assert line.slope == pytest.approx(slope, abs=1e-6)
    assert line.intercept == pytest.approx(intercept, abs=1e-5)


@given(offsets, st.lists(values, min_size=12, max_size=12), small, st.floats(0.1, 10))
def test_the_slope_ignores_a_shift_and_follows_a_scale(xs, ys, shift, scale):
    points = [(START + dt.timedelta(days=x), y) for x, y in zip(xs, ys, strict=False)]
    base = logic.trend(points)
    shifted = logic.trend([(d, v + shift) for d, v in points])
    scaled = logic.trend([(d, v * scale) for d, v in points])
    assert base is not None and shifted is not None and scaled is not None
    assert shifted.slope == pytest.approx(base.slope, abs=1e-6)
    assert scaled.slope == pytest.approx(base.slope * scale, rel=1e-6, abs=1e-6)


@given(st.integers(1, 20), values, values, st.integers(-30, 200))
def test_the_goal_line_stays_between_the_baseline_and_the_target(weeks, baseline, target, offset):
    value = logic.goal_value(START, weeks, baseline, target, START + dt.timedelta(days=offset))
    assert min(baseline, target) - 1e-6 <= value <= max(baseline, target) + 1e-6


@given(
    st.integers(1, 12), st.lists(st.integers(0, 150), max_size=10), st.integers(0, 150), st.integers(0, 30)
)
def test_time_and_more_points_never_take_a_due_decision_back(weeks, offsets_, today, later):
    point_days = [START + dt.timedelta(days=o) for o in offsets_]
    now = START + dt.timedelta(days=today)
    state = logic.decision_state(START, weeks, point_days, now)
    if state == logic.DECISION_DUE:
        assert logic.decision_state(START, weeks, [*point_days, now], now) == logic.DECISION_DUE
        assert logic.decision_state(START, weeks, point_days, now + dt.timedelta(days=later)) == state
    if state == logic.COLLECTING:
        assert now < logic.review_end(START, weeks)
    else:
        assert now >= logic.review_end(START, weeks)


@given(st.one_of(st.none(), st.integers(0, 60)), st.integers(0, 90))
def test_tier_three_is_never_due_later_than_tier_two(last, today):
    last_day = None if last is None else START + dt.timedelta(days=last)
    now = START + dt.timedelta(days=today)
    if logic.point_due(START, last_day, 2, now):
        assert logic.point_due(START, last_day, 3, now)
    assert logic.next_point_on(START, last_day, 3) <= logic.next_point_on(START, last_day, 2)
