"""State changes of the portraits: a teacher writes an observation of a student of their group."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from core.audit import log_event
from insights.models import Observation


@transaction.atomic
def add_observation(user: Any, student: Any, *, observed_on: dt.date, domain: str, text: str) -> Observation:
    if not user.has_perm("insights.add_observation", student):
        raise PermissionDenied
    observation = Observation.objects.create(
        student=student,
        group_id=student.group_id,
        author=user,
        observed_on=observed_on,
        domain=domain,
        text=text,
    )
    log_event(user, observation, event="observation_added", student=student.pk)
    return observation
