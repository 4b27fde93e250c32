"""Grouping integer keys in one pass when they come sorted (attendance files usually list a student's
rows together, in order), with numpy's sort as the fallback: same answers as `numpy.unique`."""

from __future__ import annotations

import numpy as np


def is_sorted(values: np.ndarray) -> bool:
    return len(values) < 2 or bool(np.all(values[1:] >= values[:-1]))


def _starts(ordered: np.ndarray) -> np.ndarray:
    """True where a run of equal values begins (the values in order, at least one)."""
    starts = np.empty(len(ordered), bool)
    starts[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    return starts


def distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values (numpy.unique), without a sort when they are already in order."""
    if not len(values) or not is_sorted(values):
        return np.unique(values)
    return values[_starts(values)]


def groups(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct values, index of each value's group): numpy.unique(values, return_inverse=True)."""
    if not len(values) or not is_sorted(values):
        unique, inverse = np.unique(values, return_inverse=True)
        return unique, inverse.reshape(-1)
    starts = _starts(values)
    return values[starts], np.cumsum(starts, dtype=np.intp) - 1
