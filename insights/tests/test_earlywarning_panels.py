"""Early-warning panels against the hand-computed year of earlywarning/tests (through the real imports)
and five results of another secondary school.

Alice (S3, group 301): five weeks of 20 periods from 5 October 2026, absent 10, 2, 0, 4, 2 (4 unexcused
the week of 26 October): presence 50, 90, 100, 80, 90 %, unexcused 0, 0, 0, 20, 0 %. Results 2026-2027:
étape 1 French 72, mathematics 64; étape 2 French 55.5, mathematics 48. Bruno (S3): étape 1 French 81.
École du Rivage (secondary): five S4 results in French at étape 1: 50, 60, 70, 80, 90.

- Results of des Sources: French é1 2 results, 100 %, mean 76.5; against the secondary schools: 7
  results, 6 pass → 85.7 %, mean 503 / 7 = 71.9. Mathematics é1 1 result, 100 %, 64; the comparison
  (1 result) hidden. French é2 and mathematics é2: 0 %, 55.5 and 48, comparisons hidden.
- Vulnerability at étape 2 (the latest): S3 French and S3 mathematics, 0 % each: both zones.
- Criteria, week of 2 November 2026 (scored for the students of des Sources: Alice and Bruno, Léo
  absent from this fixture): Alice fires 7 criteria, Bruno only `retard_scolaire` → 2 students there.
"""

from __future__ import annotations

import datetime as dt

import pytest

from core.models import School
from earlywarning import scoring
from earlywarning.tests.helpers import build_year, load
from insights.panels import GROUP, SCHOOL
from insights.providers import earlywarning as panels
from insights.tests.helpers import by_first, rows_of, scope_of
from students.models import Student

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(cast):
    build_year(cast)
    rivage = School.objects.create(
        centre=cast.centre,
        network=cast.sud,
        name="École secondaire du Rivage",
        ministry_code="751009",
        level="secondary",
    )
    lines = ["code_permanent;annee_scolaire;etape;matiere;note"]
    for i, grade in enumerate([50, 60, 70, 80, 90]):
        code = f"RIVE{i:02d}100101"
        Student.objects.create(
            code_permanent=code,
            last_name="Gagnon",
            first_name=f"Élève {i}",
            birth_date=dt.date(2010, 1, i + 1),
            sex="X",
            school=rivage,
            grade_level="S4",
        )
        lines.append(f"{code};2026-2027;1;Français;{grade}")
    load("resultats", ("\n".join(lines) + "\n").encode())
    return cast


def test_the_school_sees_its_attendance_week_by_week(year):
    panel = panels.attendance(scope_of(year, SCHOOL))
    assert panel is not None
    assert panel.rows == [
        ["2026-10-05", 1, 50.0, "0 %"],
        ["2026-10-12", 1, 90.0, "0 %"],
        ["2026-10-19", 1, 100.0, "0 %"],
        ["2026-10-26", 1, 80.0, "20 %"],
        ["2026-11-02", 1, 90.0, "0 %"],
    ]
    assert panel.chart is not None
    assert panel.chart["type"] == "line" and panel.chart["datasets"][0]["data"] == [
        50.0,
        90.0,
        100.0,
        80.0,
        90.0,
    ]


def test_the_group_sees_the_weeks_of_its_students_and_another_group_none(year):
    assert len(rows_of(panels.attendance(scope_of(year, GROUP)))) == 5
    other = scope_of(year, GROUP).__class__(
        GROUP,
        year.centre.pk,
        scope_of(year, GROUP).filters,
        group_id=year.g302.pk,
        today=dt.date(2026, 12, 4),
    )
    assert rows_of(panels.attendance(other)) == []


def test_results_by_subject_and_etape_against_the_same_level_schools(year):
    rows = by_first(panels.results(scope_of(year, SCHOOL)))
    assert rows["Français, étape 1"] == [2, "100 %", 76.5, "85.7 %", 71.9]
    assert rows["Mathématique, étape 1"] == [1, "100 %", 64.0, "< 5", "< 5"]
    assert rows["Français, étape 2"] == [1, "0 %", 55.5, "< 5", "< 5"]
    assert rows["Mathématique, étape 2"] == [1, "0 %", 48.0, "< 5", "< 5"]


def test_a_primary_school_is_not_compared_with_the_secondary_schools(year):
    scope = scope_of(year, SCHOOL)
    primary = scope.__class__(
        SCHOOL, year.centre.pk, scope.filters, school_id=year.laurent.pk, level="primary"
    )
    assert panels.results(primary) is None  # Zoé has no result


def test_the_zones_of_vulnerability_are_the_subjects_and_levels_under_70_percent(year):
    panel = panels.vulnerability(scope_of(year, SCHOOL))
    assert panel is not None
    assert by_first(panel) == {"S3 · Français": [1, "0 %", "oui"], "S3 · Mathématique": [1, "0 %", "oui"]}
    assert "Étape 2" in panel.description


def test_the_students_by_fired_criterion_of_the_latest_week(year):
    scoring.compute_week(dt.date(2026, 10, 26))
    scoring.compute_week(dt.date(2026, 11, 2))
    panel = panels.criteria(scope_of(year, SCHOOL))
    assert panel is not None
    counts = {row[0]: row[1] for row in panel.rows}
    assert "2026-11-02" in panel.description
    assert sum(1 for n in counts.values() if n) == 7
    assert max(counts.values()) == 2  # retard_scolaire: Alice and Bruno
    assert sorted(counts.values(), reverse=True)[:2] == [2, 1]


def test_without_scores_or_results_the_panels_say_nothing(cast):
    scope = scope_of(cast, SCHOOL)
    assert panels.criteria(scope) is None and panels.results(scope) is None
    assert panels.vulnerability(scope) is None and rows_of(panels.attendance(scope)) == []


def test_the_class_portrait_shows_each_students_presence_and_latest_results(year):
    from insights.providers import earlywarning_columns as columns

    scope = scope_of(year, GROUP)
    ids = [year.alice.pk, year.bruno.pk]
    # Alice: 18 periods missed of 100 → 82 %; Bruno: no attendance imported.
    assert columns.attendance(scope, ids) == {year.alice.pk: "82 %"}
    assert columns.results(scope, ids) == {
        year.alice.pk: "Français 55.5, Mathématique 48 (étape 2)",
        year.bruno.pk: "Français 81 (étape 1)",
    }
    later = scope.__class__(
        GROUP, scope.centre_id, scope.filters, group_id=scope.group_id, today=dt.date(2027, 9, 1)
    )
    assert columns.results(later, [year.bruno.pk]) == {year.bruno.pk: "Français 81 (étape 1, 2026-2027)"}


def test_the_group_page_has_the_two_columns(client, year):
    from django.urls import reverse

    client.force_login(year.teacher)
    response = client.get(
        reverse("insights:group", args=[year.g301.pk]), {"debut": "2026-09-01", "fin": "2026-11-30"}
    )
    html = response.content.decode()
    assert "Présence (période)" in html and "82 %" in html
    assert "Français 55.5, Mathématique 48 (étape 2" in html  # and the year once it is past
    assert "Assiduité et résultats de chaque élève du groupe" not in html
