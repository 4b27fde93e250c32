"""Conflicts, booking rules, link timing and travel figures on a hand-computed fixture."""

import datetime as dt
import math

from lib.geo import haversine_km
from lib.scheduling import booking, conflicts, travel
from lib.scheduling.timeline import MONTREAL

T0 = dt.datetime(2026, 12, 7, 9, 0, tzinfo=MONTREAL)


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def test_a_shared_person_or_room_in_an_overlapping_appointment_conflicts():
    candidate = conflicts.Booked("new", at(30), at(90), frozenset({"user:1", "student:7"}), room=3)
    existing = [
        conflicts.Booked(1, at(0), at(45), frozenset({"user:1"})),  # same professional
        conflicts.Booked(2, at(60), at(120), frozenset({"user:2"}), room=3),  # same room
        conflicts.Booked(3, at(0), at(60), frozenset({"user:2", "student:8"}), room=4),  # nothing shared
        conflicts.Booked(4, at(90), at(150), frozenset({"user:1"})),  # back to back
        conflicts.Booked(5, at(-60), at(30), frozenset({"student:7"})),  # ends when it starts
    ]
    found = conflicts.conflicts(candidate, existing)
    assert [(c.other, c.what) for c in found] == [(1, "user:1"), (2, "room:3")]


def test_an_appointment_does_not_conflict_with_itself():
    same = conflicts.Booked(9, at(0), at(60), frozenset({"user:1"}), room=1)
    assert conflicts.conflicts(same, [same]) == []


RULES = booking.BookingRules(
    min_notice_hours=24, horizon_days=30, change_deadline_hours=48, late_cancel_hours=24
)


def test_booking_needs_notice_and_stays_within_the_horizon():
    now = T0
    assert booking.booking_refusal(now - dt.timedelta(minutes=1), now, RULES) == booking.PAST
    assert booking.booking_refusal(now + dt.timedelta(hours=23), now, RULES) == booking.TOO_SOON
    assert booking.booking_refusal(now + dt.timedelta(hours=24), now, RULES) is None
    assert booking.booking_refusal(now + dt.timedelta(days=30), now, RULES) is None
    assert booking.booking_refusal(now + dt.timedelta(days=31), now, RULES) == booking.TOO_FAR


def test_a_family_changes_only_before_the_deadline_and_late_cancellations_are_named():
    assert booking.change_refusal(T0 + dt.timedelta(hours=49), T0, RULES) is None
    assert booking.change_refusal(T0 + dt.timedelta(hours=47), T0, RULES) == booking.PAST_DEADLINE
    assert booking.is_late_cancellation(T0 + dt.timedelta(hours=23), T0, RULES)
    assert not booking.is_late_cancellation(T0 + dt.timedelta(hours=25), T0, RULES)


def test_the_link_is_visible_only_near_the_time():
    start, end = at(0), at(45)
    window = {"before_minutes": 15, "after_minutes": 10}
    assert not booking.link_visible(start, end, at(-16), **window)
    assert booking.link_visible(start, end, at(-15), **window)
    assert booking.link_visible(start, end, at(50), **window)
    assert not booking.link_visible(start, end, at(56), **window)


# Hand-computed fixture: three points on the meridian 72.5° W. One degree of latitude is
# 6371 × π / 180 = 111.19 km along a meridian; with a road factor of 1.5 and 60 km/h:
# A (46.0) → B (46.1): 11.119 × 1.5 = 16.68 km, 16.68 min; B → C (46.3): 33.36 km, 33.36 min.
A = travel.Place(1, "A", 46.0, -72.5)
B = travel.Place(2, "B", 46.1, -72.5)
C = travel.Place(3, "C", 46.3, -72.5)
PARAMS = travel.TravelParams(road_factor=1.5, speed_kmh=60)
KM_PER_DEGREE = 6371 * math.pi / 180


def test_a_leg_is_the_straight_line_times_the_road_factor_at_the_average_speed():
    leg = travel.leg(A, B, PARAMS)
    assert math.isclose(haversine_km(46.0, -72.5, 46.1, -72.5), 0.1 * KM_PER_DEGREE, rel_tol=1e-9)
    assert math.isclose(leg.km, 16.679, abs_tol=0.001)
    assert math.isclose(leg.minutes, 16.679, abs_tol=0.001)
    slow = travel.leg(A, B, travel.TravelParams(road_factor=1.5, speed_kmh=30))
    assert math.isclose(slow.minutes, 33.359, abs_tol=0.001)


def test_a_day_route_goes_through_the_schools_in_order_without_legs_of_zero():
    day = travel.route([A, A, B, C, C, A], PARAMS)
    assert [p.name for p in day.stops] == ["A", "B", "C", "A"]
    # A→B 0.1°, B→C 0.2°, C→A 0.3°: 0.6° × 111.19 × 1.5 = 100.07 km
    assert math.isclose(day.km, 0.6 * KM_PER_DEGREE * 1.5, rel_tol=1e-9)
    assert math.isclose(day.km, 100.07, abs_tol=0.01)
    assert math.isclose(day.minutes, 100.07, abs_tol=0.01)
    assert travel.route([B], PARAMS).km == 0


def test_telepractice_avoids_the_round_trip_to_the_students_school():
    saved = travel.avoided(A, C, PARAMS)
    assert saved is not None
    assert math.isclose(saved.km, 2 * 0.3 * KM_PER_DEGREE * 1.5, rel_tol=1e-9)  # 100.07 km
    assert travel.avoided(A, A, PARAMS) is None
    assert travel.avoided(None, A, PARAMS) is None


def test_the_rules_count_real_hours_across_the_november_change():
    # Saturday 31 October 2026 at 09:00 EDT to Sunday 1 November at 08:00 EST: 24 real hours.
    now = dt.datetime(2026, 10, 31, 9, 0, tzinfo=MONTREAL)
    start = dt.datetime(2026, 11, 1, 8, 0, tzinfo=MONTREAL)
    assert booking.booking_refusal(start, now, RULES) is None
    assert booking.booking_refusal(start - dt.timedelta(minutes=1), now, RULES) == booking.TOO_SOON
