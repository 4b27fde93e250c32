"""Exports (same rows as the tables, formulas neutralised) and bounded query counts (no N+1)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from insights.tests.conftest import period, request_for
from students.models import Student


def test_the_csv_export_has_the_tables_rows_with_small_counts_hidden(client, cast, portrait):
    client.force_login(cast.manager)
    response = client.get(
        reverse("insights:centre_export", args=["csv"]), {**period(), "panneau": "intake.waiting"}
    )
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Listes d'attente : longueur et attente"]
    assert rows[1][0] == "Service"
    assert ["Orthophonie", "< 5", "< 5", "< 5"] in rows
    assert ["Psychologie", "5", "20.0", "36.0"] in rows


def test_the_excel_export_has_one_sheet_a_panel(client, cast, portrait):
    client.force_login(cast.principal)
    response = client.get(reverse("insights:school_export", args=[cast.sources.pk, "xlsx"]), period())
    book = load_workbook(io.BytesIO(response.content))
    assert "L'école en contexte" not in book.sheetnames  # an apostrophe is not allowed in a sheet name
    sheet = book[book.sheetnames[0]]
    assert sheet["A1"].value == "Indicateur"
    waiting = next(book[name] for name in book.sheetnames if name.startswith("Listes d"))
    assert [c.value for c in waiting[2]] == ["Psychologie", 5, 20.0, 36.0, 20.0]


def test_a_name_that_looks_like_a_formula_is_neutralised_in_both_exports(client, cast):
    cast.alice.last_name = '=HYPERLINK("http://x")'
    cast.alice.save()
    client.force_login(cast.teacher)
    text = client.get(reverse("insights:group_export", args=[cast.g301.pk, "csv"])).content.decode(
        "utf-8-sig"
    )
    assert "'Alice =HYPERLINK" not in text and "Alice =HYPERLINK" in text  # starts with A: left alone
    cast.alice.first_name = "@cmd"
    cast.alice.save()
    text = client.get(reverse("insights:group_export", args=[cast.g301.pk, "csv"])).content.decode(
        "utf-8-sig"
    )
    assert "'@cmd" in text
    book = load_workbook(
        io.BytesIO(client.get(reverse("insights:group_export", args=[cast.g301.pk, "xlsx"])).content)
    )
    values = [c.value for row in book[book.sheetnames[0]].iter_rows() for c in row]
    assert any(isinstance(v, str) and v.startswith("'@cmd") for v in values)


def test_an_unknown_format_or_panel_is_a_404(client, cast):
    client.force_login(cast.manager)
    assert client.get(reverse("insights:centre_export", args=["pdf"])).status_code == 404
    assert client.get(reverse("insights:centre_export", args=["csv"]), {"panneau": "nope"}).status_code == 404


def more_students(cast, domain, n):
    for i in range(n):
        student = Student.objects.create(
            code_permanent=f"MORE{i:08d}",
            last_name=f"Nom{i}",
            first_name="Élève",
            birth_date=dt.date(2012, 1, 1),
            sex="X",
            school=cast.laurent if i % 2 else cast.sources,
            grade_level="S3",
            group=cast.g301,
        )
        request_for(student, domain, "waiting", created_days=5, accepted_days=3, by=cast.principal)


def count(client, django_assert_max_num_queries, url, limit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with django_assert_max_num_queries(limit), CaptureQueriesContext(connection) as captured:
        assert client.get(url, period()).status_code == 200
    return len(captured)


def test_the_dashboards_queries_do_not_grow_with_the_data(
    client, cast, portrait, django_assert_max_num_queries
):
    pages = [
        (cast.manager, reverse("insights:centre"), 40),
        (cast.principal, reverse("insights:school", args=[cast.sources.pk]), 40),
        (cast.teacher, reverse("insights:group", args=[cast.g301.pk]), 30),
    ]
    before = []
    for user, url, limit in pages:
        client.force_login(user)
        before.append(count(client, django_assert_max_num_queries, url, limit))
    more_students(cast, portrait.psy, 12)
    for (user, url, limit), first in zip(pages, before, strict=True):
        client.force_login(user)
        assert count(client, django_assert_max_num_queries, url, limit) == first, url


def test_a_cached_dashboard_costs_a_handful_of_queries(client, cast, portrait, django_assert_max_num_queries):
    client.force_login(cast.manager)
    url = reverse("insights:centre")
    client.get(url, period())
    with django_assert_max_num_queries(8):  # session, user, filters' choices, data version
        client.get(url, period())
