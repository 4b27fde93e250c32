"""The manager's settings of the guichet unique: who may change them, validation, audit, effect."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from intake import actions
from intake.config import settings_for

GOOD = {
    "weight_safety": "50",
    "weight_schooling_impact": "20",
    "weight_tier": "10",
    "weight_waited": "10",
    "weight_imse": "10",
    "waited_cap_weeks": "10",
    "wait_limit_days": "45",
    "throughput_window_weeks": "6",
    "allow_self_referral": "",
}


def test_the_manager_changes_the_grid_and_the_change_is_audited(client, cast):
    client.force_login(cast.manager)
    url = reverse("intake:settings")
    assert "Réglages du guichet unique" in client.get(url).content.decode()
    response = client.post(url, GOOD)
    assert response.status_code == 302
    config = settings_for(cast.centre)
    assert config.grid() == {"safety": 50, "schooling_impact": 20, "tier": 10, "waited": 10, "imse": 10}
    assert (config.wait_limit_days, config.throughput_window_weeks, config.allow_self_referral) == (
        45,
        6,
        False,
    )
    row = LogEntry.objects.get(additional_data__event="intake_settings_changed")
    assert row.actor == cast.manager
    assert (
        row.additional_data["before"]["wait_limit_days"] == 60
        and row.additional_data["after"]["wait_limit_days"] == 45
    )


def test_the_new_grid_applies_to_the_next_acceptance(cast, psychology, data):
    request = actions.file_request(cast.teacher, cast.alice, [psychology], data)[0]
    actions.update_settings(
        cast.manager, {"safety": 100, "schooling_impact": 0, "tier": 0, "waited": 0, "imse": 0}
    )
    actions.accept_request(
        cast.coordinator, request, request.version, urgency="safety", schooling_impact="severe", tier=3
    )
    request.refresh_from_db()
    # Only safety counts now: urgency "safety" reads 1.0 → 100 points; the other parts are 0.
    assert request.priority == 100 and request.priority_parts["schooling_impact"] == 0


def test_bad_values_are_refused_in_french_and_nothing_changes(client, cast):
    client.force_login(cast.manager)
    zeros = {**GOOD, **{k: "0" for k in GOOD if k.startswith("weight_")}}
    page = client.post(reverse("intake:settings"), zeros).content.decode()
    assert "Au moins un facteur de la grille doit valoir des points." in page
    page = client.post(reverse("intake:settings"), {**GOOD, "wait_limit_days": "-3"}).content.decode()
    assert "ont pas été enregistrés" in page and "supérieure ou égale à 1" in page
    assert settings_for(cast.centre).wait_limit_days == 60
    assert not LogEntry.objects.filter(additional_data__event="intake_settings_changed").exists()


@pytest.mark.parametrize(
    "role", ["coordinator", "principal", "teacher", "psychologist", "privacy_officer", "parent"]
)
def test_only_the_manager_may_change_the_settings(client, cast, role):
    user = getattr(cast, role)
    client.force_login(user)
    assert client.get(reverse("intake:settings")).status_code == 403
    assert client.post(reverse("intake:settings"), GOOD).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.update_settings(user, {"safety": 1})
    assert settings_for(cast.centre).wait_limit_days == 60
