"""What the pages, the 360 section and the API show of an intervention's monitoring, computed from its
points with `lib.progress` (no query per row when the points and tiers are fetched for a whole list)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lib import progress as logic
from support.models import Intervention, ProgressPoint
from support.queries import current_tier_decisions


@dataclass(frozen=True)
class Monitoring:
    """One intervention's monitoring on `today`; what is computed once is cached on the instance."""

    intervention: Intervention
    points: list[ProgressPoint]
    tier: int | None
    today: dt.date

    @cached_property
    def series(self) -> list[logic.Point]:
        return [(p.measured_on, float(p.value)) for p in self.points]

    @property
    def ended(self) -> bool:
        return not self.intervention.is_active

    @property
    def baseline(self) -> float:
        return float(self.intervention.baseline)

    @property
    def target(self) -> float:
        return float(self.intervention.target)

    @cached_property
    def trend(self) -> logic.Line | None:
        return logic.trend(self.series, self.intervention.start_on)

    @cached_property
    def state(self) -> str:
        i = self.intervention
        days = [p.measured_on for p in self.points]
        return logic.decision_state(i.review_from, i.planned_weeks, days, self.today, ended=self.ended)

    @property
    def decision_due(self) -> bool:
        return self.state == logic.DECISION_DUE

    @property
    def needs_points(self) -> bool:
        return self.state == logic.NEEDS_POINTS

    @property
    def review_on(self) -> dt.date:
        return logic.review_end(self.intervention.review_from, self.intervention.planned_weeks)

    @cached_property
    def last_point_on(self) -> dt.date | None:
        return self.points[-1].measured_on if self.points else None

    @property
    def next_point_on(self) -> dt.date:
        return logic.next_point_on(self.intervention.start_on, self.last_point_on, self.tier)

    @cached_property
    def point_due(self) -> bool:
        return logic.point_due(
            self.intervention.start_on, self.last_point_on, self.tier, self.today, ended=self.ended
        )

    @property
    def cadence_days(self) -> int:
        return logic.cadence_days(self.tier)

    @property
    def projected(self) -> float | None:
        line = self.trend
        return None if line is None else round(line.at(self.intervention.planned_end), 2)

    @property
    def on_track(self) -> bool | None:
        i = self.intervention
        return logic.on_track(self.series, i.start_on, i.planned_weeks, self.baseline, self.target)

    def goal_at(self, day: dt.date) -> float:
        i = self.intervention
        return round(logic.goal_value(i.start_on, i.planned_weeks, self.baseline, self.target, day), 2)

    def rows(self) -> list[dict[str, Any]]:
        """The chart's data as table rows: each point with the goal line and the trend on its day."""
        line = self.trend
        return [
            {
                "point": p,
                "goal": self.goal_at(p.measured_on),
                "trend": None if line is None else round(line.at(p.measured_on), 2),
            }
            for p in self.points
        ]

    def chart(self) -> dict[str, Any]:
        """The data a static script draws (json_script): x in days from the start, dates for the labels."""
        i = self.intervention
        start, end = i.start_on, i.planned_end
        last = max([end, *(p.measured_on for p in self.points)])

        def x(day: dt.date) -> int:
            return (day - start).days

        line = self.trend
        trend = []
        if line is not None:
            first = self.points[0].measured_on
            trend = [
                {"x": x(first), "y": round(line.at(first), 2)},
                {"x": x(last), "y": round(line.at(last), 2)},
            ]
        goal = [{"x": 0, "y": self.baseline}, {"x": x(end), "y": self.target}]
        if last > end:
            goal.append({"x": x(last), "y": self.target})
        return {
            "start": start.isoformat(),
            "unit": i.unit,
            "points": [{"x": x(p.measured_on), "y": float(p.value)} for p in self.points],
            "goal": goal,
            "trend": trend,
            "labels": {
                "points": _("Points de suivi"),
                "goal": _("Ligne de but"),
                "trend": _("Tendance"),
                "x": _("Date"),
                "y": i.unit,
            },
        }


def tiers_of(student_ids: Iterable[int]) -> dict[int, int]:
    ids = sorted(set(student_ids))
    if not ids:
        return {}
    rows = current_tier_decisions().filter(student_id__in=ids).values_list("student_id", "tier")
    return dict(rows)


def monitor_all(interventions: Iterable[Intervention], today: dt.date | None = None) -> list[Monitoring]:
    """The monitoring of many interventions with two queries: their points and their students' tiers."""
    items = list(interventions)
    day = today or timezone.localdate()
    points: dict[int, list[ProgressPoint]] = defaultdict(list)
    ids = [i.pk for i in items]
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        for p in ProgressPoint.objects.filter(intervention_id__in=chunk).order_by("measured_on", "pk"):
            points[p.intervention_id].append(p)
    tiers = tiers_of(i.student_id for i in items)
    return [Monitoring(i, points[i.pk], tiers.get(i.student_id), day) for i in items]


def monitor(intervention: Intervention, today: dt.date | None = None) -> Monitoring:
    return monitor_all([intervention], today)[0]
