import datetime as dt

import pytest

from lib import plans as logic

D = dt.date


def test_the_phases_follow_the_meq_order_and_the_review_starts_a_new_planning_cycle():
    assert logic.PHASES == ("collect", "planning", "carrying_out", "review")
    assert logic.next_phase("collect") == "planning"
    assert logic.next_phase("planning") == "carrying_out"
    assert logic.next_phase("carrying_out") == "review"
    assert logic.next_phase("review") == "planning"
    with pytest.raises(ValueError):
        logic.next_phase("inconnue")


def test_a_contact_is_due_only_after_more_than_thirty_days():
    opened = D(2026, 9, 1)
    last = D(2026, 10, 1)
    assert not logic.contact_is_due(last, opened, D(2026, 10, 31))  # 30 days: still on time
    assert logic.contact_is_due(last, opened, D(2026, 11, 1))  # 31 days: due
    assert logic.contact_due_on(last, opened) == D(2026, 10, 31)


def test_without_any_contact_the_count_starts_at_the_opening():
    opened = D(2026, 9, 1)
    assert not logic.contact_is_due(None, opened, D(2026, 10, 1))
    assert logic.contact_is_due(None, opened, D(2026, 10, 2))
    assert logic.days_since_contact(None, opened, D(2026, 10, 2)) == 31


def test_the_delay_is_configurable_and_a_closed_plan_is_never_due():
    opened = D(2026, 9, 1)
    assert logic.contact_is_due(D(2026, 9, 5), opened, D(2026, 9, 20), days=14)
    assert not logic.contact_is_due(D(2026, 9, 5), opened, D(2026, 9, 19), days=14)
    assert not logic.contact_is_due(None, opened, D(2027, 6, 1), closed=True)
    with pytest.raises(ValueError):
        logic.contact_due_on(None, opened, days=0)


def test_a_contact_before_the_opening_does_not_count_before_the_opening():
    assert logic.contact_reference(D(2026, 8, 1), D(2026, 9, 1)) == D(2026, 9, 1)


def test_formula_cells_are_neutralised():
    assert logic.neutralise_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert logic.neutralise_cell("+1") == "'+1"
    assert logic.neutralise_cell("-2") == "'-2"
    assert logic.neutralise_cell("@SUM(A1)") == "'@SUM(A1)"
    assert logic.neutralise_cell("\tcmd") == "'\tcmd"
    assert logic.neutralise_cell("TREA11561101") == "TREA11561101"
    assert logic.neutralise_cell(D(2026, 10, 3)) == "2026-10-03"
    assert logic.neutralise_cell(None) == ""
    assert logic.neutralise_cell(34) == "34"


def test_the_declaration_is_semicolon_separated_with_its_header():
    text = logic.declaration_csv(
        [["TREA11561101", "751001", "S3", "50", D(2026, 10, 3), ""], ["=1+1", "x;y", "", "", "", ""]]
    )
    lines = text.split("\r\n")
    assert (
        lines[0] == "code_permanent;code_organisme_ecole;niveau;code_ehdaa;date_activation;derniere_revision"
    )
    assert lines[1] == "TREA11561101;751001;S3;50;2026-10-03;"
    assert lines[2] == '\'=1+1;"x;y";;;;'
    assert lines[3] == ""


def test_the_digest_is_canonical():
    a = logic.content_digest({"b": 1, "a": "é"})
    assert a == logic.content_digest({"a": "é", "b": 1})
    assert a != logic.content_digest({"a": "e", "b": 1})
    assert len(a) == 64


def test_what_each_phase_needs_before_the_next():
    gap = logic.phase_gap
    assert gap("collect", has_analysis=False, objectives=0, objectives_with_means=0, reviews=0)
    assert gap("collect", has_analysis=True, objectives=0, objectives_with_means=0, reviews=0) is None
    assert "objectif" in str(
        gap("planning", has_analysis=True, objectives=0, objectives_with_means=0, reviews=0)
    )
    assert "moyen" in str(
        gap("planning", has_analysis=True, objectives=2, objectives_with_means=1, reviews=0)
    )
    assert gap("planning", has_analysis=True, objectives=2, objectives_with_means=2, reviews=0) is None
    assert gap("carrying_out", has_analysis=True, objectives=1, objectives_with_means=1, reviews=0) is None
    assert gap("review", has_analysis=True, objectives=1, objectives_with_means=1, reviews=0)
    assert gap("review", has_analysis=True, objectives=1, objectives_with_means=1, reviews=1) is None
