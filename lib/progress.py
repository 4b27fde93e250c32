"""Progress monitoring of an intervention, without the database (domain notes §7).

- The goal line runs from the baseline on the start date to the target on the planned end date
  (start + planned weeks, 6 by default); after the planned end it stays at the target.
- The trend is the least-squares line through the progress points, shown from 3 points on.
- A decision (continue, intensify, change, stop) is due once the review period (the planned length,
  counted from the start or from the last "continue"/"intensify" decision) is over and at least 4 points
  were taken in it. Over but with fewer points: the team must first take the missing points.
- Cadence of the points: tier 3 weekly, tier 2 (and an intervention of a student without a tier 2 or 3)
  about every two weeks. A point is due when the last one (or, without any, the start) is that old.

Values are floats here; the models keep decimals. Days are counted from the start date (day 0).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_WEEKS = 6
MIN_TREND_POINTS = 3
MIN_DECISION_POINTS = 4
WEEKLY = 7
EVERY_TWO_WEEKS = 14
CADENCE_DAYS = {3: WEEKLY, 2: EVERY_TWO_WEEKS}
TOLERANCE = 1e-9  # float noise when a projection lands exactly on the target

# What a review period says (decision_state).
COLLECTING = "collecting"  # the period runs: keep taking points
NEEDS_POINTS = "needs_points"  # the period is over but fewer than 4 points were taken in it
DECISION_DUE = "decision_due"  # time to decide: continue, intensify, change or stop
ENDED = "ended"  # the intervention has ended: nothing to decide

Point = tuple[dt.date, float]


@dataclass(frozen=True)
class Line:
    """y = intercept + slope × (day − origin).days; slope in units per day."""

    origin: dt.date
    intercept: float
    slope: float

    def at(self, day: dt.date) -> float:
        return self.intercept + self.slope * (day - self.origin).days

    @property
    def slope_per_week(self) -> float:
        return self.slope * 7


def planned_end(start: dt.date, weeks: int = DEFAULT_WEEKS) -> dt.date:
    if weeks < 1:
        raise ValueError("la durée prévue est d'au moins une semaine")
    return start + dt.timedelta(weeks=weeks)


def goal_value(start: dt.date, weeks: int, baseline: float, target: float, day: dt.date) -> float:
    """The goal line on `day`: the baseline before the start, the target after the planned end."""
    end = planned_end(start, weeks)
    if day <= start:
        return baseline
    if day >= end:
        return target
    return baseline + (target - baseline) * (day - start).days / (end - start).days


def goal_line(start: dt.date, weeks: int, baseline: float, target: float) -> Line:
    end = planned_end(start, weeks)
    return Line(start, baseline, (target - baseline) / (end - start).days)


def direction(baseline: float, target: float) -> int:
    """+1 when progress means a higher value (words per minute), −1 a lower one (absences), 0 none."""
    return (target > baseline) - (target < baseline)


def trend(points: Sequence[Point], origin: dt.date | None = None) -> Line | None:
    """The least-squares line through the points; None under 3 points or when they share one date."""
    if len(points) < MIN_TREND_POINTS:
        return None
    first = origin or min(day for day, _value in points)
    xs = [float((day - first).days) for day, _value in points]
    ys = [float(value) for _day, value in points]
    n = len(points)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    if sxx == 0:
        return None
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    return Line(first, mean_y - slope * mean_x, slope)


def projection(points: Sequence[Point], day: dt.date, origin: dt.date | None = None) -> float | None:
    """Where the trend reaches on `day` (the planned end, usually); None without a trend."""
    line = trend(points, origin)
    return None if line is None else line.at(day)


def on_track(
    points: Sequence[Point], start: dt.date, weeks: int, baseline: float, target: float
) -> bool | None:
    """Does the trend reach the target by the planned end (in the goal's direction)? None without trend."""
    projected = projection(points, planned_end(start, weeks), start)
    if projected is None:
        return None
    sense = direction(baseline, target)
    if sense == 0:
        return math.isclose(projected, target, abs_tol=TOLERANCE)
    return (projected - target) * sense >= -TOLERANCE


def review_end(review_from: dt.date, weeks: int = DEFAULT_WEEKS) -> dt.date:
    return planned_end(review_from, weeks)


def decision_state(
    review_from: dt.date,
    weeks: int,
    point_days: Sequence[dt.date],
    today: dt.date,
    *,
    ended: bool = False,
) -> str:
    """Where the review period started on `review_from` stands on `today` (see the module doc)."""
    if ended:
        return ENDED
    if today < review_end(review_from, weeks):
        return COLLECTING
    taken = sum(1 for day in point_days if review_from <= day <= today)
    return DECISION_DUE if taken >= MIN_DECISION_POINTS else NEEDS_POINTS


def cadence_days(tier: int | None) -> int:
    """Days between two points: 7 at tier 3, 14 otherwise (tier 2, or no tier 2 or 3 recorded)."""
    return CADENCE_DAYS.get(tier or 0, EVERY_TWO_WEEKS)


def next_point_on(start: dt.date, last_point: dt.date | None, tier: int | None) -> dt.date:
    """The day the next point is expected: one cadence after the last point, or after the start."""
    reference = start if last_point is None or last_point < start else last_point
    return reference + dt.timedelta(days=cadence_days(tier))


def point_due(
    start: dt.date, last_point: dt.date | None, tier: int | None, today: dt.date, *, ended: bool = False
) -> bool:
    if ended or today < start:
        return False
    return today >= next_point_on(start, last_point, tier)
