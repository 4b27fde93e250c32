"""The French words of the booking rules' refusals (lib.scheduling.booking returns codes)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lib.scheduling import booking
from scheduling import config


def refusal_text(code: str) -> str:
    rules = config.booking_rules()
    if code == booking.PAST:
        return _("Cette plage est déjà passée.")
    if code == booking.TOO_SOON:
        return _("Une plage se réserve au moins %(hours)s heures à l'avance.") % {
            "hours": rules.min_notice_hours
        }
    if code == booking.TOO_FAR:
        return _("Une plage se réserve au plus %(days)s jours à l'avance.") % {"days": rules.horizon_days}
    return _(
        "Moins de %(hours)s heures avant le rendez-vous, il ne se déplace ni ne s'annule en ligne : "
        "téléphonez à l'école ou au professionnel."
    ) % {"hours": rules.change_deadline_hours}
