"""Navigation links of the portraits (core/navigation.py). Each view protects itself."""

from django.utils.translation import gettext_lazy as _

from core.models import Role
from core.navigation import NavLink

LINKS = [
    NavLink(
        _("Portraits"), "insights:index", frozenset({Role.MANAGER, Role.PRINCIPAL, Role.TEACHER}), order=45
    ),
]
