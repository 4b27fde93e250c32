"""Cached aggregates of the dashboards, keyed by the scope and a data version.

The version is one row (`DataVersion`), raised after commit by a signal on every model whose rows a
panel aggregates (`WATCHED`; a capability adds its own with `watch()`), and by `bump()` after a bulk
write (imports, the demo). The cache may be per process (locmem) or shared (Redis): the key holds the
version, so a worker never serves figures older than the last change it can read. A time limit bounds
what a bulk write that forgot `bump()` could leave stale."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
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


def watch(label: str) -> None:
    """Raise the version when rows of this model ("app.Model") change; idempotent."""
    model = apps.get_model(label)
    uid = f"insights-version-{label}"
    post_save.connect(_changed, sender=model, dispatch_uid=uid + "-save")
    post_delete.connect(_changed, sender=model, dispatch_uid=uid + "-delete")


def connect() -> None:
    for label in sorted(WATCHED):
        watch(label)


def cached(key: str, compute: Callable[[], Any]) -> Any:
    full = f"insights:{version()}:{get_language()}:{key}"
    found = cache.get(full)
    if found is None:
        found = compute()
        cache.set(full, found, TIMEOUT_S)
    return found
