"""Deadlines of an access request (A-2.1, art. 98): an answer within 20 days of receipt, which the body may
extend once by at most 10 days, with a notice to the requester before the first period ends."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

ANSWER_DAYS = 20
EXTENSION_DAYS = 10


def due_on(received_on: dt.date, *, extended: bool, answer_days: int = ANSWER_DAYS) -> dt.date:
    """The last day to answer: received + 20 days, + 10 more after an extension (calendar days)."""
    return received_on + dt.timedelta(days=answer_days + (EXTENSION_DAYS if extended else 0))


def may_extend(
    received_on: dt.date, today: dt.date, *, already: bool, answer_days: int = ANSWER_DAYS
) -> str | None:
    """Why the deadline cannot be extended today (French), or None: once only, before the first period
    ends."""
    if already:
        return _("Le délai a déjà été prolongé : la loi permet une seule prolongation de 10 jours.")
    if today > due_on(received_on, extended=False, answer_days=answer_days):
        return _("Le délai de 20 jours est expiré : la prolongation devait être annoncée avant son échéance.")
    return None


def state(due: dt.date, today: dt.date, *, answered: bool, soon_days: int = 5) -> str:
    """'answered', 'overdue' (past the last day), 'due_soon' (within `soon_days`) or 'on_time'."""
    if answered:
        return "answered"
    if today > due:
        return "overdue"
    if (due - today).days <= soon_days:
        return "due_soon"
    return "on_time"


def days_left(due: dt.date, today: dt.date) -> int:
    """Days until the last day (0 on the day itself, negative once overdue)."""
    return (due - today).days
