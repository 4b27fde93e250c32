"""The weekly job (Huey): Saturday at 3 h, the coefficients of the week that ended, then the attendance
rows of students no longer in the centre are purged (attendance has no foreign-key constraint)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from earlywarning import maintenance, scoring


@db_periodic_task(crontab(day_of_week="6", hour="3", minute="0"))
def weekly_scores() -> int:
    count = scoring.compute_week(scoring.last_complete_week())
    maintenance.purge_orphan_attendance()
    return count
