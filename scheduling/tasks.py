"""Background job: the reminders of the day before (Huey; every hour, at once in tests)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="5"))
def send_reminders() -> int:
    from scheduling.notices import send_due_reminders

    return send_due_reminders()
