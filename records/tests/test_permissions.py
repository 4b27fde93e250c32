"""Who reads a professional record and its entries, and who writes: each rule, with its denials. The
queryset (`records_visible_to`) and the rule (`record_reason`) must agree for every person of the cast."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from consents import actions as consent_actions
from records.access import record_reason
from records.queries import entries_visible_to, records_visible_to
from records.tests.core_helpers import break_glass, colleague, draft, open_alice, share_with, signed

NOBODY_ELSE = (
    "principal",
    "teacher",
    "coordinator",
    "manager",
    "privacy_officer",
    "parent",
    "student15",
    "speech_therapist",
    "outsider",
)


@pytest.fixture
def record(cast):
    return open_alice(cast)


def test_the_professional_reads_everything_on_their_own_record(cast, record):
    note, brouillon = signed(cast, record), draft(cast, record)
    assert record_reason(cast.psychologist, record) == "owner"
    assert set(entries_visible_to(cast.psychologist)) == {note, brouillon}


@pytest.mark.parametrize("person", NOBODY_ELSE)
def test_nobody_else_reads_a_record_or_an_entry(cast, record, person):
    signed(cast, record)
    user = getattr(cast, person)
    assert record_reason(user, record) is None
    assert not records_visible_to(user).exists()
    assert not entries_visible_to(user).exists()
    assert not user.has_perm("records.read", record)


def test_a_professional_with_an_active_share_reads_signed_entries_only(cast, record):
    lea = colleague(cast)
    note, _draft = signed(cast, record), draft(cast, record)
    share_with(cast, record, lea)
    assert record_reason(lea, record) == "shared"
    assert list(entries_visible_to(lea)) == [note]
    assert not lea.has_perm("records.write", record)


def test_a_share_not_yet_available_or_revoked_gives_nothing(cast, record):
    lea = colleague(cast)
    share = share_with(cast, record, lea, available_from=timezone.localdate() + dt.timedelta(days=3))
    assert record_reason(lea, record) is None
    share.available_from = timezone.localdate()
    share.revoked_at = timezone.now()
    share.save()
    assert record_reason(lea, record) is None and not records_visible_to(lea).exists()


def test_a_share_ends_when_its_consent_is_revoked_or_expired(cast, record):
    lea = colleague(cast)
    share = share_with(cast, record, lea)
    assert records_visible_to(lea).exists()
    consent_actions.revoke_consent(cast.principal, share.consent, "Appel de l'élève.")
    assert record_reason(lea, record) is None and not records_visible_to(lea).exists()
    tom = colleague(cast, "tom.psyed")
    old = share_with(cast, record, tom).consent
    type(old).objects.filter(pk=old.pk).update(expires_on=timezone.localdate() - dt.timedelta(days=1))
    assert record_reason(tom, record) is None and not records_visible_to(tom).exists()


def test_a_share_of_another_kind_or_with_someone_else_gives_nothing(cast, record):
    lea, tom = colleague(cast), colleague(cast, "tom.psyed")
    share_with(cast, record, lea, kind="third_party_copy")
    share_with(cast, record, tom)
    assert record_reason(lea, record) is None
    assert record_reason(tom, record) == "shared"


def test_break_the_glass_reads_signed_entries_until_it_expires(cast, record):
    omar = colleague(cast, "omar.urgence", school=cast.laurent, profession="psychologist")
    note, _draft = signed(cast, record), draft(cast, record)
    access = break_glass(omar, cast.alice)
    assert record_reason(omar, record) == "break_glass"
    assert list(entries_visible_to(omar)) == [note]
    access.expires_at = timezone.now() - dt.timedelta(minutes=1)
    access.save()
    assert record_reason(omar, record) is None and not entries_visible_to(omar).exists()


def test_break_the_glass_of_a_principal_opens_no_record(cast, record):
    break_glass(cast.outsider, cast.alice)
    assert record_reason(cast.outsider, record) is None
    assert not records_visible_to(cast.outsider).exists()


def test_a_draft_is_read_by_its_author_only(cast, record):
    """After a transfer the new professional does not read the former one's draft."""
    brouillon = draft(cast, record)
    lea = colleague(cast)
    record.professional = lea
    record.save()
    assert record_reason(lea, record) == "owner"
    assert brouillon not in entries_visible_to(lea)
    assert brouillon not in entries_visible_to(cast.psychologist)  # no longer their record


def test_an_inactive_account_reads_nothing(cast, record):
    cast.psychologist.is_active = False
    cast.psychologist.save()
    assert record_reason(cast.psychologist, record) is None
    assert not records_visible_to(cast.psychologist).exists()


def test_opening_needs_the_student_in_caseload_or_an_own_episode(cast):
    assert cast.psychologist.has_perm("records.open", cast.alice)
    assert not cast.psychologist.has_perm("records.open", cast.bruno)
    assert not cast.speech_therapist.has_perm("records.open", cast.alice)
    for person in (
        "principal",
        "teacher",
        "coordinator",
        "manager",
        "privacy_officer",
        "parent",
        "student15",
    ):
        assert not getattr(cast, person).has_perm("records.open", cast.alice), person


def test_writing_and_closing_are_for_the_owner_of_an_open_record(cast, record):
    lea = colleague(cast)
    share_with(cast, record, lea)
    note = signed(cast, record)
    assert cast.psychologist.has_perm("records.write", record)
    assert cast.psychologist.has_perm("records.close", record)
    assert cast.psychologist.has_perm("records.correct", note)
    assert not cast.psychologist.has_perm("records.edit_draft", note)  # signed: never edited
    for user in (lea, cast.principal, cast.speech_therapist):
        assert not user.has_perm("records.write", record)
        assert not user.has_perm("records.close", record)
        assert not user.has_perm("records.correct", note)


def test_the_queryset_and_the_rule_agree_for_everyone(cast, record):
    lea = colleague(cast)
    omar = colleague(cast, "omar.urgence", school=cast.laurent, profession="psychologist")
    share_with(cast, record, lea)
    break_glass(omar, cast.alice)
    for user in [*cast.users, lea, omar]:
        listed = records_visible_to(user).filter(pk=record.pk).exists()
        assert listed == (record_reason(user, record) is not None), user.username
        assert listed == user.has_perm("records.read", record), user.username
