"""iCalendar files of appointments (RFC 5545, RFC 5546 iTIP): invitations (METHOD:REQUEST), cancellations
(METHOD:CANCEL) and the professional's feed (METHOD:PUBLISH). The UID of an appointment never changes;
SEQUENCE rises with each change that the recipients must see. Times are written in America/Montreal with
its VTIMEZONE, so that calendars show the wall time across the daylight-saving changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import icalendar

from lib.scheduling.timeline import MONTREAL

PRODID = "-//Eleve 360//Rendez-vous//FR"
REQUEST = "REQUEST"
CANCEL = "CANCEL"
PUBLISH = "PUBLISH"


@dataclass(frozen=True)
class Event:
    uid: str
    sequence: int
    start: dt.datetime  # aware
    end: dt.datetime  # aware
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False
    organizer: tuple[str, str] | None = None  # (name, e-mail)
    attendees: Sequence[tuple[str, str]] = field(default_factory=tuple)
    stamp: dt.datetime | None = None


def _vevent(event: Event, now: dt.datetime) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", (event.stamp or now).astimezone(dt.UTC))
    vevent.add("dtstart", event.start.astimezone(MONTREAL))
    vevent.add("dtend", event.end.astimezone(MONTREAL))
    vevent.add("summary", event.summary)
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    if event.location:
        vevent.add("location", event.location)
    if event.description:
        vevent.add("description", event.description)
    if event.url:
        vevent.add("url", event.url)
    if event.organizer:
        name, email = event.organizer
        organizer = icalendar.vCalAddress(f"mailto:{email}")
        organizer.params["cn"] = icalendar.vText(name)
        vevent.add("organizer", organizer)
    for name, email in event.attendees:
        attendee = icalendar.vCalAddress(f"mailto:{email}")
        attendee.params["cn"] = icalendar.vText(name)
        attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
        vevent.add("attendee", attendee)
    return vevent


def montreal_vtimezone() -> icalendar.Timezone:
    """America/Montreal as recurrence rules (in force since 2007: daylight time from the second Sunday
    of March to the first Sunday of November, at 02:00), the form every calendar reads; a test checks it
    against the zoneinfo database for the years ahead."""
    tz = icalendar.Timezone()
    tz.add("tzid", "America/Montreal")
    for kind, start, month, day, offset_from, offset_to, name in (
        (icalendar.TimezoneDaylight, dt.datetime(2007, 3, 11, 2, 0), 3, "2SU", -5, -4, "EDT"),
        (icalendar.TimezoneStandard, dt.datetime(2007, 11, 4, 2, 0), 11, "1SU", -4, -5, "EST"),
    ):
        part = kind()
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": day})
        part.add("tzoffsetfrom", dt.timedelta(hours=offset_from))
        part.add("tzoffsetto", dt.timedelta(hours=offset_to))
        part.add("tzname", name)
        tz.add_component(part)
    return tz


def calendar(
    events: Iterable[Event], method: str, *, name: str = "", now: dt.datetime | None = None
) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    moment = now or dt.datetime.now(dt.UTC)
    found = list(events)
    for event in found:
        cal.add_component(_vevent(event, moment))
    cal.add_component(montreal_vtimezone())
    return bytes(cal.to_ical())
