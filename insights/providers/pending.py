"""Panels that wait for capabilities being built (scheduling, early warning): shown as "to come" on the
dashboards and listed in docs/portraits.md. Each becomes one short provider once its models are merged."""

from django.utils.translation import gettext_lazy as _

from insights.columns import Column  # noqa: F401 — the class portrait's columns to come are listed below
from insights.panels import CENTRE, GROUP, SCHOOL, pending

SCHEDULING = "scheduling"
EARLY_WARNING = "earlywarning"

pending(_("Modalité des rendez-vous (part de la télépratique planifiée)"), SCHEDULING, (CENTRE, SCHOOL))
pending(_("Taux d'absence aux rendez-vous"), SCHEDULING, (CENTRE, SCHOOL))
pending(_("Kilomètres et heures de déplacement, et ceux évités par la télépratique"), SCHEDULING, (CENTRE,))
pending(_("Charge de cas contre le temps disponible de chaque professionnel·le"), SCHEDULING, (CENTRE,))
pending(_("Résultats par matière et par étape contre la moyenne du centre"), EARLY_WARNING, (SCHOOL,))
pending(_("Zones de vulnérabilité : matières et niveaux où la réussite est faible"), EARLY_WARNING, (SCHOOL,))
pending(_("Assiduité semaine par semaine"), EARLY_WARNING, (SCHOOL, GROUP))
pending(_("Élèves par critère de repérage déclenché"), EARLY_WARNING, (SCHOOL,))
pending(_("Assiduité et résultats de chaque élève du groupe"), EARLY_WARNING, (GROUP,))
