"""When a share of a professional record becomes available, without the database.

Psychologists (C-26, r. 221): a copy of the record goes to a third party only RECORD_COPY_HOLD_DAYS
(15) days after the signed authorisation, unless an emergency waiver is recorded, with its reason.
The hold applies to copies given to a third party; a consultation by another professional of the
service centre (a share of kind "professional") is not a copy and is available from the authorisation.
Other professions have no hold (lib.record_profiles.copy_hold_days).
"""

from __future__ import annotations

import datetime as dt

from lib.record_profiles import copy_hold_days

PROFESSIONAL = "professional"
THIRD_PARTY_COPY = "third_party_copy"


def available_from(
    *,
    kind: str,
    profession: str,
    authorised_on: dt.date,
    hold_days: int,
    emergency_waiver: bool,
    today: dt.date,
) -> dt.date:
    """The first day the share may be used (the copy released, the record consulted)."""
    if kind == PROFESSIONAL:
        return authorised_on
    if emergency_waiver:
        return min(authorised_on, today)
    return authorised_on + dt.timedelta(days=copy_hold_days(profession, hold_days))


def is_held(available: dt.date, today: dt.date) -> bool:
    """The copy may not be released yet."""
    return today < available


def days_left(available: dt.date, today: dt.date) -> int:
    return max(0, (available - today).days)
