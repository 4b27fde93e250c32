"""Bulk writes (the imports, the weekly coefficients) bypass the model signals: each says what it wrote
here, after its transaction commits, and whoever keeps a derived view listens (the portraits' cache
raises its data version: insights.cache)."""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

written = Signal()  # sender: the label of the model written ("earlywarning.Attendance")


def announce(label: str) -> None:
    """Say, once the current transaction commits (at once outside one), that rows of `label` changed."""
    transaction.on_commit(lambda: written.send(sender=label))
