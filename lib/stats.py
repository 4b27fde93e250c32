"""Small statistics for indicators: percentiles and wait estimates (pure, no database)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (same as numpy's default); None for an empty sequence."""
    if not values:
        return None
    if not 0 <= q <= 100:
        raise ValueError("q doit être entre 0 et 100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float | None:
    return percentile(values, 50)


def estimated_wait_weeks(position: int, served_recently: int, window_weeks: int) -> float | None:
    """Weeks until the entry at `position` (1 = next) is served, at the list's recent pace.

    None when nothing was served in the window: no honest estimate can be given.
    """
    if position < 1:
        raise ValueError("la position commence à 1")
    if served_recently <= 0 or window_weeks <= 0:
        return None
    per_week = served_recently / window_weeks
    return position / per_week
