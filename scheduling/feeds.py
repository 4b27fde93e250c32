"""The professional's personal calendar feed: an iCalendar URL with a secret, replaced on revocation.

The feed goes to calendar applications outside the platform: it holds when, the type of meeting, the
place and a link to the appointment's page — never a student's name, never the video link."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core.audit import log_event
from lib.scheduling import ics
from scheduling.models import CalendarFeed, Status, new_feed_secret
from scheduling.notices import event_of


def create_or_rotate(user: Any) -> CalendarFeed:
    """A new secret: the previous URL stops working at once."""
    if not user.has_perm("scheduling.professional"):
        raise PermissionDenied
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(professional=user)
        if not created:
            feed.secret = new_feed_secret()
            feed.created_at = timezone.now()
            feed.save(update_fields=["secret", "created_at"])
        log_event(user, feed, event="feed_rotated" if not created else "feed_created")
    return feed


def revoke(user: Any) -> None:
    with transaction.atomic():
        deleted, _rows = CalendarFeed.objects.filter(professional=user).delete()
        if deleted:
            log_event(user, user, event="feed_revoked")


def feed_bytes(feed: CalendarFeed, now: dt.datetime | None = None) -> bytes:
    from scheduling.models import Appointment

    moment = now or timezone.now()
    appointments = (
        Appointment.objects.filter(
            professionals=feed.professional, starts_at__gte=moment - dt.timedelta(days=30)
        )
        .filter(starts_at__lte=moment + dt.timedelta(days=370))
        .select_related("school", "room")
        .prefetch_related("professionals")
        .order_by("starts_at")
    )
    events = [  # without attendees: the feed names nobody
        event_of(a, cancelled=a.status in (Status.CANCELLED, Status.CANCELLED_LATE), attendees=False)
        for a in appointments
    ]
    return ics.calendar(events, ics.PUBLISH, name="Élève 360", now=moment)
