import datetime as dt

import pytest

from lib.retention import add_years, retention_end, retention_for, years_for


def test_retention_ends_n_years_after_the_last_service():
    assert retention_end(dt.date(2026, 11, 3), 5) == dt.date(2031, 11, 3)
    assert retention_end(dt.date(2026, 11, 3), 0) == dt.date(2026, 11, 3)


def test_a_last_service_on_29_february_ends_on_28_february_of_a_common_year():
    assert retention_end(dt.date(2028, 2, 29), 5) == dt.date(2033, 2, 28)
    assert retention_end(dt.date(2028, 2, 29), 4) == dt.date(2032, 2, 29)  # leap year again
    assert add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)


def test_years_come_from_the_profession_or_the_default():
    by_profession = {"psychologist": 7, "nurse": 5}
    assert years_for("psychologist", by_profession, 5) == 7
    assert years_for("speech_therapist", by_profession, 6) == 6
    assert retention_for("psychologist", dt.date(2026, 1, 10), by_profession, 5) == dt.date(2033, 1, 10)


def test_a_negative_duration_is_refused():
    with pytest.raises(ValueError):
        years_for("psychologist", {"psychologist": -1}, 5)
