import datetime as dt

import pytest

from lib.schoolyear import age_on, age_on_september_30, school_year_bounds, school_year_label
from lib.text import fold


def test_age_counts_completed_years_only():
    assert age_on(dt.date(2012, 11, 23), dt.date(2026, 11, 22)) == 13
    assert age_on(dt.date(2012, 11, 22), dt.date(2026, 11, 22)) == 14


def test_age_on_29_february_birthday():
    assert age_on(dt.date(2012, 2, 29), dt.date(2026, 2, 28)) == 13
    assert age_on(dt.date(2012, 2, 29), dt.date(2026, 3, 1)) == 14


def test_school_year_turns_on_first_of_july():
    assert school_year_label(dt.date(2026, 6, 30)) == "2025-2026"
    assert school_year_label(dt.date(2026, 7, 1)) == "2026-2027"


def test_school_year_bounds_and_bad_labels():
    assert school_year_bounds("2026-2027") == (dt.date(2026, 7, 1), dt.date(2027, 6, 30))
    for bad in ["2026", "2026-2028", "abcd-efgh", ""]:
        with pytest.raises(ValueError):
            school_year_bounds(bad)


def test_placement_age_is_taken_on_30_september():
    assert age_on_september_30(dt.date(2020, 9, 30), "2026-2027") == 6
    assert age_on_september_30(dt.date(2020, 10, 1), "2026-2027") == 5


def test_fold_ignores_case_accents_bom_and_spacing():
    assert fold("\ufeffCode Permanent") == "code_permanent"
    assert fold("  Date de Naissance ") == "date_de_naissance"
    assert fold("PRÉNOM") == "prenom"
    assert fold("École") == "ecole"
