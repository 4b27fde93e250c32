"""The dashboards' numbers against the hand-computed fixture (insights/tests/conftest.py)."""

from __future__ import annotations

from django.urls import reverse

from insights.tests.conftest import period


def panel(response, key):
    found = [p for p in response.context["board"].panels if p.key == key]
    assert found, key
    return found[0]


def rows_by_first(p):
    return {row[0]: row[1:] for row in p.rows}


def test_the_school_sees_its_own_waits_with_median_and_90th_percentile(client, cast, portrait):
    client.force_login(cast.principal)
    response = client.get(reverse("insights:school", args=[cast.sources.pk]), period())
    assert response.status_code == 200
    waiting = rows_by_first(panel(response, "intake.waiting"))
    # Five waits 5, 10, 20, 30, 40: median 20, p90 36; the centre's secondary schools: the same five.
    assert waiting["Psychologie"] == [5, 20.0, 36.0, 20.0]
    # Zoé's speech request is at a primary school: the secondary comparison has none.
    assert "Orthophonie" not in waiting


def test_the_centre_hides_counts_under_five_and_the_figures_drawn_from_them(client, cast, portrait):
    client.force_login(cast.manager)
    response = client.get(reverse("insights:centre"), period())
    waiting = rows_by_first(panel(response, "intake.waiting"))
    assert waiting["Psychologie"] == [5, 20.0, 36.0]
    assert waiting["Orthophonie"] == ["< 5", "< 5", "< 5"]
    first = rows_by_first(panel(response, "intake.first_service"))
    assert first["Orthophonie"] == ["< 5", "< 5", "< 5"]
    by_network = rows_by_first(panel(response, "intake.networks"))
    # Réseau Nord: 6 requests received (5 waiting, 1 assigned); Sud: 1.
    assert by_network["Réseau Nord"] == [6, 5, "< 5", 0]
    assert by_network["Réseau Sud"] == ["< 5", "< 5", 0, 0]
    html = response.content.decode()
    assert "Zoé" not in html and "Tremblay" not in html


def test_the_school_counts_acts_hours_and_the_share_of_telepractice(client, cast, portrait):
    client.force_login(cast.principal)
    response = client.get(reverse("insights:school", args=[cast.sources.pk]), period())
    by_profession = rows_by_first(panel(response, "records.by_profession"))
    assert by_profession == {"Psychologue": [3, 2.0, 1]}  # the correction and the consent note left out
    weekly = panel(response, "records.weekly")
    week = [row for row in weekly.rows if row[1]]
    assert len(week) == 1
    assert week[0][1:] == [3, 2.0, 1, 1, 1, "33.3 %"]
    first = rows_by_first(panel(response, "intake.first_service"))
    assert first["Orthophonie"] == [1, 12.0, 12.0]


def test_the_school_counts_students_by_tier_and_plans_reviewed_on_time(client, cast, portrait):
    client.force_login(cast.principal)
    response = client.get(reverse("insights:school", args=[cast.sources.pk]), period())
    tiers = rows_by_first(panel(response, "support.tiers"))
    # Secondaire 3: six students, four without a decision, one in tier 2, one in tier 3.
    assert tiers["Secondaire 3"] == [6, 4, 0, 1, 1, 0]
    plans = rows_by_first(panel(response, "plans.active"))
    assert plans["Secondaire 3"] == [1, 1, 0, 1]
    context = rows_by_first(panel(response, "core.context"))
    assert context["Rang décile IMSE (1 favorisé, 10 défavorisé)"] == [8]
    assert context["Élèves inscrits"] == [6]


def test_the_centre_filters_by_network_school_and_profession(client, cast, portrait):
    client.force_login(cast.manager)
    url = reverse("insights:centre")
    south = client.get(url, {**period(), "reseau": cast.sud.pk})
    assert set(rows_by_first(panel(south, "intake.waiting"))) == {"Orthophonie"}
    speech = client.get(url, {**period(), "profession": "speech_therapist"})
    assert panel(speech, "records.by_profession").rows == []
    assert set(rows_by_first(panel(speech, "intake.waiting"))) == {"Orthophonie"}  # the services it provides
    psy = client.get(url, {**period(), "profession": "psychologist", "ecole": cast.sources.pk})
    assert rows_by_first(panel(psy, "records.by_profession")) == {"Psychologue": ["< 5", "< 5", "< 5"]}


def test_a_bad_filter_is_named_in_french_and_ignored(client, cast, portrait):
    client.force_login(cast.manager)
    response = client.get(
        reverse("insights:centre"), {"debut": "hier", "reseau": "999999", "profession": "x"}
    )
    assert response.status_code == 200
    errors = response.context["board"].errors
    assert any("date invalide" in e for e in errors)
    assert any("Réseau" in e for e in errors) and any("Profession" in e for e in errors)


def test_the_figures_change_when_the_data_changes(
    client, cast, portrait, django_capture_on_commit_callbacks, settings
):
    from insights.tests.conftest import request_for

    settings.INSIGHTS_MAX_STALE_S = 0
    client.force_login(cast.principal)
    url = reverse("insights:school", args=[cast.sources.pk])
    before = rows_by_first(panel(client.get(url, period()), "intake.waiting"))["Psychologie"][0]
    other = portrait.others[3]
    with django_capture_on_commit_callbacks(execute=True):  # the version is raised once committed
        request_for(other, portrait.psy, "waiting", created_days=3, accepted_days=2, by=cast.principal)
    after = rows_by_first(panel(client.get(url, period()), "intake.waiting"))["Psychologie"][0]
    assert (before, after) == (5, 6)


def test_the_chart_data_is_in_a_json_block_and_the_page_has_no_inline_script(client, cast, portrait):
    import json
    import re

    client.force_login(cast.manager)
    html = client.get(reverse("insights:centre"), period()).content.decode()
    blocks = re.findall(r'<script id="([^"]+)" type="application/json">(.*?)</script>', html, re.S)
    assert blocks
    spec = json.loads(blocks[0][1])
    assert {"type", "labels", "datasets"} <= set(spec)
    for tag in re.findall(r"<script(?![^>]*application/json)[^>]*>", html):
        assert "src=" in tag, tag
    assert f'data-portrait-chart="{blocks[0][0]}"' in html


def test_the_waiting_list_length_is_counted_at_the_end_of_each_week(client, cast, portrait):
    import datetime as dt

    from django.utils import timezone

    from insights.tests.conftest import request_for
    from lib.portraits import week_start
    from students.models import Student

    monday = week_start(timezone.localdate())
    tz = timezone.get_current_timezone()
    newcomer = Student.objects.create(
        code_permanent="NOUV00000001",
        last_name="Pelletier",
        first_name="Maude",
        birth_date=dt.date(2016, 2, 2),
        sex="F",
        school=cast.laurent,
        grade_level="P5",
    )
    withdrawn = request_for(newcomer, portrait.psy, "withdrawn", created_days=50, by=cast.outsider)
    withdrawn.accepted_at = dt.datetime.combine(
        monday - dt.timedelta(weeks=5, days=-1), dt.time(10), tzinfo=tz
    )
    withdrawn.closed_at = dt.datetime.combine(monday - dt.timedelta(weeks=3, days=-2), dt.time(10), tzinfo=tz)
    withdrawn.save()
    client.force_login(cast.outsider)  # the principal of Saint-Laurent: Zoé (accepted 7 days ago) and Maude
    response = client.get(reverse("insights:school", args=[cast.laurent.pk]), period())
    counts = {row[0]: row[1] for row in panel(response, "intake.waiting_weekly").rows}
    expected = {
        monday - dt.timedelta(weeks=k): n for k, n in [(5, 1), (4, 1), (3, 0), (2, 0), (1, 1), (0, 1)]
    }
    assert {week: counts[week] for week in expected} == expected
    assert all(n == 0 for week, n in counts.items() if week < monday - dt.timedelta(weeks=5))


def test_figures_of_the_minute_before_a_change_may_still_be_served(
    client, cast, portrait, django_capture_on_commit_callbacks, settings
):
    from insights.tests.conftest import request_for

    settings.INSIGHTS_MAX_STALE_S = 60
    client.force_login(cast.principal)
    url = reverse("insights:school", args=[cast.sources.pk])
    waiting = lambda: rows_by_first(panel(client.get(url, period()), "intake.waiting"))["Psychologie"][0]  # noqa: E731
    assert waiting() == 5
    with django_capture_on_commit_callbacks(execute=True):
        request_for(
            portrait.others[3], portrait.psy, "waiting", created_days=3, accepted_days=2, by=cast.principal
        )
    assert waiting() == 5  # computed less than a minute ago
    settings.INSIGHTS_MAX_STALE_S = 0  # the minute has passed
    assert waiting() == 6
