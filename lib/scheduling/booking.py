"""The centre's booking rules (pure): how soon a slot may be booked, how far ahead, until when a family
may move or cancel, when a cancellation counts as late, and when a video link is shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class BookingRules:
    min_notice_hours: int = 24  # a slot is booked at least this long before it starts
    horizon_days: int = 60  # and at most this far ahead
    change_deadline_hours: int = 24  # a family moves or cancels up to this long before
    late_cancel_hours: int = 24  # a cancellation closer than this is "cancelled late"


def booking_refusal(start: dt.datetime, now: dt.datetime, rules: BookingRules) -> str | None:
    """Why this slot cannot be booked now (French), or None."""
    if start <= now:
        return _("Cette plage est déjà passée.")
    if start - now < dt.timedelta(hours=rules.min_notice_hours):
        return _("Une plage se réserve au moins %(hours)s heures à l'avance.") % {
            "hours": rules.min_notice_hours
        }
    if start - now > dt.timedelta(days=rules.horizon_days):
        return _("Une plage se réserve au plus %(days)s jours à l'avance.") % {"days": rules.horizon_days}
    return None


def change_refusal(start: dt.datetime, now: dt.datetime, rules: BookingRules) -> str | None:
    """Why a family can no longer move or cancel this appointment in the portal, or None."""
    if start - now < dt.timedelta(hours=rules.change_deadline_hours):
        return _(
            "Moins de %(hours)s heures avant le rendez-vous, il ne se déplace ni ne s'annule en ligne : "
            "téléphonez à l'école ou au professionnel."
        ) % {"hours": rules.change_deadline_hours}
    return None


def is_late_cancellation(start: dt.datetime, now: dt.datetime, rules: BookingRules) -> bool:
    return start - now < dt.timedelta(hours=rules.late_cancel_hours)


def link_visible(
    start: dt.datetime, end: dt.datetime, now: dt.datetime, *, before_minutes: int, after_minutes: int
) -> bool:
    """The video link is shown only near the time: from `before_minutes` before the start to
    `after_minutes` after the end."""
    return start - dt.timedelta(minutes=before_minutes) <= now <= end + dt.timedelta(minutes=after_minutes)
