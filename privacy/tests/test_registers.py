"""The register of communications without consent (written by the ministry declaration and by hand) and
access requests (deadline, extension, the requester's copy, the answer)."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from privacy import actions, actions_requests
from privacy.inventory import DECLARATIONS, inventory, stale, undeclared
from privacy.models import Communication, LegalBasis

TODAY = timezone.localdate


def test_the_ministry_declaration_writes_one_communication_with_its_legal_basis(client, cast):
    from plans.tests.helpers import active

    active(cast)
    client.force_login(cast.manager)
    assert client.get(reverse("plans:export"), {"annee": cast.year.pk}).status_code == 200
    entry = Communication.objects.get()
    assert entry.source == "plans_declaration" and entry.legal_basis == LegalBasis.LAW
    assert entry.persons_count == 1 and entry.recorded_by == cast.manager and entry.centre == cast.centre
    assert "Ministère" in entry.recipient


def test_an_empty_declaration_communicates_nothing(client, cast):
    client.force_login(cast.manager)
    client.get(reverse("plans:export"), {"annee": cast.year.pk})
    assert not Communication.objects.exists()


def test_record_communication_refuses_an_incomplete_entry_in_french(cast):
    with pytest.raises(ValidationError) as refused:
        actions.record_communication(
            actor=cast.principal, recipient="", purpose="", legal_basis="x", information=""
        )
    assert len(refused.value.messages) == 4
    with pytest.raises(ValidationError):
        actions.record_communication(
            actor=cast.principal,
            recipient="SPVM",
            purpose="Enquête",
            legal_basis=LegalBasis.OTHER,
            information="Nom",
        )


def manual(cast, **extra):
    data = {
        "communicated_on": TODAY(),
        "recipient": "Directeur de la protection de la jeunesse",
        "purpose": "Signalement",
        "legal_basis": LegalBasis.YOUTH_PROTECTION,
        "legal_basis_detail": "",
        "information": "Identité et situation",
        "outside_quebec": False,
        "persons_count": 1,
        "student": cast.alice,
    }
    return actions.CommunicationData(**(data | extra))


def test_the_officer_adds_a_communication_made_outside_the_platform_and_nobody_else_can(cast, other_officer):
    entry = actions.add_communication(cast.privacy_officer, manual(cast))
    assert entry.source == "manual" and entry.student == cast.alice
    assert LogEntry.objects.filter(additional_data__event="communication_recorded").exists()
    for user in (cast.manager, cast.psychologist):
        with pytest.raises(PermissionDenied):
            actions.add_communication(user, manual(cast))
    with pytest.raises(ValidationError):
        actions.add_communication(other_officer, manual(cast))


def test_the_register_page_and_its_csv(client, cast):
    actions.add_communication(cast.privacy_officer, manual(cast, recipient="@SUM(A1)"))
    client.force_login(cast.privacy_officer)
    assert "Signalement" in client.get(reverse("privacy:communications")).content.decode()
    text = client.get(reverse("privacy:communications_csv")).content.decode("utf-8-sig")
    assert "'@SUM(A1)" in text


# --- Access requests ------------------------------------------------------------------------------------


def register(cast, **extra):
    data = {
        "student": cast.alice,
        "requester_name": "Isabelle Tremblay",
        "requester_capacity": "guardian",
        "received_on": TODAY() - dt.timedelta(days=17),
        "requester_user": cast.parent,
    }
    return actions_requests.register_request(
        cast.privacy_officer, actions_requests.RequestData(**(data | extra))
    )


def test_a_request_is_due_20_days_after_receipt_and_extends_once_by_10(cast):
    request = register(cast)
    assert request.due_on == request.received_on + dt.timedelta(days=20)
    assert request.deadline_state() == "due_soon"
    extended = actions_requests.extend_request(cast.privacy_officer, request, TODAY())
    assert extended.due_on == request.received_on + dt.timedelta(days=30)
    with pytest.raises(ValidationError):
        actions_requests.extend_request(cast.privacy_officer, extended, TODAY())


def test_a_request_past_its_deadline_is_overdue_on_the_dashboard(client, cast):
    register(cast, received_on=TODAY() - dt.timedelta(days=25))
    client.force_login(cast.privacy_officer)
    page = client.get(reverse("privacy:requests")).content.decode()
    assert "En retard de 5 jours" in page


def test_a_portal_account_that_cannot_get_the_copy_is_refused(cast):
    with pytest.raises(ValidationError):
        register(cast, student=cast.bruno)  # the parent has no link with Bruno


def test_the_copy_is_prepared_as_the_requester_and_the_officer_sees_only_its_manifest(
    client, cast, django_capture_on_commit_callbacks
):
    from records.models import Publication
    from records.tests.core_helpers import open_alice

    record = open_alice(cast)
    Publication.objects.create(
        record=record, kind="conclusion", text="CANARI-PUBLICATION", published_by=cast.psychologist
    )
    request = register(
        cast, requester_user=cast.student15, requester_capacity="self", requester_name="Alice Tremblay"
    )
    client.force_login(cast.privacy_officer)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("privacy:request_copy", args=[request.pk])).status_code == 302
    request.refresh_from_db()
    keys = [p["key"] for p in request.copy_manifest]
    assert "identite" in keys and "dossier_aide_particuliere" in keys and len(request.copy_sha256) == 64
    page = client.get(reverse("privacy:request", args=[request.pk])).content.decode()
    assert "CANARI-PUBLICATION" not in page and cast.alice.health_alert not in page
    assert mail.outbox[-1].to == [cast.student15.email] and "Alice" not in mail.outbox[-1].body
    assert LogEntry.objects.filter(
        additional_data__event="readable_copy_prepared", object_pk=str(cast.alice.pk)
    ).exists()


def test_an_answer_granting_access_needs_the_copy_and_a_refusal_needs_its_reasons(cast):
    request = register(cast)
    with pytest.raises(ValidationError):
        actions_requests.answer_request(
            cast.privacy_officer, request, decision="granted", note="", answered_on=TODAY()
        )
    with pytest.raises(ValidationError):
        actions_requests.answer_request(
            cast.privacy_officer, request, decision="refused", note="", answered_on=TODAY()
        )
    actions_requests.prepare_copy(cast.privacy_officer, request)
    answered = actions_requests.answer_request(
        cast.privacy_officer, request, decision="granted", note="", answered_on=TODAY()
    )
    assert answered.status == "answered" and answered.deadline_state() == "answered"


# --- PIA inventory ----------------------------------------------------------------------------------------


def test_every_project_model_holding_personal_information_is_declared():
    """A new capability's model with personal fields fails here until it joins privacy/inventory.py."""
    assert undeclared() == [], f"modèles sans déclaration dans privacy/inventory.py : {undeclared()}"
    assert stale() == [], f"déclarations sans modèle : {stale()}"


def test_the_inventory_finds_encrypted_fields_and_links_to_people():
    rows = {r.label: r for r in inventory()}
    entry = {f.name: f for f in rows["records.entry"].fields}
    assert entry["text"].encrypted and entry["student_location"].encrypted
    student = {f.name: f.kind for f in rows["students.student"].fields}
    assert student["health_alert"] == "encrypted" and student["code_permanent"] == "identity"
    assert "core.servicecentre" not in rows and set(DECLARATIONS) == set(rows)


def test_the_inventory_page_and_its_exports(client, cast):
    client.force_login(cast.privacy_officer)
    page = client.get(reverse("privacy:inventory")).content.decode()
    assert "records.entry" in page and "Notes et rapports signés" in page
    assert client.get(reverse("privacy:inventory_csv")).content.decode("utf-8-sig").startswith("Modèle;")
    assert client.get(reverse("privacy:inventory_md")).content.decode().startswith("# Inventaire")
