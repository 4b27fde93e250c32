"""Navigation links of the privacy officer's tools (core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavLink

OFFICER = frozenset({"privacy_officer"})
LINKS = [
    NavLink(
        label=_("Vie privée"),
        url_name="privacy:dashboard",
        roles=OFFICER,
        order=80,
        current=lambda m: m.app_name == "privacy" and m.url_name == "dashboard",
    ),
    NavLink(
        label=_("Incidents"),
        url_name="privacy:incidents",
        roles=OFFICER,
        order=81,
        current=lambda m: m.app_name == "privacy" and m.url_name.startswith("incident"),
    ),
    NavLink(
        label=_("Demandes d'accès"),
        url_name="privacy:requests",
        roles=OFFICER,
        order=82,
        current=lambda m: m.app_name == "privacy" and m.url_name.startswith("request"),
    ),
    NavLink(
        label=_("Destructions à approuver"),
        url_name="privacy:runs",
        roles=frozenset({"manager"}),
        order=83,
        current=lambda m: m.app_name == "privacy" and m.url_name.startswith("run"),
    ),
]
