"""What each part of the readable copy holds for whom: the guardian never receives what a student of 14
or older consented to alone, nor staff notes, nor another adult's contact details."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from consents.tests.helpers import ask, sign
from core.models import ServiceDomain
from intake import actions as intake
from students import copy as registry
from students.copy import CopyItem, CopyPart, parts_for
from students.models import Guardian, GuardianLink

DATA = intake.RequestData(
    reasons=["emotional"],
    details="Anxiété marquée avant les examens.",
    already_tried="Rencontres avec la TES.",
    tried_weeks=6,
    tier=2,
    urgency="moderate",
    schooling_impact="marked",
    availability="Mardi après-midi",
    modality="any",
    mandate_origin="school",
)


@pytest.fixture
def psychology(db):
    return ServiceDomain.objects.get(code="psychologie")


def part(user, student, key):
    found = {p.key: p for p in parts_for(user, student)}
    return found[key]


def text_of(copy_part: CopyPart) -> str:
    return "\n".join(
        [item.title for item in copy_part.items]
        + [f"{k}: {v}" for item in copy_part.items for k, v in item.fields.items()]
    )


# --- Identity and school file ---------------------------------------------------------------------


def test_the_identity_part_holds_the_school_file_and_the_health_alert(cast):
    cast.alice.ehdaa_code = "34"
    cast.alice.save(update_fields=["ehdaa_code"])
    for user in (cast.parent, cast.student15):
        text = text_of(part(user, cast.alice, "identite"))
        assert "Code permanent: TREA11561101" in text
        assert f"Date de naissance: {cast.alice.birth_date.isoformat()}" in text
        assert "École: École secondaire des Sources" in text and "Groupe: 301" in text
        assert "Année scolaire: 2026-2027" in text and "Code EHDAA: 34 — Déficience langagière" in text
        assert "Alerte santé: Allergie sévère aux arachides" in text


def test_the_guardian_receives_their_own_contact_details_but_not_another_adults(cast):
    father = Guardian.objects.create(
        last_name="Tremblay", first_name="Marc", email="marc@exemple.qc.ca", phone="819-555-0101"
    )
    GuardianLink.objects.create(guardian=father, student=cast.alice, relationship="father")
    text = text_of(part(cast.parent, cast.alice, "identite"))
    assert "Parent ou tuteur : Isabelle Tremblay" in text and "isabelle@exemple.qc.ca" in text
    assert "Parent ou tuteur : Marc Tremblay" in text and "Lien: Père" in text
    assert "marc@exemple.qc.ca" not in text and "819-555-0101" not in text
    own = text_of(part(cast.student15, cast.alice, "identite"))
    assert "isabelle@exemple.qc.ca" not in own and "Coordonnées: Non communiquées" in own


# --- Consents -------------------------------------------------------------------------------------


def test_the_guardians_copy_of_a_child_of_14_excludes_the_consents_she_gave_alone(cast):
    solo = sign(cast.student15, ask(cast, cast.alice, scope="services"))
    parent_text = text_of(part(cast.parent, cast.alice, "consentements"))
    assert f"Consentement nº {solo.pk}" not in parent_text and "Services de suivi" not in parent_text
    assert "ne vous sont pas communiqués" in parent_text
    own_text = text_of(part(cast.student15, cast.alice, "consentements"))
    assert f"Consentement nº {solo.pk}" in own_text and "Portée: Services de suivi" in own_text
    assert "Signataire: " in own_text and "État: Valide" in own_text


def test_the_guardians_copy_of_a_child_under_14_lists_the_consents_she_signed(cast, leo, psychology):
    consent = sign(cast.parent, ask(cast, leo, scope="evaluation", domain=psychology))
    pending = ask(cast, leo, scope="telepractice")
    text = text_of(part(cast.parent, leo, "consentements"))
    assert f"Consentement nº {consent.pk}" in text and "Portée: Évaluation" in text
    assert "Service: Psychologie" in text and "État: Valide" in text and "Valide jusqu'au" in text
    assert f"Demande de consentement nº {pending.pk}" in text and "Statut: À signer" in text
    assert "ne vous sont pas communiqués" not in text


def test_a_revoked_consent_says_when(cast, leo):
    from consents.actions import revoke_consent

    consent = sign(cast.parent, ask(cast, leo, scope="services"))
    revoke_consent(cast.parent, consent, "")
    text = text_of(part(cast.parent, leo, "consentements"))
    assert "État: Révoqué" in text and "Révoqué le: " in text


def test_a_sharing_consent_names_its_recipient_to_the_family(cast, leo):
    request = ask(
        cast, leo, scope="sharing", shared_with="CLSC de la Mauricie", shared_what="Rapport d'évaluation"
    )
    sign(cast.parent, request)
    text = text_of(part(cast.parent, leo, "consentements"))
    assert "Communiqué à: CLSC de la Mauricie" in text and "Rapport d'évaluation" in text


# --- Service requests -----------------------------------------------------------------------------


def test_service_requests_show_service_dates_and_status_never_staff_notes(cast, psychology):
    sr = intake.file_request(cast.teacher, cast.alice, [psychology], DATA)[0]
    intake.ask_for_information(cast.coordinator, sr, sr.version, "Question interne du guichet.")
    for user in (cast.parent, cast.student15):
        text = text_of(part(user, cast.alice, "demandes"))
        assert f"Demande de service nº {sr.pk}" in text and "Service: Psychologie" in text
        assert "Statut: Précisions demandées" in text and "Déposée le: " in text
        assert "Étapes: " in text
        for secret in ("Anxiété marquée", "Rencontres avec la TES", "Question interne", "Mardi après-midi"):
            assert secret not in text, secret
        assert "Priorité" not in text


def test_consent_status_of_a_request_is_hidden_from_the_guardian_of_a_student_of_14(cast, psychology):
    intake.file_request(cast.teacher, cast.alice, [psychology], DATA)
    assert "Consentement requis" not in text_of(part(cast.parent, cast.alice, "demandes"))
    assert "Consentement requis : Services de suivi: Manquant" in text_of(
        part(cast.student15, cast.alice, "demandes")
    )


def test_the_guardian_of_a_child_under_14_sees_whether_consents_are_on_file(cast, leo, psychology):
    sign(cast.parent, ask(cast, leo, scope="services"))
    intake.file_request(cast.teacher, leo, [psychology], DATA)
    assert "Consentement requis : Services de suivi: Au dossier" in text_of(
        part(cast.parent, leo, "demandes")
    )


def test_another_childs_requests_never_appear(cast, psychology):
    intake.file_request(cast.teacher, cast.alice, [psychology], DATA)
    assert part(cast.parent, cast.alice, "demandes").items
    other = intake.file_request(cast.principal, cast.bruno, [psychology], DATA)[0]
    assert f"nº {other.pk}" not in text_of(part(cast.parent, cast.alice, "demandes"))


# --- Registry and rendering -----------------------------------------------------------------------


def test_parts_registered_by_other_capabilities_join_the_copy(cast, monkeypatch):
    monkeypatch.setattr(registry, "_providers", list(registry._providers))

    def plans(user, student):
        return CopyPart("plans", "Plans d'intervention", [CopyItem("Plan 2026", {"Objectif": "Lire"})])

    def nothing(user, student):
        return None

    registry.register(plans)
    registry.register(plans)  # twice: once in the copy
    registry.register(nothing)
    keys = [p.key for p in parts_for(cast.parent, cast.alice)]
    assert keys.count("plans") == 1 and keys[0] == "identite"


def test_the_html_copy_escapes_what_it_shows(client, cast):
    cast.alice.health_alert = "<script>alert('x')</script>"
    cast.alice.save(update_fields=["health_alert"])
    client.force_login(cast.parent)
    page = client.get(reverse("students:copy", args=[cast.alice.pk])).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_dates_are_written_in_montreal_time(cast):
    from students.copy_parts import day

    late = dt.datetime(2026, 3, 2, 3, 30, tzinfo=dt.UTC)  # 22 h 30 on 1 March in Montréal
    assert day(late) == "2026-03-01" and day(None) == "—" and day(dt.date(2026, 1, 5)) == "2026-01-05"
