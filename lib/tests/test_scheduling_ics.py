"""The .ics files parsed back by an independent parser (vobject)."""

import datetime as dt

import vobject

from lib.scheduling import ics, timeline

SESSION = timeline.occurrence(dt.date(2026, 11, 2), dt.time(16, 0), 45)  # first Monday after the change


def event(**extra):
    data = {
        "uid": "rdv-3f2c@eleve360",
        "sequence": 0,
        "start": SESSION.start,
        "end": SESSION.end,
        "summary": "Rendez-vous — orthophonie",
        "location": "École secondaire des Sources, local 204",
        "organizer": ("Luc Ortho", "luc@exemple.qc.ca"),
        "attendees": [("Isabelle Tremblay", "isabelle@exemple.qc.ca")],
    }
    return ics.Event(**(data | extra))


def parse(data: bytes):
    return vobject.readOne(data.decode("utf-8"))


def test_an_invitation_parses_back_with_its_uid_sequence_and_montreal_time():
    cal = parse(ics.calendar([event()], ics.REQUEST))
    assert cal.method.value == "REQUEST"
    vevent = cal.vevent
    assert vevent.uid.value == "rdv-3f2c@eleve360"
    assert vevent.sequence.value == "0"
    start = vevent.dtstart.value
    assert start.tzinfo is not None
    assert start.astimezone(dt.UTC) == dt.datetime(2026, 11, 2, 21, 0, tzinfo=dt.UTC)
    assert (start.hour, start.minute) == (16, 0)
    assert vevent.dtend.value - start == dt.timedelta(minutes=45)
    assert cal.vtimezone.tzid.value == "America/Montreal"
    assert vevent.summary.value == "Rendez-vous — orthophonie"
    assert vevent.location.value == "École secondaire des Sources, local 204"
    assert vevent.organizer.value == "mailto:luc@exemple.qc.ca"
    assert vevent.attendee.value == "mailto:isabelle@exemple.qc.ca"


def test_a_change_keeps_the_uid_and_raises_the_sequence_and_a_cancellation_says_cancel():
    moved = parse(ics.calendar([event(sequence=1)], ics.REQUEST))
    cancelled = parse(ics.calendar([event(sequence=2, cancelled=True)], ics.CANCEL))
    assert moved.vevent.uid.value == cancelled.vevent.uid.value == "rdv-3f2c@eleve360"
    assert int(moved.vevent.sequence.value) < int(cancelled.vevent.sequence.value)
    assert cancelled.method.value == "CANCEL"
    assert cancelled.vevent.status.value == "CANCELLED"


def test_the_timezone_says_when_daylight_time_starts_and_ends_in_the_year_of_the_event():
    cal = parse(ics.calendar([event()], ics.PUBLISH, name="Agenda"))
    tz = cal.vtimezone.gettzinfo()
    summer = dt.datetime(2026, 10, 31, 12, 0, tzinfo=tz)
    winter = dt.datetime(2026, 11, 1, 12, 0, tzinfo=tz)
    march = dt.datetime(2027, 3, 14, 12, 0, tzinfo=tz)
    assert summer.utcoffset() == dt.timedelta(hours=-4)
    assert winter.utcoffset() == dt.timedelta(hours=-5)
    assert march.utcoffset() == dt.timedelta(hours=-4)


def test_the_timezone_agrees_with_the_zoneinfo_database_around_each_change_until_2035():
    tz = parse(ics.calendar([event()], ics.REQUEST)).vtimezone.gettzinfo()
    moment = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)
    while moment.year < 2035:
        local = moment.astimezone(timeline.MONTREAL)
        assert moment.astimezone(tz).utcoffset() == local.utcoffset(), moment
        moment += dt.timedelta(hours=11)


def test_a_feed_holds_several_events_and_no_method_request():
    later = timeline.occurrence(dt.date(2027, 3, 15), dt.time(9, 0), 30)
    data = ics.calendar([event(), event(uid="rdv-2@eleve360", start=later.start, end=later.end)], ics.PUBLISH)
    cal = parse(data)
    assert cal.method.value == "PUBLISH"
    assert sorted(v.uid.value for v in cal.vevent_list) == ["rdv-2@eleve360", "rdv-3f2c@eleve360"]
