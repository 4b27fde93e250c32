"""CSV (UTF-8 with BOM, semicolons, for French Excel) and Excel exports of a dashboard's panels: the same
rows as the tables (small counts already hidden), each cell neutralised against formula injection."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from insights.panels import Panel
from lib.spreadsheet import csv_writer, neutralise_value, new_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise_value(
        "" if value is None else (value if isinstance(value, (int, float)) else str(value))
    )


def student_panel(board: Any) -> Panel:
    columns = [_("Élève"), _("Code permanent"), *[str(c.title) for c in board.student_columns]]
    rows = [[r["student"].full_name, r["student"].code_permanent, *r["cells"]] for r in board.students]
    return Panel(key="group.students", title=_("Élèves du groupe"), columns=columns, rows=rows)


def csv_bytes(panels: list[Panel]) -> bytes:
    out = io.StringIO()
    writer = csv_writer(out)
    for i, panel in enumerate(panels):
        if i:
            writer.writerow([])
        writer.writerow([_cell(panel.title)])
        writer.writerow([_cell(c) for c in panel.columns])
        for row in panel.exported():
            writer.writerow([_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def sheet_name(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\']", " ", title)[:28].strip() or "Feuille"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:25]} {n}", n + 1
    used.add(name)
    return name


def xlsx_bytes(panels: list[Panel]) -> bytes:
    book = new_workbook()
    used: set[str] = set()
    for panel in panels:
        sheet = book.create_sheet(sheet_name(panel.title, used))
        sheet.append([_cell(c) for c in panel.columns])
        for row in panel.exported():
            sheet.append([_cell(v) for v in row])
    if not panels:
        book.create_sheet(_("Vide"))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def respond(panels: list[Panel], fmt: str, filename: str, only: str = "") -> HttpResponse:
    if only:
        panels = [p for p in panels if p.key == only]
        if not panels:
            raise Http404
    if fmt == "csv":
        response = HttpResponse(csv_bytes(panels), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(panels), content_type=XLSX)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
