import datetime as dt

import pytest

from lib.portraits import (
    median_and_p90,
    neutralise_cell,
    percent,
    share,
    suppress,
    suppress_figure,
    week_start,
    weekly_counts,
    weekly_sums,
    weeks_between,
)


@pytest.mark.parametrize(
    ("count", "shown"), [(0, 0), (1, "< 5"), (4, "< 5"), (5, 5), (120, 120), (None, None)]
)
def test_counts_from_one_to_four_are_hidden(count, shown):
    assert suppress(count) == shown


def test_a_figure_is_hidden_with_the_small_count_it_comes_from():
    assert suppress_figure(12.5, 3) == "< 5"
    assert suppress_figure(12.5, 5) == 12.5
    assert suppress_figure(None, 0) is None


def test_weeks_start_on_monday():
    assert week_start(dt.date(2026, 12, 4)) == dt.date(2026, 11, 30)  # a Friday
    assert week_start(dt.date(2026, 11, 30)) == dt.date(2026, 11, 30)
    assert week_start(dt.date(2026, 12, 6)) == dt.date(2026, 11, 30)  # the Sunday


def test_weeks_between_lists_each_monday_once():
    weeks = weeks_between(dt.date(2026, 8, 27), dt.date(2026, 9, 15))
    assert weeks == [dt.date(2026, 8, 24), dt.date(2026, 8, 31), dt.date(2026, 9, 7), dt.date(2026, 9, 14)]
    assert weeks_between(dt.date(2026, 9, 2), dt.date(2026, 9, 1)) == []


def test_days_are_counted_in_their_week_and_days_outside_the_period_left_out():
    start, end = dt.date(2026, 9, 2), dt.date(2026, 9, 16)  # Wednesday to Wednesday: 3 weeks
    days = [
        dt.date(2026, 9, 1),
        dt.date(2026, 9, 2),
        dt.date(2026, 9, 6),
        dt.date(2026, 9, 7),
        dt.date(2026, 9, 17),
    ]
    assert weekly_counts(days, start, end) == [2, 1, 0]
    assert weekly_sums(
        [(dt.date(2026, 9, 3), 0.5), (dt.date(2026, 9, 4), 1.0), (dt.date(2026, 9, 16), 2)], start, end
    ) == [
        1.5,
        0.0,
        2.0,
    ]


def test_share_and_percent_never_invent_a_zero():
    assert share(1, 4) == 0.25
    assert share(0, 0) is None
    assert percent(None) == "—"
    assert percent(0.25) == "25 %"
    assert percent(1 / 3) == "33.3 %"


def test_median_and_90th_percentile_of_hand_computed_waits():
    # Sorted 3 5 7 10 12 14 20 25 40 60: median (12 + 14) / 2 = 13; p90 at rank 8.1: 40 + 0.1 × 20 = 42.
    waits = [3, 60, 7, 10, 12, 14, 20, 25, 40, 5]
    assert median_and_p90(waits) == (13.0, 42.0)
    assert median_and_p90([]) == (None, None)


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "-2+3", "@cmd", "\tx", "\rx"])
def test_cells_a_spreadsheet_would_evaluate_get_an_apostrophe(text):
    assert neutralise_cell(text) == "'" + text


def test_other_cells_pass_unchanged():
    assert neutralise_cell("École des Sources") == "École des Sources"
    assert neutralise_cell(-3) == -3
    assert neutralise_cell(None) is None
    assert neutralise_cell(dt.date(2026, 9, 1)) == dt.date(2026, 9, 1)
