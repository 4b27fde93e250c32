"""Background job: the audit scan runs every PRIVACY_SCAN_EVERY_MINUTES minutes (Huey; at once in tests)."""

from __future__ import annotations

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute=f"*/{max(1, min(59, settings.PRIVACY_SCAN_EVERY_MINUTES))}"))
def scan_audit() -> dict[str, int]:
    from privacy.scan import scan

    return scan()
