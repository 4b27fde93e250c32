"""The centre's booking rules (pure): how soon a slot may be booked, how far ahead, until when a family
may move or cancel, when a cancellation counts as late, and when a video link is shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class BookingRules:
    min_notice_hours: int = 24  # a slot is booked at least this long before it starts
    horizon_days: int = 60  # and at most this far ahead
    change_deadline_hours: int = 24  # a family moves or cancels up to this long before
    late_cancel_hours: int = 24  # a cancellation closer than this is "cancelled late"


PAST = "past"
TOO_SOON = "too_soon"
TOO_FAR = "too_far"
PAST_DEADLINE = "past_deadline"


def _utc(moment: dt.datetime) -> dt.datetime:
    """Arithmetic in UTC: on datetimes of one zone, Python adds and subtracts wall time."""
    return moment.astimezone(dt.UTC)


def booking_refusal(start: dt.datetime, now: dt.datetime, rules: BookingRules) -> str | None:
    """Why this slot cannot be booked now (a code that `scheduling.messages` words), or None."""
    start, now = _utc(start), _utc(now)
    if start <= now:
        return PAST
    if start - now < dt.timedelta(hours=rules.min_notice_hours):
        return TOO_SOON
    if start - now > dt.timedelta(days=rules.horizon_days):
        return TOO_FAR
    return None


def change_refusal(start: dt.datetime, now: dt.datetime, rules: BookingRules) -> str | None:
    """Why a family can no longer move or cancel this appointment in the portal (a code), or None."""
    start, now = _utc(start), _utc(now)
    if start - now < dt.timedelta(hours=rules.change_deadline_hours):
        return PAST_DEADLINE
    return None


def is_late_cancellation(start: dt.datetime, now: dt.datetime, rules: BookingRules) -> bool:
    start, now = _utc(start), _utc(now)
    return start - now < dt.timedelta(hours=rules.late_cancel_hours)


def link_visible(
    start: dt.datetime, end: dt.datetime, now: dt.datetime, *, before_minutes: int, after_minutes: int
) -> bool:
    """The video link is shown only near the time: from `before_minutes` before the start to
    `after_minutes` after the end."""
    start, end, now = _utc(start), _utc(end), _utc(now)
    return start - dt.timedelta(minutes=before_minutes) <= now <= end + dt.timedelta(minutes=after_minutes)
