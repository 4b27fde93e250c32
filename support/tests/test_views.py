"""The pages of tiers and interventions: what each person sees, French errors that lose nothing, the
audit of every read."""

from __future__ import annotations

import json

from auditlog.models import LogEntry
from django.urls import reverse

from support.models import Intervention, ProgressPoint, TierDecision
from support.tests.helpers import days_ago, kind


def reads(user, view):
    return LogEntry.objects.filter(actor=user, action=LogEntry.Action.ACCESS, additional_data__view=view)


def test_the_principal_sees_the_students_by_tier_with_what_is_due_first(client, cast, support):
    client.force_login(cast.principal)
    response = client.get(reverse("support:list"))
    assert response.status_code == 200
    rows = response.context["rows"]
    # Both have something due (Bruno, tier 3: a weekly point; Alice: a decision), tier 3 first.
    assert [r.student for r in rows] == [cast.bruno, cast.alice]
    assert rows[0].points_due == 1 and rows[0].tier == 3 and rows[1].decisions_due == 1
    assert "Décision due" in response.content.decode()
    assert {e.object_id for e in reads(cast.principal, "support:list")} == {cast.alice.pk, cast.bruno.pk}
    only_3 = client.get(reverse("support:list"), {"palier": "3"}).context["rows"]
    assert [r.student for r in only_3] == [cast.bruno]
    due = client.get(reverse("support:list"), {"a-faire": "1"}).context["rows"]
    assert all(r.to_do for r in due)


def test_the_teacher_sees_the_group_and_only_the_interventions_they_run(client, cast, support):
    client.force_login(cast.teacher)
    rows = client.get(reverse("support:list")).context["rows"]
    assert [r.student for r in rows] == [cast.alice]
    assert [m.intervention for m in rows[0].monitors] == [support.reading]


def test_the_family_and_the_manager_are_sent_to_their_pages(client, cast, support):
    client.force_login(cast.parent)
    assert client.get(reverse("support:list")).url == reverse("support:portal")
    client.force_login(cast.manager)
    assert client.get(reverse("support:list")).url == reverse("support:counts")
    client.force_login(cast.coordinator)
    assert client.get(reverse("support:list")).status_code == 403


def test_the_intervention_page_has_the_chart_data_and_the_same_data_as_a_table(client, cast, support):
    client.force_login(cast.principal)
    response = client.get(reverse("support:detail", args=[support.reading.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    data = json.loads(
        html.split('<script id="progress-data" type="application/json">')[1].split("</script>")[0]
    )
    assert [p["y"] for p in data["points"]] == [40.0, 44.0, 45.0, 51.0]
    assert [p["x"] for p in data["points"]] == [0, 7, 14, 21]
    assert data["goal"] == [{"x": 0, "y": 40.0}, {"x": 42, "y": 61.0}]
    assert data["trend"][0] == {"x": 0, "y": 39.9}
    assert "vendor/chartjs/chart.umd.min.js" in html and "support/progress-chart.js" in html
    assert "<script>" not in html  # no inline script (CSP)
    table = html.split('id="progress-table"')[1].split("</table>")[0]
    assert table.count("<tr>") == 5 and "Note d&#x27;équipe 1" in table and "<td>47,00</td>" in table
    assert reads(cast.principal, "support:detail").filter(object_id=support.reading.pk).exists()


def test_the_family_portal_shows_progress_without_the_teams_notes(client, cast, support):
    client.force_login(cast.parent)
    response = client.get(reverse("support:portal"))
    assert {m.intervention for m in response.context["monitors"]} == {support.reading, support.coping}
    assert client.get(reverse("support:detail", args=[support.reading.pk])).url == reverse(
        "support:portal_detail", args=[support.reading.pk]
    )
    html = client.get(reverse("support:portal_detail", args=[support.reading.pk])).content.decode()
    assert "progress-data" in html and "Lire un texte" in html
    assert "Note d&#x27;équipe" not in html and "Notes pour l&#x27;équipe" not in html
    assert "Décisions de suivi" not in html
    assert reads(cast.parent, "support:portal_detail").filter(object_id=support.reading.pk).exists()


def test_the_principal_records_a_tier_and_a_refused_form_keeps_what_was_typed(client, cast, support):
    client.force_login(cast.principal)
    url = reverse("support:tier", args=[cast.alice.pk])
    response = client.post(url, {"tier": "3", "reason": "", "source_reference": "Rencontre du 12 novembre"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Écrivez le motif de la décision" in html and "Rencontre du 12 novembre" in html
    assert TierDecision.objects.filter(student=cast.alice).count() == 1
    response = client.post(url, {"tier": "3", "reason": "Aucun progrès en six semaines.", "source": "team"})
    assert response.status_code == 302
    assert TierDecision.objects.filter(student=cast.alice).latest("pk").tier == 3


def test_the_principal_starts_an_intervention_through_the_form(client, cast, support):
    client.force_login(cast.principal)
    url = reverse("support:start", args=[cast.bruno.pk])
    data = {
        "kind": kind("check-in-check-out").pk,
        "goal": "Obtenir 80 % des points de la fiche chaque jour.",
        "unit": "% des points de la fiche",
        "baseline": "45",
        "target": "45",
        "responsible": cast.principal.pk,
        "frequency": "Chaque jour",
        "start_on": days_ago(0).isoformat(),
        "planned_weeks": "6",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "La cible doit différer" in response.content.decode()
    response = client.post(url, {**data, "target": "80"})
    created = Intervention.objects.filter(student=cast.bruno).latest("pk")
    assert response.url == reverse("support:detail", args=[created.pk]) and created.target == 80


def test_the_teacher_adds_a_point_with_a_decimal_comma(client, cast, support):
    client.force_login(cast.teacher)
    url = reverse("support:point", args=[support.reading.pk])
    response = client.post(url, {"measured_on": days_ago(0).isoformat(), "value": "beaucoup"})
    assert "entrez un nombre" in response.content.decode()
    response = client.post(url, {"measured_on": days_ago(0).isoformat(), "value": "52,5", "note": "Bien."})
    assert response.status_code == 302
    assert ProgressPoint.objects.filter(intervention=support.reading).latest("pk").value == 52.5
    assert client.get(reverse("support:point", args=[support.coping.pk])).status_code == 404


def test_a_decision_to_stop_asks_for_the_outcome(client, cast, support):
    client.force_login(cast.principal)
    url = reverse("support:decide", args=[support.reading.pk])
    response = client.post(url, {"kind": "stop", "reason": "Objectif presque atteint."})
    assert "Indiquez le résultat" in response.content.decode()
    response = client.post(
        url, {"kind": "stop", "reason": "Objectif presque atteint.", "outcome": "progress"}
    )
    assert response.status_code == 302
    support.reading.refresh_from_db()
    assert support.reading.status == "ended"


def test_the_360_page_shows_the_section_and_its_one_access_row_covers_it(client, cast, support):
    client.force_login(cast.principal)
    html = client.get(reverse("students:detail", args=[cast.alice.pk])).content.decode()
    assert "section-paliers" in html and "Palier 2" in html and "Décider du palier" in html
    assert reads(cast.principal, "students:detail").filter(object_id=cast.alice.pk).count() == 1
    client.force_login(cast.parent)
    html = client.get(reverse("students:detail", args=[cast.alice.pk])).content.decode()
    assert "section-paliers" in html and "Palier 2" not in html


def test_the_manager_sees_counts_without_names(client, cast, support):
    client.force_login(cast.manager)
    response = client.get(reverse("support:counts"))
    html = response.content.decode()
    assert response.status_code == 200 and "Alice" not in html and "Bruno" not in html
    sources = next(r for r in response.context["rows"] if r["school"] == cast.sources)
    assert sources["tier2"] == "< 5" and sources["tier1"] == "0"


def test_the_school_list_costs_the_same_queries_whatever_the_number_of_interventions(client, cast, support):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from support.tests.helpers import start, with_points

    client.force_login(cast.principal)
    with CaptureQueriesContext(connection) as before:
        assert client.get(reverse("support:list")).status_code == 200
    for _ in range(3):
        with_points(
            cast.principal, start(cast.principal, cast.bruno, cast.principal, started_days_ago=20), [1, 2, 3]
        )
    with CaptureQueriesContext(connection) as after:
        response = client.get(reverse("support:list"))
    assert len(response.context["rows"][0].monitors) == 4
    assert len(after) == len(before), [q["sql"][:80] for q in after]


def test_the_pages_speak_english_too(client, cast, support):
    from django.conf import settings
    from django.utils import translation

    client.force_login(cast.principal)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        html = client.get(reverse("support:detail", args=[support.reading.pk])).content.decode()
    finally:
        translation.activate(settings.LANGUAGE_CODE)  # the middleware left English active in this thread
    assert "Reading tutoring" in html and "Progress monitoring" in html and "Goal line" in html
    assert "Tutorat en lecture" not in html
