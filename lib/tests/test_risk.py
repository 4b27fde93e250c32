"""The risk coefficient: hand-computed fixtures for each default criterion, and its properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.risk import (
    DEFAULT_CRITERIA,
    FACTS,
    Criterion,
    CriterionError,
    evaluate,
    grade_trend,
    total_weight,
    years_behind,
)

ON_TRACK = {
    "attendance_rate_4w": 97.0,
    "attendance_rate_year": 96.0,
    "french_grade": 78.0,
    "math_grade": 74.0,
    "grade_trend": 2.0,
    "incidents_year": 0.0,
    "suspension_days_year": 0.0,
    "years_behind": 0.0,
}
TOTAL = total_weight(DEFAULT_CRITERIA)  # 19


def test_a_student_on_track_scores_zero_and_nothing_fired():
    score = evaluate(ON_TRACK, DEFAULT_CRITERIA)
    assert score.coefficient == 0.0 and score.fired == () and score.missing == ()


@pytest.mark.parametrize(
    ("changes", "codes", "weight"),
    [
        ({"attendance_rate_4w": 90.0}, {"presence_recente"}, 2),
        ({"attendance_rate_4w": 90.1}, set(), 0),
        ({"attendance_rate_year": 89.9}, {"absenteisme_chronique"}, 2),
        ({"attendance_rate_year": 90.0}, set(), 0),
        ({"attendance_rate_year": 80.0}, {"absenteisme_chronique", "presence_critique"}, 5),
        ({"french_grade": 59.9}, {"echec_francais"}, 3),
        ({"french_grade": 60.0}, set(), 0),
        ({"math_grade": 42.0}, {"echec_mathematique"}, 3),
        ({"grade_trend": -10.0}, {"baisse_resultats"}, 1),
        ({"grade_trend": -9.9}, set(), 0),
        ({"suspension_days_year": 1.0}, {"suspension"}, 2),
        ({"incidents_year": 3.0}, {"incidents_repetes"}, 1),
        ({"incidents_year": 2.0}, set(), 0),
        ({"years_behind": 1.0}, {"retard_scolaire"}, 2),
    ],
)
def test_each_default_criterion_fires_at_its_threshold(changes, codes, weight):
    score = evaluate({**ON_TRACK, **changes}, DEFAULT_CRITERIA)
    assert {f.code for f in score.fired} == codes
    assert score.coefficient == round(100 * weight / TOTAL, 1)


def test_the_fired_criteria_carry_the_values_they_read():
    score = evaluate({**ON_TRACK, "math_grade": 51.5, "suspension_days_year": 3}, DEFAULT_CRITERIA)
    by_code = {f.code: f for f in score.fired}
    assert by_code["echec_mathematique"].value == 51.5
    assert by_code["echec_mathematique"].threshold == 60.0
    assert by_code["suspension"].value == 3.0
    assert score.coefficient == round(100 * 5 / 19, 1) == 26.3


def test_an_unknown_fact_neither_fires_nor_hides_and_is_listed_missing():
    facts = {**ON_TRACK, "french_grade": None}
    del facts["math_grade"]
    score = evaluate(facts, DEFAULT_CRITERIA)
    assert score.missing == ("echec_francais", "echec_mathematique")
    assert score.coefficient == 0.0


def test_every_fired_criterion_fires_on_the_worst_student():
    worst = {
        "attendance_rate_4w": 60.0,
        "attendance_rate_year": 70.0,
        "french_grade": 40.0,
        "math_grade": 35.0,
        "grade_trend": -15.0,
        "incidents_year": 8.0,
        "suspension_days_year": 5.0,
        "years_behind": 2.0,
    }
    assert evaluate(worst, DEFAULT_CRITERIA).coefficient == 100.0


def test_a_criterion_refuses_an_unknown_fact_comparison_or_a_negative_weight():
    with pytest.raises(CriterionError):
        Criterion("x", "x", "", "shoe_size", ">=", 1, 1)
    with pytest.raises(CriterionError):
        Criterion("x", "x", "", "math_grade", "=~", 1, 1)
    with pytest.raises(CriterionError):
        Criterion("x", "x", "", "math_grade", "<", 60, -1)


def test_a_criterion_survives_its_dict_form():
    for criterion in DEFAULT_CRITERIA:
        assert Criterion.from_dict(criterion.to_dict()) == criterion


def test_every_default_criterion_reads_a_known_fact_and_has_a_french_description():
    assert len({c.code for c in DEFAULT_CRITERIA}) == len(DEFAULT_CRITERIA)
    for criterion in DEFAULT_CRITERIA:
        assert criterion.fact in FACTS and len(criterion.description) > 20


def test_years_behind_takes_the_larger_of_repeats_and_over_age():
    assert years_behind(1, 13, 12) == 1.0
    assert years_behind(0, 14, 12) == 2.0
    assert years_behind(None, 11, 12) == 0.0
    assert years_behind(None, None, None) is None


def test_grade_trend_reads_the_last_two_known_etapes():
    assert grade_trend([72.0, None, 60.5]) == -11.5
    assert grade_trend([None, 70.0]) is None


rates = st.floats(min_value=0, max_value=100, allow_nan=False)
facts = st.fixed_dictionaries(
    {
        "attendance_rate_4w": rates,
        "attendance_rate_year": rates,
        "french_grade": st.none() | rates,
        "math_grade": st.none() | rates,
        "grade_trend": st.none() | st.floats(min_value=-100, max_value=100, allow_nan=False),
        "incidents_year": st.integers(0, 30).map(float),
        "suspension_days_year": st.integers(0, 30).map(float),
        "years_behind": st.none() | st.integers(0, 4).map(float),
    }
)


@given(facts)
def test_the_coefficient_stays_between_0_and_100(values):
    assert 0 <= evaluate(values, DEFAULT_CRITERIA).coefficient <= 100


@given(facts, st.floats(min_value=0, max_value=100), st.floats(min_value=0, max_value=100))
def test_more_absence_never_lowers_the_coefficient(values, cut_recent, cut_year):
    worse = {
        **values,
        "attendance_rate_4w": max(0.0, values["attendance_rate_4w"] - cut_recent),
        "attendance_rate_year": max(0.0, values["attendance_rate_year"] - cut_year),
    }
    assert evaluate(worse, DEFAULT_CRITERIA).coefficient >= evaluate(values, DEFAULT_CRITERIA).coefficient


@given(facts)
def test_the_explanation_adds_up_to_the_coefficient(values):
    score = evaluate(values, DEFAULT_CRITERIA)
    assert score.coefficient == round(100 * score.fired_weight / TOTAL, 1)
    for fired in score.fired:
        criterion = next(c for c in DEFAULT_CRITERIA if c.code == fired.code)
        assert criterion.fires(fired.value) and values[criterion.fact] == fired.value


def _as_arrays(rows):
    import numpy as np

    return {name: np.array([np.nan if r[name] is None else r[name] for r in rows]) for name in FACTS}


@given(st.lists(facts, min_size=1, max_size=30))
def test_evaluate_many_agrees_with_evaluate_row_by_row(rows):
    from lib.risk import evaluate_many

    many = evaluate_many(_as_arrays(rows), DEFAULT_CRITERIA)
    for i, values in enumerate(rows):
        score = evaluate(values, DEFAULT_CRITERIA)
        assert many.coefficients[i] == score.coefficient
        fired = {c.code for j, c in enumerate(DEFAULT_CRITERIA) if many.fired[i, j]}
        missing = {c.code for j, c in enumerate(DEFAULT_CRITERIA) if many.missing[i, j]}
        assert fired == {f.code for f in score.fired} and missing == set(score.missing)


@given(
    st.lists(facts, min_size=1, max_size=10),
    st.lists(st.floats(0, 10, allow_nan=False), min_size=9, max_size=9),
)
def test_evaluate_many_agrees_with_evaluate_for_any_weights(rows, weights):
    import dataclasses

    from lib.risk import evaluate_many

    criteria = tuple(dataclasses.replace(c, weight=w) for c, w in zip(DEFAULT_CRITERIA, weights, strict=True))
    many = evaluate_many(_as_arrays(rows), criteria)
    assert [evaluate(v, criteria).coefficient for v in rows] == many.coefficients.tolist()


def test_evaluate_many_of_no_student_is_empty():
    import numpy as np

    from lib.risk import evaluate_many

    many = evaluate_many({name: np.array([]) for name in FACTS}, DEFAULT_CRITERIA)
    assert many.coefficients.shape == (0,) and many.fired.shape == (0, len(DEFAULT_CRITERIA))
