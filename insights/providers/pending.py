"""Panels that wait for capabilities being built (scheduling, early warning): shown as "to come" on the
dashboards and listed in docs/portraits.md. Each becomes one short provider once its models are merged."""

from django.utils.translation import gettext_lazy as _

from insights.panels import CENTRE, pending

SCHEDULING = "scheduling"
EARLY_WARNING = "earlywarning"

pending(_("Kilomètres et heures de déplacement, et ceux évités par la télépratique"), SCHEDULING, (CENTRE,))
