"""Navigation links of early warning (core/navigation.py). Each view protects itself."""

from django.utils.translation import gettext_lazy as _

from core.models import Role
from core.navigation import NavLink

LINKS = [
    NavLink(
        _("Backtest des critères"),
        "earlywarning:backtest:run",
        frozenset({Role.MANAGER}),
        order=46,
        current=lambda m: m.namespace == "earlywarning:backtest",
    ),
]
