"""Cached aggregates of the dashboards, keyed by the scope and a data version.

The version is one row (`DataVersion`), raised after commit by a signal on every model whose rows a
panel aggregates (`WATCHED`; a capability adds its own with `watch()`), and by `bump()` after a bulk
write (the demo; the imports and the weekly coefficients say so through `core.bulk`). The cache may be
per process (locmem) or shared (Redis): the key holds the version: a worker serves figures of an older
version only within `max_stale_s()` (a minute) of their computation. A time limit bounds what a bulk
write that forgot to say so could leave stale."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

TIMEOUT_S = 15 * 60
WATCHED: set[str] = {
    "intake.ServiceRequest",
    "intake.ServiceEpisode",
    "records.Entry",
    "students.Student",
    "students.Caseload",
    "support.TierDecision",
    "support.Intervention",
    "plans.InterventionPlan",
    "plans.Review",
    "insights.Observation",
    "core.School",
}


def version() -> int:
    from insights.models import DataVersion

    found = DataVersion.objects.filter(pk=1).values_list("number", flat=True).first()
    return int(found or 0)


def bump() -> None:
    from insights.models import DataVersion

    if not DataVersion.objects.filter(pk=1).update(number=F("number") + 1):
        DataVersion.objects.get_or_create(pk=1, defaults={"number": 1})


def _changed(sender: Any, **kwargs: Any) -> None:
    transaction.on_commit(bump)


def _bulk_written(sender: Any, **kwargs: Any) -> None:  # already after the commit (core.bulk)
    bump()


def watch(label: str) -> None:
    """Raise the version when rows of this model ("app.Model") change; idempotent."""
    model = apps.get_model(label)
    uid = f"insights-version-{label}"
    post_save.connect(_changed, sender=model, dispatch_uid=uid + "-save")
    post_delete.connect(_changed, sender=model, dispatch_uid=uid + "-delete")


def connect() -> None:
    from core import bulk

    for label in sorted(WATCHED):
        watch(label)
    bulk.written.connect(_bulk_written, dispatch_uid="insights-version-bulk")


def max_stale_s() -> float:
    """How long figures computed before the last change may still be served (settings, default 60 s).

    In a large centre something changes every few seconds; without this window each change would have
    every dashboard recomputed at its next request. Figures are then at most a minute late."""
    return float(getattr(settings, "INSIGHTS_MAX_STALE_S", 60))


def cached(key: str, compute: Callable[[], Any]) -> Any:
    """The value of `key` for the current data version, computed once; within `max_stale_s()` of the
    computation, a value of an older version is served as is."""
    current = version()
    slot = f"insights:{get_language()}:{key}"
    entry = cache.get(slot)
    now = time.time()
    if entry is not None:
        computed_for, computed_at, value = entry
        if computed_for == current or (computed_for < current and now - computed_at < max_stale_s()):
            return value
    value = compute()
    cache.set(slot, (current, now, value), TIMEOUT_S)
    return value
