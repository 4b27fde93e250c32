"""How fast the scheduling pages compute on a demo centre, and how long a booking takes. Prints JSON.

    python bench/scheduling.py --students 5000                          # SQLite file in var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python bench/scheduling.py --students 20000

It generates the demo centre (with its appointments and slots), then times, each `--repeat` times: the
week calendar of the demo speech therapist (`scheduling.calendar.days_with`), her week of travel
(`scheduling.travel.week_travel`), the manager's travel totals for every professional, her iCalendar
feed, and the conflict check of one new session against the day's appointments; it reports the median
and the 95th percentile in milliseconds. The database is created, migrated and dropped by benchdb.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from typing import Any

from benchdb import bench_database
from permissions import timed


def measure(repeat: int) -> dict[str, Any]:
    from django.utils import timezone

    from core.models import Role, User
    from lib.scheduling.timeline import occurrence, week_start
    from scheduling import checks, feeds
    from scheduling.calendar import days_with, week_of
    from scheduling.models import Appointment, BookableSlot, CalendarFeed
    from scheduling.queries import appointments_visible_to
    from scheduling.travel import week_travel

    speech = User.objects.get(username="orthophoniste")
    monday = week_start(timezone.localdate())
    days = week_of(monday)
    visible = appointments_visible_to(speech).select_related("school", "room").prefetch_related("students")
    feed = CalendarFeed.objects.get_or_create(professional=speech)[0]
    professionals = list(User.objects.filter(role=Role.PROFESSIONAL, centre=speech.centre))
    session = occurrence(monday + dt.timedelta(days=1), dt.time(9, 0), 45)
    return {
        "appointments": Appointment.objects.count(),
        "slots": BookableSlot.objects.count(),
        "professionals": len(professionals),
        "week_calendar": timed(lambda: [list(d.appointments) for d in days_with(visible, days)], repeat),
        "week_travel": timed(lambda: week_travel(speech, monday).km, repeat),
        "manager_travel_totals": timed(
            lambda: sum(week_travel(p, monday).km for p in professionals), max(3, repeat // 10)
        ),
        "feed_ics": timed(lambda: feeds.feed_bytes(feed), repeat),
        "conflict_check": timed(
            lambda: checks.conflict_problems(
                [(session.start, session.end)], professionals=[speech], students=[]
            ),
            repeat,
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--students", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    with bench_database("scheduling") as database:
        from demo import generator

        began = time.perf_counter()
        generator.generate(args.students, args.seed)
        generated = time.perf_counter() - began
        figures = measure(args.repeat)

    result = {"students": args.students, "database": database, "demo_seconds": round(generated, 2), **figures}
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
