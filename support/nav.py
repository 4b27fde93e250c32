"""Navigation links of tiers and interventions (core/navigation.py). Each view protects itself."""

from django.utils.translation import gettext_lazy as _

from core.models import Role
from core.navigation import NavLink

LINKS = [
    NavLink(
        _("Paliers et interventions"),
        "support:list",
        frozenset({Role.PRINCIPAL, Role.TEACHER, Role.PROFESSIONAL}),
        order=40,
    ),
    NavLink(_("Interventions"), "support:portal", frozenset({Role.GUARDIAN, Role.STUDENT}), order=40),
    NavLink(_("Paliers (portrait)"), "support:counts", frozenset({Role.MANAGER}), order=40),
]
