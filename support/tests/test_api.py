"""The read-only API of tiers and interventions: the pages' visibility, audited reads, nothing of the
team's notes or decisions for the family."""

from auditlog.models import LogEntry
from django.urls import reverse


def test_the_intervention_list_holds_what_the_user_sees_and_audits_each_student(client, cast, support):
    url = reverse("api:intervention-list")
    assert client.get(url).status_code in (401, 403)
    client.force_login(cast.teacher)
    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store, private"
    rows = response.json()["results"]
    assert [r["id"] for r in rows] == [support.reading.pk]
    assert rows[0]["decision_due"] is True and rows[0]["point_due"] is True
    entry = LogEntry.objects.filter(actor=cast.teacher, additional_data__view="api:intervention-list").get()
    assert entry.object_id == cast.alice.pk and entry.additional_data["reason"] == "group"
    client.force_login(cast.parent)
    rows = client.get(url).json()["results"]
    assert {r["id"] for r in rows} == {support.reading.pk, support.coping.pk}
    assert all(r["decision_due"] is None and r["point_due"] is None for r in rows)
    assert client.get(url, {"eleve": "x"}).json()["results"] == []


def test_the_detail_gives_the_points_with_the_goal_line_and_hides_notes_from_the_family(
    client, cast, support
):
    url = reverse("api:intervention-detail", args=[support.reading.pk])
    client.force_login(cast.psychologist)
    data = client.get(url).json()
    assert [p["value"] for p in data["points"]] == [40.0, 44.0, 45.0, 51.0]
    assert [p["goal"] for p in data["points"]] == [40.0, 43.5, 47.0, 50.5]
    assert data["slope_per_week"] == 3.4 and data["points"][0]["note"] == "Note d'équipe 1"
    assert data["decisions"] == []
    assert LogEntry.objects.filter(
        actor=cast.psychologist,
        action=LogEntry.Action.ACCESS,
        additional_data__view="api:intervention-detail",
    ).exists()
    client.force_login(cast.student15)
    data = client.get(url).json()
    assert data["points"][0]["note"] is None and data["decisions"] is None and data["staff_notes"] is None
    for user in (cast.outsider, cast.manager, cast.speech_therapist, cast.privacy_officer):
        client.force_login(user)
        assert client.get(url).status_code == 404, user.username


def test_tier_decisions_are_for_the_staff_with_the_one_in_force_marked(client, cast, support):
    from support import actions

    newer = actions.record_tier_decision(cast.principal, cast.alice, 3, "Aucun progrès.")
    client.force_login(cast.principal)
    rows = client.get(reverse("api:tier-decision-list"), {"eleve": cast.alice.pk}).json()["results"]
    assert [(r["id"], r["tier"], r["in_force"]) for r in rows] == [
        (newer.pk, 3, True),
        (support.alice_tier.pk, 2, False),
    ]
    assert rows[0]["previous"] == support.alice_tier.pk
    client.force_login(cast.parent)
    assert client.get(reverse("api:tier-decision-list")).json()["results"] == []
    assert client.get(reverse("api:tier-decision-detail", args=[newer.pk])).status_code == 404
