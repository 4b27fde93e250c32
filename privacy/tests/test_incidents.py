"""The incident register: a candidate is qualified (with the Commission's fields), updated and closed, or
dismissed with its reason; every step is a named, audited action; the register exports as CSV and PDF."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from lib.incident_register import Entry
from privacy import actions_incidents as actions
from privacy.models import Incident
from privacy.scan import scan
from records.tests.core_helpers import break_glass

TODAY = timezone.localdate


def candidate(cast):
    break_glass(cast.speech_therapist, cast.bruno)
    scan()
    return Incident.objects.get()


def qualified_entry(**extra):
    data: dict[str, Any] = {
        "information": "Nom, code permanent et notes de l'élève",
        "circumstances": "Consultation hors de la charge de cas",
        "occurred_from": TODAY(),
        "discovered_on": TODAY(),
    }
    return Entry(**(data | extra))


def test_the_officer_qualifies_a_candidate_then_closes_it_once_assessed(cast):
    incident = actions.qualify_incident(cast.privacy_officer, candidate(cast), qualified_entry())
    assert incident.status == "open" and incident.qualified_by == cast.privacy_officer
    with pytest.raises(ValidationError) as refused:
        actions.close_incident(cast.privacy_officer, incident)
    assert "mesures" in " ".join(refused.value.messages)
    assessed = qualified_entry(
        persons_count=1,
        risk_sensitivity="Élevée",
        risk_consequences="Atteinte à la réputation",
        risk_likelihood="Faible",
        serious_risk=False,
        measures="Rappel des règles à la personne",
    )
    actions.update_incident(cast.privacy_officer, incident, assessed)
    closed = actions.close_incident(cast.privacy_officer, incident)
    assert closed.status == "closed"
    events = list(LogEntry.objects.get_for_object(closed).values_list("additional_data__event", flat=True))
    assert {"incident_candidate_raised", "incident_qualified", "incident_updated", "incident_closed"} <= set(
        events
    )


def test_a_candidate_is_dismissed_only_with_a_reason_and_then_stays_dismissed(cast):
    incident = candidate(cast)
    with pytest.raises(ValidationError):
        actions.dismiss_incident(cast.privacy_officer, incident, "non")
    actions.dismiss_incident(cast.privacy_officer, incident, "Urgence réelle, révisée et justifiée.")
    with pytest.raises(ValidationError):
        actions.qualify_incident(cast.privacy_officer, incident, qualified_entry())


def test_only_the_centres_privacy_officer_may_act_on_an_incident(cast, other_officer):
    incident = candidate(cast)
    for user in (cast.manager, cast.principal, other_officer):
        with pytest.raises(PermissionDenied):
            actions.qualify_incident(user, incident, qualified_entry())


def test_the_encrypted_register_fields_never_reach_the_audit(cast):
    actions.qualify_incident(
        cast.privacy_officer, candidate(cast), qualified_entry(circumstances="CANARI-CIRCONSTANCES")
    )
    assert "CANARI-CIRCONSTANCES" not in str(list(LogEntry.objects.values_list("changes", "additional_data")))


def test_qualifying_through_the_page_with_missing_fields_says_what_is_missing_and_keeps_the_candidate(
    client, cast
):
    incident = candidate(cast)
    client.force_login(cast.privacy_officer)
    response = client.post(reverse("privacy:incident_edit", args=[incident.pk]), {"discovered_on": ""})
    assert response.status_code == 200
    assert "Décrivez brièvement les circonstances" in response.content.decode()
    assert Incident.objects.get().status == "candidate"
    response = client.post(
        reverse("privacy:incident_edit", args=[incident.pk]),
        {
            "information": "Nom de l'élève",
            "circumstances": "Accès hors charge",
            "occurred_from": TODAY().isoformat(),
            "discovered_on": TODAY().isoformat(),
        },
    )
    assert response.status_code == 302 and Incident.objects.get().status == "open"


def test_the_register_exports_as_csv_with_neutralised_cells_and_as_pdf(client, cast):
    incident = actions.qualify_incident(
        cast.privacy_officer, candidate(cast), qualified_entry(information='=HYPERLINK("http://x")')
    )
    client.force_login(cast.privacy_officer)
    csv = client.get(reverse("privacy:incidents_csv"))
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert incident.number in text and "'=HYPERLINK" in text and "Circonstances" in text.splitlines()[0]
    pdf = client.get(reverse("privacy:incidents_pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert LogEntry.objects.filter(additional_data__event="incident_register_exported").count() == 2


def test_candidates_and_dismissed_signals_are_not_in_the_exported_register(client, cast):
    incident = candidate(cast)
    client.force_login(cast.privacy_officer)
    assert incident.number not in client.get(reverse("privacy:incidents_csv")).content.decode("utf-8-sig")


def test_a_manual_declaration_enters_the_register_at_once(cast):
    incident = actions.declare_incident(
        cast.privacy_officer, qualified_entry(occurred_from=TODAY() - dt.timedelta(days=3))
    )
    assert incident.status == "open" and incident.detector == "manual"
