"""The named actions: prepare, sign in the portal, record on paper, revoke — and `require`/`missing_for`."""

import datetime as dt
import hashlib
import io

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone
from pypdf import PdfReader

from consents import actions
from consents.models import Channel, Consent, ConsentDocument, ConsentRequest
from consents.queries import missing_for, missing_message
from consents.tests.helpers import ask, make_image, make_pdf, paper, sign


def events(obj, name):
    return LogEntry.objects.get_for_object(obj).filter(additional_data__event=name)


def raw_document(consent):
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM consents_consentdocument WHERE consent_id = %s", [consent.pk])
        return bytes(cursor.fetchone()[0])


def pdf_text(data):
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


# --- Preparing a request --------------------------------------------------------------------------


def test_staff_serving_the_student_prepare_a_request(cast, leo, psychology):
    request = ask(cast, leo, "evaluation", psychology)
    assert request.status == ConsentRequest.Status.PENDING and request.requested_by == cast.psychologist
    assert events(request, "consent_requested").count() == 1
    by_principal = ask(cast, leo, "services", user=cast.principal)
    assert by_principal.requested_by == cast.principal


def test_who_may_not_prepare_a_request(cast, leo):
    # the teacher sees Léo's file but does not serve him; the speech therapist has no caseload;
    # the outsider runs another school; the others see no student file.
    for user in [
        cast.teacher,
        cast.speech_therapist,
        cast.outsider,
        cast.coordinator,
        cast.manager,
        cast.privacy_officer,
        cast.parent,
        cast.student15,
    ]:
        with pytest.raises(PermissionDenied):
            ask(cast, leo, user=user)
    assert not ConsentRequest.objects.exists()


def test_a_sharing_request_must_say_with_whom_and_what(cast, leo):
    with pytest.raises(ValidationError) as error:
        ask(cast, leo, "sharing")
    assert "à qui" in str(error.value) and "quels renseignements" in str(error.value)


def test_a_second_pending_request_for_the_same_consent_is_refused(cast, leo, psychology):
    first = ask(cast, leo, "evaluation", psychology)
    with pytest.raises(ValidationError, match=f"nº {first.pk}"):
        ask(cast, leo, "evaluation", psychology, user=cast.principal)


# --- Signing in the portal ------------------------------------------------------------------------


def test_a_guardian_signs_for_a_child_under_14(cast, leo, psychology):
    request = ask(cast, leo, "evaluation", psychology)
    consent = sign(cast.parent, request)
    assert consent.channel == Channel.PORTAL and consent.signer_kind == "guardian"
    assert consent.signer_guardian == cast.parent.guardian_profile and consent.request == request
    assert consent.recorded_by == cast.parent and consent.expires_on is not None
    request.refresh_from_db()
    assert request.status == ConsentRequest.Status.SIGNED
    assert events(consent, "consent_signed").get().actor == cast.parent


def test_the_signed_pdf_is_stored_encrypted_and_its_hash_matches(cast, leo, psychology):
    consent = sign(cast.parent, ask(cast, leo, "evaluation", psychology))
    raw = raw_document(consent)
    assert b"%PDF" not in raw and raw.startswith(b"e360:")
    stored = ConsentDocument.objects.get(consent=consent).content
    assert stored.startswith(b"%PDF")
    assert hashlib.sha256(stored).hexdigest() == consent.document_sha256
    assert consent.document_size == len(stored) and consent.document_type == "application/pdf"


def test_the_pdf_holds_the_form_text_the_signer_saw_with_name_time_and_channel(cast, leo, psychology):
    consent = sign(cast.parent, ask(cast, leo, "evaluation", psychology))
    text = pdf_text(ConsentDocument.objects.get(consent=consent).content)
    assert "Consentement à l'évaluation — Léo Tremblay" in text
    assert "Évaluer les difficultés de lecture signalées en classe." in text
    assert "Isabelle Tremblay" in text and "Canal : portail" in text
    assert timezone.localtime(consent.signed_at).strftime("%Y-%m-%d %H:%M") in text
    assert "avant 14 ans" in text  # the rule the signer was shown


def test_a_guardian_cannot_sign_for_a_student_of_14_or_more(cast, psychology):
    request = ask(cast, cast.alice, "evaluation", psychology)
    with pytest.raises(PermissionDenied):
        sign(cast.parent, request)
    assert not Consent.objects.exists()


def test_a_student_of_14_signs_alone(cast, psychology):
    consent = sign(cast.student15, ask(cast, cast.alice, "evaluation", psychology))
    assert consent.signer_kind == "student" and consent.signer_guardian is None and consent.solo
    assert "Alice Tremblay" in pdf_text(ConsentDocument.objects.get(consent=consent).content)


def test_a_student_under_14_cannot_sign(cast, leo):
    from conftest import make_user

    leo.user = make_user("leo.eleve", "student")
    leo.save()
    with pytest.raises(PermissionDenied, match="avant 14 ans"):
        sign(leo.user, ask(cast, leo))
    with pytest.raises(ValidationError, match="avant 14 ans"):  # nor on paper
        actions.record_paper_consent(cast.psychologist, leo, paper(cast, leo, signer_kind="student"))


def test_signing_needs_the_box_checked(cast, leo):
    with pytest.raises(ValidationError, match="J'ai lu et je consens"):
        sign(cast.parent, ask(cast, leo), agreed=False)


def test_a_form_whose_text_changed_since_it_was_shown_is_not_signed(cast, leo):
    request = ask(cast, leo)
    with pytest.raises(ValidationError, match="a changé"):
        actions.sign_consent(cast.parent, request, digest="0" * 64, agreed=True)
    assert not Consent.objects.exists()


def test_a_request_is_signed_once(cast, leo):
    request = ask(cast, leo)
    sign(cast.parent, request)
    with pytest.raises((ValidationError, PermissionDenied)):
        sign(cast.parent, request)
    assert Consent.objects.count() == 1


def test_a_cancelled_request_cannot_be_signed(cast, leo):
    request = actions.cancel_request(cast.psychologist, ask(cast, leo))
    assert events(request, "consent_request_cancelled").exists()
    with pytest.raises(ValidationError):
        sign(cast.parent, request)


# --- Paper ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "PDF"])
def test_staff_record_a_paper_consent_with_its_scan(cast, leo, fmt):
    scan = make_pdf() if fmt == "PDF" else make_image(fmt)
    consent = actions.record_paper_consent(cast.psychologist, leo, paper(cast, leo, scan=scan))
    assert consent.channel == Channel.PAPER and consent.recorded_by == cast.psychologist
    assert consent.document_type == {"PNG": "image/png", "JPEG": "image/jpeg", "PDF": "application/pdf"}[fmt]
    assert ConsentDocument.objects.get(consent=consent).content == scan
    assert scan[:8] not in raw_document(consent)
    assert hashlib.sha256(scan).hexdigest() == consent.document_sha256
    assert events(consent, "consent_recorded_paper").get().actor == cast.psychologist


def test_a_scan_that_is_really_text_is_refused_in_french(cast, leo):
    with pytest.raises(ValidationError, match="n'est pas un PDF, un JPEG ou un PNG"):
        actions.record_paper_consent(cast.psychologist, leo, paper(cast, leo, scan=b"Bonjour, je consens."))
    assert not Consent.objects.exists()


def test_a_scan_over_the_size_limit_is_refused(cast, leo, settings):
    settings.CONSENT_SCAN_MAX_BYTES = 1024 * 1024
    big = make_pdf() + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError, match="taille permise"):
        actions.record_paper_consent(cast.psychologist, leo, paper(cast, leo, scan=big))


def test_a_paper_consent_answers_the_pending_request(cast, leo):
    request = ask(cast, leo, "services")
    consent = actions.record_paper_consent(cast.principal, leo, paper(cast, leo))
    request.refresh_from_db()
    assert request.status == ConsentRequest.Status.SIGNED and consent.request == request


def test_a_paper_consent_dated_in_the_future_is_refused(cast, leo):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="futur"):
        actions.record_paper_consent(cast.psychologist, leo, paper(cast, leo, signed_on=tomorrow))


def test_a_parent_does_not_sign_on_paper_for_a_student_of_14(cast):
    with pytest.raises(ValidationError, match="14 ans ou plus"):
        actions.record_paper_consent(cast.psychologist, cast.alice, paper(cast, cast.alice))


def test_only_staff_serving_the_student_record_paper(cast, leo):
    for user in [cast.teacher, cast.outsider, cast.coordinator, cast.parent]:
        with pytest.raises(PermissionDenied):
            actions.record_paper_consent(user, leo, paper(cast, leo))


# --- Revocation, expiry and what other capabilities call ------------------------------------------


def test_revocation_makes_missing_for_report_the_scope_at_once(cast, leo, psychology):
    consent = sign(cast.parent, ask(cast, leo, "telepractice", psychology))
    assert missing_for(leo, ["telepractice"], psychology) == []
    actions.revoke_consent(cast.parent, consent)
    assert missing_for(leo, ["telepractice"], psychology) == ["telepractice"]
    consent.refresh_from_db()
    assert consent.revoked_by == cast.parent and events(consent, "consent_revoked").exists()
    assert "révoqué le" in missing_message(leo, ["telepractice"], psychology)


def test_expiry_makes_missing_for_report_the_scope_the_day_after(cast, leo):
    last_day = timezone.localdate() + dt.timedelta(days=30)
    consent = sign(cast.parent, ask(cast, leo, "services", expires_on=last_day))
    assert consent.expires_on == last_day
    assert missing_for(leo, ["services"], on=last_day) == []
    assert missing_for(leo, ["services"], on=last_day + dt.timedelta(days=1)) == ["services"]


def test_a_consent_for_one_service_does_not_cover_another(cast, leo, psychology, speech):
    sign(cast.parent, ask(cast, leo, "evaluation", psychology))
    assert missing_for(leo, ["evaluation"], psychology) == []
    assert missing_for(leo, ["evaluation"], speech) == ["evaluation"]
    assert missing_for(leo, ["evaluation", "services"], psychology.pk) == ["services"]


def test_require_raises_a_french_message_naming_the_consent_and_the_student(cast, leo, psychology):
    with pytest.raises(ValidationError) as error:
        actions.require(cast.alice, ["telepractice"], psychology)
    assert error.value.messages[0].startswith("Consentement à la télépratique manquant pour Alice : ")
    sign(cast.parent, ask(cast, leo, "telepractice"))
    actions.require(leo, ["telepractice"], psychology)  # every service covers psychology: no error


def test_an_unknown_scope_is_a_programming_error(cast):
    with pytest.raises(ValueError, match="inconnue"):
        missing_for(cast.alice, ["telepratique"])


def test_staff_must_give_a_reason_to_revoke_and_a_consent_is_revoked_once(cast, leo):
    consent = sign(cast.parent, ask(cast, leo))
    with pytest.raises(ValidationError, match="motif"):
        actions.revoke_consent(cast.psychologist, consent, "")
    actions.revoke_consent(cast.psychologist, consent, "Appel de la mère le 22 novembre.")
    consent.refresh_from_db()
    assert consent.revocation_reason == "Appel de la mère le 22 novembre."
    with pytest.raises(PermissionDenied):  # already revoked: nothing left to revoke
        actions.revoke_consent(cast.parent, consent)


def test_who_may_revoke(cast, leo):
    consent = sign(cast.parent, ask(cast, leo))
    for user in [cast.teacher, cast.outsider, cast.coordinator, cast.manager, cast.student15]:
        with pytest.raises(PermissionDenied):
            actions.revoke_consent(user, consent, "motif")
    solo = sign(cast.student15, ask(cast, cast.alice))
    with pytest.raises(PermissionDenied):  # the parent may not revoke what a student of 15 gave alone
        actions.revoke_consent(cast.parent, solo)
    actions.revoke_consent(cast.student15, solo)
