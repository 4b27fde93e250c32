"""Navigation links of early warning (core/navigation.py). Each view protects itself."""

from django.utils.translation import gettext_lazy as _

from core.models import Role
from core.navigation import NavLink
from earlywarning.backtest.nav import BACKTEST_LINK

LINKS = [
    NavLink(
        _("Repérage"),
        "earlywarning:list",
        frozenset({Role.PRINCIPAL, Role.TEACHER, Role.PROFESSIONAL}),
        order=35,
    ),
    NavLink(
        _("Portraits d'assiduité"),
        "earlywarning:portraits",
        frozenset({Role.MANAGER}),
        order=35,
    ),
    NavLink(_("Critères de repérage"), "earlywarning:criteria", frozenset({Role.MANAGER}), order=36),
    BACKTEST_LINK,
]
