"""Navigation links of appointments (core/navigation.py). Each view protects itself."""

from django.utils.translation import gettext_lazy as _

from core.models import Role
from core.navigation import NavLink

LINKS = [
    NavLink(
        _("Rendez-vous"),
        "scheduling:week",
        frozenset({Role.PROFESSIONAL, Role.TEACHER, Role.PRINCIPAL}),
        order=50,
    ),
    NavLink(_("Rendez-vous"), "scheduling:portal", frozenset({Role.GUARDIAN, Role.STUDENT}), order=50),
    NavLink(_("Déplacements"), "scheduling:travel_totals", frozenset({Role.MANAGER}), order=50),
]
