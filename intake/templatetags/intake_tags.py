"""Template helpers of the guichet unique: status badges, priority parts, the home page overview."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core.models import Role
from intake.models import OPEN_STATUSES, Status
from intake.queries import requests_visible_to

register = template.Library()

BADGES: dict[str, str] = {
    Status.SUBMITTED: "text-bg-primary",
    Status.INFO_REQUESTED: "text-bg-warning",
    Status.REDIRECTED: "text-bg-info",
    Status.REFUSED: "text-bg-secondary",
    Status.WAITING: "text-bg-info",
    Status.ASSIGNED: "text-bg-success",
    Status.CLOSED: "text-bg-dark",
    Status.WITHDRAWN: "text-bg-light border",
}

FACTOR_LABELS = {
    "safety": _("Urgence et sécurité"),
    "schooling_impact": _("Impact sur la scolarité"),
    "tier": _("Palier de soutien déjà offert"),
    "waited": _("Attente avant l'acceptation"),
    "imse": _("Défavorisation de l'école (IMSE)"),
}


@register.filter
def status_badge(status: str) -> str:
    """Bootstrap classes of a status badge (the badge always carries the status in words too)."""
    return BADGES.get(status, "text-bg-light border")


@register.filter
def priority_rows(parts: dict[str, int] | None) -> list[tuple[str, int]]:
    """The priority's parts as (factor in words, points), in the grid's order."""
    return [(str(FACTOR_LABELS.get(name, name)), points) for name, points in (parts or {}).items()]


@register.simple_tag
def intake_overview(user: Any) -> dict[str, Any]:
    """What the home page says about requests to this user (counts; the family sees each request)."""
    role = getattr(user, "role", "")
    visible = requests_visible_to(user)
    counts = visible.aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        new=Count("pk", filter=Q(status=Status.SUBMITTED)),
        waiting=Count("pk", filter=Q(status=Status.WAITING)),
        to_answer=Count("pk", filter=Q(status=Status.INFO_REQUESTED, requested_by=user)),
        assigned=Count("pk", filter=Q(status=Status.ASSIGNED, assigned_to=user)),
    )
    family: list[Any] = []
    if role in (Role.GUARDIAN, Role.STUDENT):
        family = list(
            visible.select_related("student", "domain").order_by("student__first_name", "-created_at")[:20]
        )
    return {**counts, "family": family}
