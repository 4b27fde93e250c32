"""The navigation link of the backtest page (listed in earlywarning/nav.py). The view protects itself."""

from django.utils.translation import gettext_lazy as _

from core.models import Role
from core.navigation import NavLink

BACKTEST_LINK = NavLink(
    _("Backtest"),
    "earlywarning:backtest:run",
    frozenset({Role.MANAGER}),
    order=46,
    current=lambda match: match.namespace == "earlywarning:backtest",
)
