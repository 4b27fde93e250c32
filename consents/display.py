"""What the pages show of a consent's state: words first, a badge colour only as a second cue."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from consents.models import Scope
from lib import consent as logic

PENDING = "pending"

LABELS = {
    logic.VALID: _("Valide"),
    logic.EXPIRED: _("Expiré"),
    logic.REVOKED: _("Révoqué"),
    logic.NOT_YET: _("Pas encore en vigueur"),
    logic.ABSENT: _("Manquant"),
    PENDING: _("En attente de signature"),
}

BADGES = {
    logic.VALID: "text-bg-success",
    logic.EXPIRED: "text-bg-secondary",
    logic.REVOKED: "text-bg-danger",
    logic.NOT_YET: "text-bg-light border",
    logic.ABSENT: "text-bg-light border",
    PENDING: "text-bg-warning",
}

SUMMARY_SCOPES = (logic.EVALUATION, logic.SERVICES, logic.TELEPRACTICE)


def badge(state: str) -> dict[str, Any]:
    return {
        "state": state,
        "label": LABELS.get(state, state),
        "css": BADGES.get(state, "text-bg-light border"),
    }


def summary(consents: list[Any], pending: list[Any], on: dt.date) -> list[dict[str, Any]]:
    """One row per scope (evaluation, services, telepractice): valid for which services, or why not.

    Sharing consents are per recipient: they are listed one by one, not summarised.
    """
    rows = []
    for scope in SUMMARY_SCOPES:
        mine = [c for c in consents if c.scope == scope]
        valid = [c for c in mine if c.state(on) == logic.VALID]
        waiting = [r for r in pending if r.scope == scope]
        if valid:
            state = logic.VALID
        else:
            gaps = logic.gaps([c.facts() for c in mine], [scope], None, on)
            state = gaps[0].state if gaps else logic.ABSENT
        rows.append(
            {
                "scope": scope,
                "scope_label": Scope(scope).label,
                "badge": badge(state),
                "valid": valid,
                "latest": max(mine, key=lambda c: c.signed_at) if mine and not valid else None,
                "pending": waiting,
                "pending_badge": badge(PENDING) if waiting else None,
            }
        )
    return rows
