"""The readable copy (access request) holds the interventions, their points, the tier and review
decisions with their reasons, never the team's working notes."""

import json

from django.urls import reverse

from support import actions


def test_the_familys_copy_explains_the_decisions_without_the_teams_notes(client, cast, support):
    actions.record_intervention_decision(
        cast.teacher, support.reading, kind="continue", reason="La tendance suit la ligne de but."
    )
    client.force_login(cast.parent)
    response = client.get(reverse("students:copy_json", args=[cast.alice.pk]))
    assert response.status_code == 200
    text = json.dumps(json.loads(response.content), ensure_ascii=False)
    assert "Tutorat en lecture" in text and "Lire un texte de niveau 3" in text
    assert "Lecture lente, absences." in text  # the tier decision's reason, on this request
    assert "La tendance suit la ligne de but." in text
    assert "Note d'équipe" not in text
    client.force_login(cast.parent)
    other = client.get(reverse("students:copy_json", args=[cast.bruno.pk]))
    assert other.status_code == 404
