"""Local time, recurrence with exceptions and the daylight-saving weekends of America/Montreal
(1 November 2026: 02:00 EDT → 01:00 EST; 14 March 2027: 02:00 EST → 03:00 EDT)."""

import datetime as dt

import pytest

from lib.scheduling import timeline as t

NOV_SUNDAY = dt.date(2026, 11, 1)
MARCH_SUNDAY = dt.date(2027, 3, 14)


def elapsed(a: dt.datetime, b: dt.datetime) -> dt.timedelta:
    """Real time between two instants (subtracting two datetimes of the same zone gives wall time)."""
    return b.astimezone(t.UTC) - a.astimezone(t.UTC)


def offset_hours(moment: dt.datetime) -> float:
    offset = moment.utcoffset()
    assert offset is not None
    return offset.total_seconds() / 3600


def test_a_weekly_session_keeps_its_wall_time_across_the_november_change():
    sessions = t.weekly(dt.date(2026, 10, 26), dt.time(16, 0), 45, count=3)
    assert [s.start.strftime("%Y-%m-%d %H:%M") for s in sessions] == [
        "2026-10-26 16:00",
        "2026-11-02 16:00",
        "2026-11-09 16:00",
    ]
    assert [offset_hours(s.start) for s in sessions] == [-4, -5, -5]
    # 7 days of wall time are 7 days and one hour of real time across the change
    assert elapsed(sessions[0].start, sessions[1].start) == dt.timedelta(days=7, hours=1)
    assert all(s.minutes == 45 for s in sessions)


def test_a_weekly_session_keeps_its_wall_time_across_the_march_change():
    sessions = t.weekly(dt.date(2027, 3, 8), dt.time(9, 30), 60, count=2)
    assert [s.start.hour for s in sessions] == [9, 9]
    assert [offset_hours(s.start) for s in sessions] == [-5, -4]
    assert elapsed(sessions[0].start, sessions[1].start) == dt.timedelta(days=6, hours=23)


def test_the_november_sunday_has_25_hours_and_the_march_sunday_23():
    start, end = t.day_bounds(NOV_SUNDAY)
    assert elapsed(start, end) == dt.timedelta(hours=25)
    start, end = t.day_bounds(MARCH_SUNDAY)
    assert elapsed(start, end) == dt.timedelta(hours=23)
    start, end = t.day_bounds(dt.date(2026, 11, 2))
    assert elapsed(start, end) == dt.timedelta(hours=24)


def test_a_wall_time_in_the_spring_gap_moves_forward_and_an_ambiguous_one_is_the_first():
    gap = t.aware(MARCH_SUNDAY, dt.time(2, 30))
    assert (gap.hour, gap.minute, offset_hours(gap)) == (3, 30, -4)
    ambiguous = t.aware(NOV_SUNDAY, dt.time(1, 30))
    assert (ambiguous.hour, offset_hours(ambiguous)) == (1, -4)


def test_a_session_that_spans_the_november_change_lasts_its_real_duration():
    session = t.occurrence(NOV_SUNDAY, dt.time(0, 30), 120)
    assert elapsed(session.start, session.end) == dt.timedelta(minutes=120)
    assert (session.end.hour, session.end.minute, offset_hours(session.end)) == (1, 30, -5)


def test_recurrence_leaves_out_the_exceptions_and_stops_at_until():
    sessions = t.weekly(
        dt.date(2026, 12, 1),
        dt.time(13, 0),
        30,
        until=dt.date(2027, 1, 19),
        exceptions={dt.date(2026, 12, 22), dt.date(2026, 12, 29)},
    )
    days = [s.day for s in sessions]
    assert days == [
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 8),
        dt.date(2026, 12, 15),
        dt.date(2027, 1, 5),
        dt.date(2027, 1, 12),
        dt.date(2027, 1, 19),
    ]


def test_an_exception_does_not_extend_a_counted_series():
    sessions = t.weekly(dt.date(2026, 12, 1), dt.time(13, 0), 30, count=4, exceptions={dt.date(2026, 12, 8)})
    assert [s.day.day for s in sessions] == [1, 15, 22]


def test_every_other_week_and_the_limits():
    sessions = t.weekly(dt.date(2026, 12, 1), dt.time(13, 0), 30, count=3, interval=2)
    assert [s.day.isoformat() for s in sessions] == ["2026-12-01", "2026-12-15", "2026-12-29"]
    with pytest.raises(ValueError):
        t.weekly(dt.date(2026, 12, 1), dt.time(13, 0), 30)
    with pytest.raises(ValueError):
        t.weekly(dt.date(2026, 12, 1), dt.time(13, 0), 0, count=2)
    assert len(t.weekly(dt.date(2026, 12, 1), dt.time(13, 0), 30, count=500)) == t.MAX_OCCURRENCES


def test_week_start_is_the_monday():
    assert t.week_start(dt.date(2026, 12, 6)) == dt.date(2026, 11, 30)
    assert t.week_start(dt.date(2026, 11, 30)) == dt.date(2026, 11, 30)
