"""The one-pass grouping gives numpy.unique's answers, sorted input or not."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from lib.arrays import distinct, groups, is_sorted

keys = st.lists(st.integers(min_value=-(2**40), max_value=2**40), max_size=200)


@given(keys, st.booleans())
def test_distinct_is_numpy_unique(values, in_order):
    a = np.array(sorted(values) if in_order else values, np.int64)
    assert np.array_equal(distinct(a), np.unique(a))


@given(keys, st.booleans())
def test_groups_are_numpy_unique_with_inverse(values, in_order):
    a = np.array(sorted(values) if in_order else values, np.int64)
    unique, inverse = groups(a)
    expected_unique, expected_inverse = np.unique(a, return_inverse=True)
    assert np.array_equal(unique, expected_unique)
    assert np.array_equal(inverse, expected_inverse.reshape(-1))
    assert np.array_equal(unique[inverse], a)


def test_sorted_means_non_decreasing():
    assert is_sorted(np.array([1, 1, 2, 5])) and is_sorted(np.array([], np.int64))
    assert not is_sorted(np.array([1, 3, 2]))
