"""Transferring records when a professional leaves: the coordinator of the centre moves them without
reading them; the holder, caseload and open episode follow; entries stay as they were; audited."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import make_user
from core.models import Role
from records.models import Entry, RecordTransfer
from records.tests.core_helpers import colleague
from records.tests.test_sharing_support import (  # noqa: F401 — fixtures
    alice_record_fixture,
    publication,
    signed,
)
from records.transfer import transfer_records
from students.models import Caseload


@pytest.fixture
def heir(cast):
    """A psychologist who serves des Sources through the Nord network."""
    user = make_user("remi.psy", Role.PROFESSIONAL, profession="psychologist", centre=cast.centre)
    user.networks.add(cast.nord)
    return user


def test_the_coordinator_moves_a_record_and_the_caseload_follows(cast, alice_record, heir):
    note = signed(cast, alice_record, "Note signée avant le départ.")
    before = Entry.objects.filter(pk=note.pk).values().get()
    [moved] = transfer_records(cast.coordinator, [alice_record], heir, "Départ à la retraite")
    alice_record.refresh_from_db()
    assert alice_record.professional == heir
    assert moved.from_professional == cast.psychologist and moved.to_professional == heir
    assert Entry.objects.filter(pk=note.pk).values().get() == before  # entries untouched
    assert not Caseload.objects.active().filter(professional=cast.psychologist, student=cast.alice).exists()
    assert Caseload.objects.active().filter(professional=heir, student=cast.alice).exists()
    event = LogEntry.objects.get(additional_data__event="record_transferred")
    assert event.actor == cast.coordinator and event.additional_data["to_professional_id"] == heir.pk


def test_the_transfer_reads_nothing(cast, alice_record, heir):
    transfer_records(cast.coordinator, [alice_record], heir, "Départ")
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=cast.coordinator).exists()


def test_the_open_episode_follows_the_record(cast, heir):
    from core.models import ServiceDomain
    from intake.models import ServiceEpisode, ServiceRequest
    from records import actions
    from records.tests.core_helpers import give_consent

    request = ServiceRequest.objects.create(
        student=cast.alice,
        domain=ServiceDomain.objects.get(code="psychologie"),
        requested_by=cast.teacher,
        mandate_origin="school",
        status="assigned",
        assigned_to=cast.psychologist,
    )
    episode = ServiceEpisode.objects.create(request=request, professional=cast.psychologist)
    give_consent(cast)
    record = actions.open_record(
        cast.psychologist, cast.alice, mandate_origin="school", reasons="Motif", episode=episode
    )
    transfer_records(cast.coordinator, [record], heir, "Départ")
    episode.refresh_from_db()
    assert episode.professional == heir


def test_the_new_professional_reads_the_record_and_the_old_one_no_longer_does(cast, alice_record, heir):
    from records.access import record_reason

    transfer_records(cast.coordinator, [alice_record], heir, "Départ")
    alice_record.refresh_from_db()
    assert record_reason(heir, alice_record) == "owner"
    assert record_reason(cast.psychologist, alice_record) is None


def test_only_a_professional_of_the_same_profession_serving_the_school_may_receive_it(cast, alice_record):
    psyed = colleague(cast)  # psychoeducator at des Sources
    far = make_user(
        "ailleurs.psy",
        Role.PROFESSIONAL,
        profession="psychologist",
        centre=cast.centre,
        schools=[cast.laurent],
    )
    for target in (psyed, far):
        with pytest.raises(ValidationError, match="ne peut pas reprendre le dossier de : Alice Tremblay"):
            transfer_records(cast.coordinator, [alice_record], target, "Départ")
    alice_record.refresh_from_db()
    assert alice_record.professional == cast.psychologist
    assert not RecordTransfer.objects.exists()


def test_a_reason_is_required(cast, alice_record, heir):
    with pytest.raises(ValidationError, match="motif du transfert"):
        transfer_records(cast.coordinator, [alice_record], heir, "  ")


@pytest.mark.parametrize(
    "person", ["manager", "principal", "privacy_officer", "psychologist", "speech_therapist"]
)
def test_only_the_coordinator_transfers(cast, alice_record, heir, person):
    with pytest.raises(PermissionDenied):
        transfer_records(getattr(cast, person), [alice_record], heir, "Départ")


def test_a_coordinator_of_another_centre_cannot_transfer(cast, alice_record, heir):
    from core.models import ServiceCentre

    other = ServiceCentre.objects.create(name="CSS Ailleurs", code="CSS-AIL", region="Estrie")
    stranger = make_user("coord.ailleurs", Role.COORDINATOR, centre=other)
    with pytest.raises(PermissionDenied):
        transfer_records(stranger, [alice_record], heir, "Départ")


# --- Pages --------------------------------------------------------------------------------------------


def test_the_coordinator_sees_metadata_only_and_never_the_content(client, cast, alice_record, heir):
    signed(cast, alice_record, "Contenu clinique à ne jamais montrer.")
    publication(alice_record, "Texte publié à ne pas montrer ici.")
    client.force_login(cast.coordinator)
    index = client.get(reverse("records:transfers")).content.decode()
    assert reverse("records:transfer_from", args=[cast.psychologist.pk]) in index
    html = client.get(reverse("records:transfer_from", args=[cast.psychologist.pk])).content.decode()
    assert "Alice" in html and "Tremblay" in html
    for secret in ("Contenu clinique", "Anxiété de performance", "Texte publié"):
        assert secret not in html
    assert reverse("records:detail", args=[alice_record.pk]) not in html


def test_the_coordinator_can_never_open_the_record(client, cast, alice_record, heir):
    client.force_login(cast.coordinator)
    assert client.get(reverse("records:detail", args=[alice_record.pk])).status_code == 404
    transfer_records(cast.coordinator, [alice_record], heir, "Départ")
    assert client.get(reverse("records:detail", args=[alice_record.pk])).status_code == 404


def test_the_transfer_page_moves_the_checked_records(client, cast, alice_record, heir):
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("records:transfer_from", args=[cast.psychologist.pk]),
        {"records": [alice_record.pk], "to_professional": heir.pk, "reason": "Congé prolongé"},
    )
    assert response.status_code == 302
    alice_record.refresh_from_db()
    assert alice_record.professional == heir


def test_the_transfer_page_explains_a_refusal_and_keeps_the_choice(client, cast, alice_record, heir):
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("records:transfer_from", args=[cast.psychologist.pk]),
        {"records": [alice_record.pk], "to_professional": heir.pk, "reason": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Indiquez le motif du transfert" in html and "checked" in html


@pytest.mark.parametrize("person", ["manager", "principal", "psychologist", "privacy_officer", "parent"])
def test_the_transfer_pages_refuse_everyone_else(client, cast, alice_record, person):
    client.force_login(getattr(cast, person))
    assert client.get(reverse("records:transfers")).status_code == 403
    assert client.get(reverse("records:transfer_from", args=[cast.psychologist.pk])).status_code == 403
