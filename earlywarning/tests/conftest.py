"""Fixtures of early warning: Alice's five weeks of attendance, results and events (test_scoring's
docstring computes them by hand), and the scores of the week of 2 November 2026."""

from __future__ import annotations

import datetime as dt

import pytest

from earlywarning.tests.helpers import build_year


@pytest.fixture
def alice_year(cast):
    return build_year(cast)


@pytest.fixture
def scored(alice_year):
    from earlywarning import scoring

    scoring.compute_week(dt.date(2026, 10, 26))
    scoring.compute_week(dt.date(2026, 11, 2))
    return alice_year
