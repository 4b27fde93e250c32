"""Sharing a record under a sharing consent: with another professional (stopped at once by a revoked or
expired consent), a copy to a third party (the 15-day hold of a psychologist's record, the emergency
waiver), releasing the copy, revoking a share; each with its denials."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from consents import actions as consent_actions
from records import sharing
from records.access import record_reason
from records.models import RecordShare
from records.queries import entries_visible_to, records_visible_to
from records.tests.core_helpers import colleague, draft
from records.tests.test_sharing_support import (  # noqa: F401 — fixtures
    alice_record_fixture,
    copy_share,
    open_for,
    sharing_consent,
    signed,
)

TODAY = timezone.localdate


@pytest.fixture
def lea(cast):
    return colleague(cast)


def test_sharing_with_a_colleague_lets_them_read_signed_entries_only(cast, alice_record, lea):
    note, brouillon = signed(cast, alice_record), draft(cast, alice_record)
    share = sharing.share_with_professional(
        cast.psychologist, alice_record, lea, sharing_consent(cast, cast.alice)
    )
    assert share.available_from == share.authorised_on == TODAY()
    assert record_reason(lea, alice_record) == "shared"
    assert set(entries_visible_to(lea)) == {note}
    assert brouillon not in entries_visible_to(lea)


def test_revoking_the_consent_stops_the_share_at_once(cast, alice_record, lea):
    consent = sharing_consent(cast, cast.alice)
    sharing.share_with_professional(cast.psychologist, alice_record, lea, consent)
    assert records_visible_to(lea).filter(pk=alice_record.pk).exists()
    consent_actions.revoke_consent(cast.student15, consent)
    assert not records_visible_to(lea).filter(pk=alice_record.pk).exists()
    assert record_reason(lea, alice_record) is None


def test_revoking_the_consent_makes_the_colleagues_page_answer_404(client, cast, alice_record, lea):
    consent = sharing_consent(cast, cast.alice)
    sharing.share_with_professional(cast.psychologist, alice_record, lea, consent)
    client.force_login(lea)
    assert client.get(reverse("records:detail", args=[alice_record.pk])).status_code == 200
    consent_actions.revoke_consent(cast.student15, consent)
    assert client.get(reverse("records:detail", args=[alice_record.pk])).status_code == 404


def test_an_expired_consent_stops_the_share(cast, alice_record, lea):
    consent = sharing_consent(cast, cast.alice, days_ago=40, expires_on=TODAY() - dt.timedelta(days=1))
    RecordShare.objects.create(
        record=alice_record,
        kind="professional",
        with_professional=lea,
        consent=consent,
        authorised_on=TODAY() - dt.timedelta(days=40),
        available_from=TODAY() - dt.timedelta(days=40),
        created_by=cast.psychologist,
    )
    assert record_reason(lea, alice_record) is None


def test_revoking_the_share_stops_it_and_is_audited(cast, alice_record, lea):
    share = sharing.share_with_professional(
        cast.psychologist, alice_record, lea, sharing_consent(cast, cast.alice)
    )
    sharing.revoke_share(cast.psychologist, share)
    assert record_reason(lea, alice_record) is None
    assert LogEntry.objects.filter(additional_data__event="record_share_revoked").count() == 1


def test_sharing_without_a_sharing_consent_names_what_is_missing(cast, alice_record, lea):
    with pytest.raises(
        ValidationError, match="Consentement au partage de renseignements manquant pour Alice"
    ):
        sharing.share_with_professional(cast.psychologist, alice_record, lea, None)


def test_a_revoked_consent_cannot_authorise_a_share(cast, alice_record, lea):
    consent = sharing_consent(cast, cast.alice)
    consent_actions.revoke_consent(cast.student15, consent)
    with pytest.raises(ValidationError, match="révoqué le"):
        sharing.share_with_professional(cast.psychologist, alice_record, lea, consent)


def test_a_consent_of_another_scope_or_student_is_refused(cast, alice_record, lea, leo):
    from records.tests.core_helpers import give_consent

    services = give_consent(cast, cast.alice, scope="services")
    with pytest.raises(ValidationError, match="pas un consentement au partage de cet élève"):
        sharing.share_with_professional(cast.psychologist, alice_record, lea, services)
    leos = sharing_consent(cast, leo)
    with pytest.raises(ValidationError, match="pas un consentement au partage de cet élève"):
        sharing.share_with_professional(cast.psychologist, alice_record, lea, leos)


def test_a_consent_for_another_service_is_refused(cast, alice_record, lea):
    from core.models import ServiceDomain

    speech = ServiceDomain.objects.get(code="orthophonie")
    consent = sharing_consent(cast, cast.alice, domain=speech)
    with pytest.raises(ValidationError, match="Orthophonie"):
        sharing.share_with_professional(cast.psychologist, alice_record, lea, consent)


def test_sharing_twice_with_the_same_colleague_is_refused(cast, alice_record, lea):
    consent = sharing_consent(cast, cast.alice)
    sharing.share_with_professional(cast.psychologist, alice_record, lea, consent)
    with pytest.raises(ValidationError, match="déjà communiqué"):
        sharing.share_with_professional(cast.psychologist, alice_record, lea, consent)


def test_sharing_with_oneself_or_a_non_professional_is_refused(cast, alice_record):
    consent = sharing_consent(cast, cast.alice)
    for target in (cast.psychologist, cast.principal, cast.teacher):
        with pytest.raises(ValidationError):
            sharing.share_with_professional(cast.psychologist, alice_record, target, consent)


@pytest.mark.parametrize("person", ["speech_therapist", "principal", "coordinator", "student15", "parent"])
def test_only_the_owner_shares(cast, alice_record, lea, person):
    consent = sharing_consent(cast, cast.alice)
    with pytest.raises(PermissionDenied):
        sharing.share_with_professional(getattr(cast, person), alice_record, lea, consent)
    with pytest.raises(PermissionDenied):
        sharing.record_third_party_copy(
            getattr(cast, person), alice_record, "Dre Gagnon", "Évaluation", consent
        )


def test_a_colleague_reading_through_a_share_cannot_share_further(cast, alice_record, lea):
    consent = sharing_consent(cast, cast.alice)
    sharing.share_with_professional(cast.psychologist, alice_record, lea, consent)
    with pytest.raises(PermissionDenied):
        sharing.share_with_professional(lea, alice_record, cast.speech_therapist, consent)


def test_sharing_notifies_the_colleague_without_the_students_name(
    cast, alice_record, lea, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sharing.share_with_professional(
            cast.psychologist, alice_record, lea, sharing_consent(cast, cast.alice)
        )
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [lea.email]
    assert "Alice" not in mailoutbox[0].body and "Tremblay" not in mailoutbox[0].body


# --- Copy to a third party ---------------------------------------------------------------------------


def test_a_psychologists_copy_is_held_fifteen_days_after_the_authorisation(cast, alice_record):
    signed(cast, alice_record)
    share = copy_share(alice_record, sharing_consent(cast, cast.alice, days_ago=3))
    assert share.available_from == TODAY() + dt.timedelta(days=12)
    with pytest.raises(
        ValidationError, match=r"Copie retenue jusqu'au .* \(délai de 15 jours, règlement C-26, r. 221\)"
    ):
        sharing.release_copy(cast.psychologist, share)
    share.refresh_from_db()
    assert share.released_at is None


def test_the_copy_is_released_on_the_fifteenth_day(cast, alice_record):
    signed(cast, alice_record)
    share = copy_share(alice_record, sharing_consent(cast, cast.alice, days_ago=15))
    released = sharing.release_copy(cast.psychologist, share)
    assert released.content.startswith(b"%PDF")
    share.refresh_from_db()
    assert share.released_at is not None
    assert LogEntry.objects.filter(additional_data__event="record_copy_released").count() == 1


def test_the_emergency_waiver_releases_at_once_but_needs_a_reason(cast, alice_record):
    consent = sharing_consent(cast, cast.alice)
    with pytest.raises(ValidationError, match="motif de l'urgence"):
        copy_share(alice_record, consent, emergency_waiver=True)
    share = copy_share(alice_record, consent, emergency_waiver=True, waiver_reason="Hospitalisation ce jour")
    assert share.available_from == TODAY()
    assert sharing.release_copy(cast.psychologist, share).content.startswith(b"%PDF")


def test_a_speech_therapists_copy_has_no_hold(cast):
    from students.models import Caseload

    Caseload.objects.create(professional=cast.speech_therapist, student=cast.alice)
    record = open_for(cast, cast.alice, cast.speech_therapist, parent_name="Isabelle Tremblay")
    share = copy_share(record, sharing_consent(cast, cast.alice))
    assert share.available_from == TODAY()
    assert sharing.release_refusal(share) is None


def test_the_copy_holds_signed_entries_and_never_drafts(cast, alice_record):
    import io

    from pypdf import PdfReader

    signed(cast, alice_record, "Note signee numero un.")
    draft(cast, alice_record, "Brouillon jamais transmis.")
    share = copy_share(
        alice_record, sharing_consent(cast, cast.alice), emergency_waiver=True, waiver_reason="Urgence"
    )
    text = "".join(
        p.extract_text()
        for p in PdfReader(io.BytesIO(sharing.release_copy(cast.psychologist, share).content)).pages
    )
    assert "Note signee numero un." in text
    assert "Brouillon" not in text
    assert "Dre Gagnon" in text


def test_a_revoked_consent_blocks_a_copy_not_yet_released(cast, alice_record):
    consent = sharing_consent(cast, cast.alice, days_ago=20)
    share = copy_share(alice_record, consent)
    consent_actions.revoke_consent(cast.student15, consent)
    with pytest.raises(ValidationError, match="n'est plus valide"):
        sharing.release_copy(cast.psychologist, share)


def test_a_revoked_share_is_never_released(cast, alice_record):
    share = copy_share(alice_record, sharing_consent(cast, cast.alice, days_ago=20))
    sharing.revoke_share(cast.psychologist, share)
    with pytest.raises(ValidationError, match="retirée"):
        sharing.release_copy(cast.psychologist, share)


def test_recipient_and_purpose_are_required_and_never_logged(cast, alice_record):
    consent = sharing_consent(cast, cast.alice)
    with pytest.raises(ValidationError) as refused:
        sharing.record_third_party_copy(cast.psychologist, alice_record, " ", "", consent)
    assert len(refused.value.messages) == 2
    copy_share(alice_record, consent)
    for row in LogEntry.objects.all():
        assert "Dre Gagnon" not in str(row.changes) + str(row.additional_data)


@pytest.mark.parametrize("person", ["speech_therapist", "principal", "coordinator", "privacy_officer"])
def test_only_the_owner_releases_or_revokes(cast, alice_record, person):
    share = copy_share(alice_record, sharing_consent(cast, cast.alice, days_ago=20))
    for act in (sharing.release_copy, sharing.revoke_share):
        with pytest.raises(PermissionDenied):
            act(getattr(cast, person), share)


# --- Pages ---------------------------------------------------------------------------------------------


def test_the_sharing_page_says_the_copy_is_held_until_its_date(client, cast, alice_record):
    share = copy_share(alice_record, sharing_consent(cast, cast.alice))
    client.force_login(cast.psychologist)
    html = client.get(reverse("records:sharing", args=[alice_record.pk])).content.decode()
    assert f"Copie retenue jusqu&#x27;au {share.available_from.isoformat()}" in html
    assert "règlement C-26, r. 221" in html


def test_the_sharing_page_shares_with_a_colleague(client, cast, alice_record, lea):
    consent = sharing_consent(cast, cast.alice)
    client.force_login(cast.psychologist)
    response = client.post(
        reverse("records:share_professional", args=[alice_record.pk]),
        {"professional": lea.pk, "consent": consent.pk},
    )
    assert response.status_code == 302
    assert alice_record.shares.get().with_professional == lea


def test_the_sharing_page_keeps_the_input_on_a_missing_consent(client, cast, alice_record):
    client.force_login(cast.psychologist)
    response = client.post(
        reverse("records:share_copy", args=[alice_record.pk]),
        {"recipient": "Dre Gagnon", "purpose": "Évaluation"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dre Gagnon" in html and "consentement au partage" in html
    assert not alice_record.shares.exists()


def test_releasing_on_the_page_downloads_the_pdf(client, cast, alice_record):
    share = copy_share(alice_record, sharing_consent(cast, cast.alice, days_ago=16))
    client.force_login(cast.psychologist)
    response = client.post(reverse("records:share_release", args=[share.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_releasing_too_early_on_the_page_explains_and_redirects(client, cast, alice_record):
    share = copy_share(alice_record, sharing_consent(cast, cast.alice))
    client.force_login(cast.psychologist)
    response = client.post(reverse("records:share_release", args=[share.pk]), follow=True)
    assert "Copie retenue jusqu" in response.content.decode()


@pytest.mark.parametrize(
    "person", ["speech_therapist", "principal", "teacher", "coordinator", "parent", "student15"]
)
def test_others_get_404_on_the_sharing_pages(client, cast, alice_record, person):
    share = copy_share(alice_record, sharing_consent(cast, cast.alice, days_ago=16))
    client.force_login(getattr(cast, person))
    assert client.get(reverse("records:sharing", args=[alice_record.pk])).status_code == 404
    assert client.post(reverse("records:share_release", args=[share.pk])).status_code == 404
    assert client.post(reverse("records:share_revoke", args=[share.pk])).status_code == 404
    share.refresh_from_db()
    assert share.released_at is None and share.revoked_at is None


def test_a_colleague_reading_through_a_share_gets_403_on_the_sharing_page(client, cast, alice_record, lea):
    sharing.share_with_professional(cast.psychologist, alice_record, lea, sharing_consent(cast, cast.alice))
    client.force_login(lea)
    assert client.get(reverse("records:sharing", args=[alice_record.pk])).status_code == 403
