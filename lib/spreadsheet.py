"""Exports that a spreadsheet opens safely: every cell neutralised against formula injection (OWASP
"CSV injection"), and the one CSV writer of the project (`security/tests/test_exports.py` fails on any
other `csv.writer` in the code, so a new export cannot forget it).

A cell that a spreadsheet would evaluate — it starts with `=`, `+`, `-`, `@`, a tab, a carriage return or
a line feed, possibly after spaces, or with their full-width forms — is prefixed with a single quote, which
Excel and LibreOffice show as text and do not run. Dates are written as ISO 8601.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
BOM = "\ufeff"


class _Writable(Protocol):
    def write(self, s: str, /) -> Any: ...


def neutralise_cell(value: Any) -> str:
    """The cell as text, prefixed with `'` when a spreadsheet would read it as a formula."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # a number, even negative, is read as a number, never as a formula
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return "'" + text if text.lstrip(" ").startswith(FORMULA_STARTS) else text


class SafeWriter:
    """`csv.writer` whose rows are neutralised cell by cell: `;`-separated (French Excel), CRLF."""

    def __init__(self, out: _Writable, *, delimiter: str = ";") -> None:
        self._writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([neutralise_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: _Writable, *, delimiter: str = ";") -> SafeWriter:
    return SafeWriter(out, delimiter=delimiter)


def neutralise_value(value: Any) -> Any:
    """For a typed sheet (Excel): text that would be a formula gets its apostrophe; numbers, dates and
    None keep their type."""
    return neutralise_cell(value) if isinstance(value, str) else value


def new_workbook() -> Any:
    """An empty openpyxl workbook, for exports whose every cell goes through `neutralise_value`."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    return book
