"""The scheduling and early-warning panels and columns cost the same number of queries whatever the
number of students, appointments, results, weeks and scores (no query per row)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from earlywarning import scoring
from earlywarning.tests.helpers import load
from insights.tests.test_earlywarning_panels import year  # noqa: F401 — fixture
from insights.tests.test_scheduling_panels import appointment, booked  # noqa: F401 — fixture
from scheduling.tests.conftest import episode_for
from students.models import Student

pytestmark = pytest.mark.django_db
PERIOD = {"debut": "2026-09-01", "fin": "2026-11-30"}


def grow(cast, n: int) -> None:
    """n more students of group 301 with attendance, results, appointments, then the scores again."""
    presences, results = (
        ["code_permanent;date;periode;statut"],
        ["code_permanent;annee_scolaire;etape;matiere;note"],
    )
    for i in range(n):
        student = Student.objects.create(
            code_permanent=f"PLUS{i:02d}120101",
            last_name=f"Nom{i}",
            first_name="Élève",
            birth_date=dt.date(2012, 1, 1),
            sex="X",
            school=cast.sources,
            grade_level="S3",
            group=cast.g301,
        )
        for day in (5, 6, 7):
            presences.append(
                f"{student.code_permanent};{day:02d}/10/2026;1;{'absent motivé' if i % 2 else 'présent'}"
            )
        results.append(f"{student.code_permanent};2026-2027;1;Français;{50 + 5 * i}")
        results.append(f"{student.code_permanent};2026-2027;2;Mathématique;{45 + 5 * i}")
        episode = episode_for(cast, cast.psychologist, student, domain="psychologie")
        appointment(
            episode, student, cast.psychologist, 20, "school", "absent" if i % 3 else "held", cast.sources
        )
    load("presences", ("\n".join(presences) + "\n").encode())
    load("resultats", ("\n".join(results) + "\n").encode())
    scoring.compute_week(dt.date(2026, 11, 2))


def queries(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, PERIOD).status_code == 200
    return len(captured)


def test_the_new_panels_do_not_grow_the_queries_with_the_data(client, year, booked):  # noqa: F811
    scoring.compute_week(dt.date(2026, 11, 2))
    pages = [
        (year.manager, reverse("insights:centre")),
        (year.principal, reverse("insights:school", args=[year.sources.pk])),
        (year.teacher, reverse("insights:group", args=[year.g301.pk])),
    ]
    before = []
    for user, url in pages:
        client.force_login(user)
        before.append(queries(client, url))
    grow(year, 8)
    for (user, url), first in zip(pages, before, strict=True):
        client.force_login(user)
        assert queries(client, url) == first, url
    assert before[0] <= 45 and before[1] <= 45 and before[2] <= 35


def test_the_exports_carry_the_new_panels(client, year, booked):  # noqa: F811
    client.force_login(year.principal)
    response = client.get(reverse("insights:school_export", args=[year.sources.pk, "csv"]), PERIOD)
    text = response.content.decode("utf-8-sig")
    assert (
        "Résultats par matière et par étape" in text and "Français, étape 1;2;100 %;76.5;85.7 %;71.9" in text
    )
    assert "Absences aux rendez-vous" in text and "École secondaire des Sources;3;1;1;25 %" in text
    client.force_login(year.manager)
    text = client.get(reverse("insights:centre_export", args=["csv"]), PERIOD).content.decode("utf-8-sig")
    assert "Modalité des rendez-vous" in text and "Télépratique;< 5;20 %" in text
