import pytest

from lib.priority import DEFAULT_WEIGHTS, PriorityInput, compute_priority
from lib.stats import estimated_wait_weeks, median, percentile


def test_a_safety_request_of_a_disadvantaged_school_scores_with_its_parts():
    data = PriorityInput(urgency="safety", schooling_impact="marked", tier=2, waited_weeks=5, imse_decile=10)
    result = compute_priority(data)
    # safety 40×1; impact 25×0.67=16.75→17; tier 15×0.5=7.5→8 (half to even);
    # waited 15×5/20=3.75→4; imse 5×1
    assert result.parts == {"safety": 40, "schooling_impact": 17, "tier": 8, "waited": 4, "imse": 5}
    assert result.score == 74


def test_a_mild_request_scores_low():
    data = PriorityInput(urgency="low", schooling_impact="none", tier=1, waited_weeks=0, imse_decile=1)
    assert compute_priority(data).score == 0


def test_waiting_is_capped():
    long_wait = PriorityInput(
        urgency="low", schooling_impact="none", tier=1, waited_weeks=100, imse_decile=None
    )
    assert compute_priority(long_wait).parts["waited"] == DEFAULT_WEIGHTS["waited"]


def test_a_custom_grid_changes_the_weights_and_unknown_factors_are_refused():
    data = PriorityInput(urgency="high", schooling_impact="severe", tier=3, waited_weeks=0, imse_decile=None)
    assert compute_priority(data, {"schooling_impact": 10, "tier": 10}).score == 20
    with pytest.raises(ValueError):
        compute_priority(data, {"astrologie": 5})
    with pytest.raises(ValueError):
        compute_priority(PriorityInput("inconnue", "none", 1, 0, None))


def test_percentiles_match_hand_computed_values():
    values = [2, 4, 4, 5, 7, 9, 10, 12, 15, 30]
    assert median(values) == 8.0
    assert percentile(values, 90) == pytest.approx(16.5)  # rank 8.1: 15 + 0.1 × (30 − 15)
    assert percentile([], 50) is None
    assert percentile([3], 90) == 3


def test_estimated_wait_follows_recent_throughput():
    assert estimated_wait_weeks(position=6, served_recently=12, window_weeks=8) == 4.0
    assert estimated_wait_weeks(position=1, served_recently=0, window_weeks=8) is None
    with pytest.raises(ValueError):
        estimated_wait_weeks(position=0, served_recently=1, window_weeks=1)


def test_distances_between_trois_rivieres_and_shawinigan():
    from lib.geo import haversine_km, road_km

    km = haversine_km(46.3432, -72.5477, 46.5668, -72.7491)  # Trois-Rivières → Shawinigan
    assert 29 < km < 31
    assert road_km(46.3432, -72.5477, 46.5668, -72.7491) == pytest.approx(km * 1.3)
    assert haversine_km(46.0, -72.0, 46.0, -72.0) == 0
