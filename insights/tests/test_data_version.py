"""The portraits' data version rises after every write their figures read: model saves through the
signals, bulk imports and the weekly coefficients through core.bulk, and only once committed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from earlywarning import scoring
from earlywarning.tests.files import GOOD
from earlywarning.tests.helpers import attendance_file, load
from insights import cache

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "data"),
    [("presences", attendance_file), ("resultats", lambda: GOOD["resultats"].encode())],
)
def test_an_import_raises_the_version_once_committed(cast, django_capture_on_commit_callbacks, kind, data):
    before = cache.version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        load(kind, data())
        assert cache.version() == before  # not before the commit
    assert callbacks and cache.version() > before


def test_the_weekly_coefficients_raise_the_version(cast, django_capture_on_commit_callbacks):
    load("presences", attendance_file())
    before = cache.version()
    with django_capture_on_commit_callbacks(execute=True):
        scoring.compute_week(dt.date(2026, 11, 2))
    assert cache.version() > before


def test_a_rolled_back_import_leaves_the_version(cast, django_capture_on_commit_callbacks):
    before = cache.version()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                load("presences", attendance_file())
                raise RuntimeError
        except RuntimeError:
            pass
    assert cache.version() == before
