"""Helpers of the support tests: dates, the default types, an intervention started by the principal."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from support import actions
from support.catalogue import ensure_default_types
from support.models import Intervention, InterventionType


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def kind(code: str = "tutorat-lecture") -> InterventionType:
    # A live-server test flushes the tables after the data migration: put the defaults back.
    ensure_default_types(InterventionType)
    return InterventionType.objects.get(code=code)


def start(
    principal, student, responsible, *, started_days_ago: int = 0, weeks: int = 6, **extra
) -> Intervention:
    data = actions.InterventionData(
        kind=extra.pop("kind", None) or kind(),
        goal=extra.pop("goal", "Lire un texte de niveau 3 avec fluidité."),
        unit=extra.pop("unit", "mots lus correctement par minute"),
        baseline=extra.pop("baseline", "40"),
        target=extra.pop("target", "61"),
        responsible=responsible,
        frequency=extra.pop("frequency", "3 fois par semaine, 20 minutes"),
        start_on=days_ago(started_days_ago),
        planned_weeks=weeks,
        **extra,
    )
    return actions.start_intervention(principal, student, data)


def with_points(user, intervention, values, every: int = 7):
    """Points every `every` days from the start (the first on the start day)."""
    for index, value in enumerate(values):
        actions.add_progress_point(
            user,
            intervention,
            measured_on=intervention.start_on + dt.timedelta(days=index * every),
            value=value,
            note=f"Note d'équipe {index + 1}",
        )
    return Intervention.objects.get(pk=intervention.pk)
