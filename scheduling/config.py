"""The centre's scheduling settings, read once per call from django.conf.settings (tests override them)."""

from __future__ import annotations

from django.conf import settings

from lib.scheduling.booking import BookingRules
from lib.scheduling.travel import TravelParams


def booking_rules() -> BookingRules:
    return BookingRules(
        min_notice_hours=settings.BOOKING_MIN_NOTICE_HOURS,
        horizon_days=settings.BOOKING_HORIZON_DAYS,
        change_deadline_hours=settings.BOOKING_CHANGE_DEADLINE_HOURS,
        late_cancel_hours=settings.BOOKING_LATE_CANCEL_HOURS,
    )


def travel_params() -> TravelParams:
    return TravelParams(
        road_factor=settings.TRAVEL_ROAD_FACTOR_PERCENT / 100, speed_kmh=settings.TRAVEL_SPEED_KMH
    )
