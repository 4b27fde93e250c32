"""The read-only API of plans: the same visibility as the pages, an audited detail, the means rule."""

from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from plans import actions
from plans.tests.helpers import active, opened


def test_the_list_holds_what_the_user_sees(client, cast):
    plan = active(cast)
    draft = opened(cast, cast.bruno)
    url = reverse("api:plan-list")
    assert client.get(url).status_code in (401, 403)
    expected = {
        cast.principal: {plan.pk, draft.pk},
        cast.teacher: {plan.pk},
        cast.psychologist: {plan.pk},
        cast.parent: {plan.pk},
        cast.student15: {plan.pk},
        cast.outsider: set(),
        cast.manager: set(),
        cast.privacy_officer: set(),
    }
    for user, ids in expected.items():
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and response["Cache-Control"] == "no-store, private"
        assert {row["id"] for row in response.json()["results"]} == ids, user.username
    client.force_login(cast.principal)
    rows = client.get(url, {"eleve": cast.bruno.pk}).json()["results"]
    assert [r["id"] for r in rows] == [draft.pk] and rows[0]["contact_due"] is False
    assert client.get(url, {"eleve": "x"}).json()["results"] == []
    client.force_login(cast.parent)
    assert client.get(url).json()["results"][0]["contact_due"] is None


def test_the_detail_is_audited_and_follows_the_means_rule(client, cast):
    plan = active(cast)
    actions.log_parent_contact(
        cast.teacher, plan, contacted_on=timezone.localdate(), mode="phone", note="Privé"
    )
    url = reverse("api:plan-detail", args=[plan.pk])
    client.force_login(cast.teacher)
    data = client.get(url).json()
    assert data["difficulties"] == "Lecture lente en classe."
    assert [m["what"] for m in data["objectives"][0]["means"]] == ["Lecture répétée de courts textes."]
    assert data["contacts"][0]["mode"] == "phone" and "note" not in data["contacts"][0]
    entry = LogEntry.objects.filter(actor=cast.teacher, action=LogEntry.Action.ACCESS).latest("pk")
    assert entry.additional_data == {
        "reason": "group",
        "view": "api:plan-detail",
        "student_id": cast.alice.pk,
    }
    client.force_login(cast.parent)
    data = client.get(url).json()
    assert len(data["objectives"][0]["means"]) == 2 and data["contacts"] is None
    for user in (cast.outsider, cast.manager, cast.coordinator, cast.speech_therapist):
        client.force_login(user)
        assert client.get(url).status_code == 404, user.username
    assert client.get(reverse("api:plan-detail", args=[999999])).status_code == 404
