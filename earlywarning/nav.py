"""Navigation links of early warning (core/navigation.py). Each view protects itself."""

from earlywarning.backtest.nav import BACKTEST_LINK

LINKS = [BACKTEST_LINK]
