"""The named state changes of professional records: opening (caseload, episode, consent, one open record
per mandate), entries (drafts, signature, telepractice), corrections, closing and retention."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import make_user
from core.models import Role, ServiceDomain
from lib import record_profiles
from lib.retention import add_years
from records import actions
from records.models import Entry, EntryKind, ProfessionalRecord
from records.tests.core_helpers import NOTE, draft, give_consent, open_alice, signed
from students.models import Caseload


def events(obj, name):
    return LogEntry.objects.get_for_object(obj).filter(additional_data__event=name)


# --- Opening --------------------------------------------------------------------------------------


def test_the_psychologist_opens_a_record_for_a_student_of_their_caseload(cast):
    record = open_alice(cast)
    assert record.professional == cast.psychologist and record.profession == "psychologist"
    assert record.is_open and record.reasons.startswith("Anxiété")
    entry = events(record, "record_opened").get()
    assert entry.actor == cast.psychologist
    assert "Anxiété" not in str(entry.additional_data) and "Anxiété" not in str(entry.changes)


def test_opening_is_refused_outside_the_caseload(cast):
    give_consent(cast, cast.bruno)
    with pytest.raises(PermissionDenied):
        actions.open_record(cast.psychologist, cast.bruno, mandate_origin="school", reasons="Motif")
    with pytest.raises(PermissionDenied):
        actions.open_record(cast.principal, cast.alice, mandate_origin="school", reasons="Motif")


def test_opening_without_consent_names_the_missing_consent(cast):
    with pytest.raises(ValidationError) as caught:
        actions.open_record(cast.psychologist, cast.alice, mandate_origin="school", reasons="Motif")
    message = " ".join(caught.value.messages)
    assert "à l'évaluation" in message and "aux services de suivi" in message and "Alice" in message
    assert not ProfessionalRecord.objects.exists()


def test_a_consent_to_evaluation_alone_is_enough(cast):
    give_consent(cast, scope="evaluation")
    assert actions.open_record(cast.psychologist, cast.alice, mandate_origin="family", reasons="Évaluation")


def test_a_consent_for_another_service_does_not_count(cast):
    give_consent(cast, domain=ServiceDomain.objects.get(code="orthophonie"))
    with pytest.raises(ValidationError, match="manquant"):
        actions.open_record(cast.psychologist, cast.alice, mandate_origin="school", reasons="Motif")


def test_a_second_open_record_for_the_same_mandate_is_refused_with_its_number(cast):
    record = open_alice(cast)
    with pytest.raises(ValidationError, match=f"dossier nº {record.pk}"):
        actions.open_record(cast.psychologist, cast.alice, mandate_origin="school", reasons="Encore")
    other = actions.open_record(
        cast.psychologist, cast.alice, mandate_origin="family", reasons="Autre mandat"
    )
    assert other.pk != record.pk


def test_reasons_are_required(cast):
    give_consent(cast)
    with pytest.raises(ValidationError, match="motifs"):
        actions.open_record(cast.psychologist, cast.alice, mandate_origin="school", reasons="  ")


def test_a_speech_therapist_must_name_the_parent_of_a_minor(cast):
    Caseload.objects.create(professional=cast.speech_therapist, student=cast.alice)
    give_consent(cast, domain=ServiceDomain.objects.get(code="orthophonie"))
    with pytest.raises(ValidationError, match="nom du parent"):
        actions.open_record(cast.speech_therapist, cast.alice, mandate_origin="school", reasons="Bégaiement")
    record = actions.open_record(
        cast.speech_therapist,
        cast.alice,
        mandate_origin="school",
        reasons="Bégaiement",
        parent_name="Isabelle",
    )
    assert record.parent_name == "Isabelle" and record.profession == "speech_therapist"


def _episode(cast, professional, student, origin="family"):
    from intake.models import ServiceEpisode, ServiceRequest

    request = ServiceRequest.objects.create(
        student=student,
        domain=ServiceDomain.objects.get(code="psychologie"),
        network=cast.nord,
        requested_by=cast.parent,
        mandate_origin=origin,
        status="assigned",
        assigned_to=professional,
    )
    return ServiceEpisode.objects.create(request=request, professional=professional)


def test_opening_from_an_episode_takes_the_mandate_from_the_request(cast):
    nina = make_user("nina.psy", Role.PROFESSIONAL, profession="psychologist", centre=cast.centre)
    episode = _episode(cast, nina, cast.bruno)
    give_consent(cast, cast.bruno)
    assert nina.has_perm("records.open", cast.bruno)  # no caseload, but the episode is hers
    record = actions.open_record(nina, cast.bruno, mandate_origin="school", reasons="Motif", episode=episode)
    assert record.episode == episode and record.mandate_origin == "family"
    with pytest.raises(ValidationError, match="déjà son dossier"):
        actions.open_record(nina, cast.bruno, mandate_origin="school", reasons="Motif", episode=episode)


def test_someone_elses_episode_is_refused(cast):
    episode = _episode(cast, cast.speech_therapist, cast.alice)
    give_consent(cast)
    with pytest.raises(PermissionDenied):
        actions.open_record(
            cast.psychologist, cast.alice, mandate_origin="school", reasons="M", episode=episode
        )


# --- Entries --------------------------------------------------------------------------------------


def test_an_entry_starts_as_a_draft_and_the_signature_covers_its_content(cast):
    record = open_alice(cast)
    entry = draft(cast, record, duration_minutes=50, modality="in_person")
    assert not entry.is_signed and entry.signed_at is None
    entry = actions.sign_entry(cast.psychologist, entry)
    assert entry.is_signed and entry.signed_at is not None
    assert len(entry.signature_sha256) == 64 and actions.signature_holds(entry)
    canonical = actions.canonical_form(entry, [])
    assert entry.signature_sha256 == hashlib.sha256(canonical).hexdigest()
    assert NOTE.encode() in canonical and b'"kind":"progress_note"' in canonical
    assert events(entry, "entry_signed").exists()


def test_signing_a_direct_service_moves_the_last_service_date(cast):
    record = open_alice(cast)
    day = timezone.localdate() - dt.timedelta(days=10)
    signed(cast, record, service_date=day)
    record.refresh_from_db()
    assert record.last_service_on == day
    signed(cast, record, kind="indirect_service", text="Appel à la mère.")  # indirect: no move
    record.refresh_from_db()
    assert record.last_service_on == day
    signed(cast, record, service_date=day - dt.timedelta(days=3))  # older: no move back
    record.refresh_from_db()
    assert record.last_service_on == day


def test_telepractice_needs_the_students_location(cast):
    record = open_alice(cast)
    with pytest.raises(ValidationError, match="où se trouvait l'élève"):
        draft(cast, record, modality="telepractice")
    entry = draft(
        cast, record, modality="telepractice", student_location="À la maison, seule dans sa chambre"
    )
    assert entry.student_location.startswith("À la maison")


def test_entry_kinds_follow_the_order_of_the_profession(cast):
    record = open_alice(cast)
    with pytest.raises(ValidationError, match=r"C-26, r\. 221"):
        draft(cast, record, kind="raw_data")


def test_a_future_service_date_and_an_empty_text_are_refused_together(cast):
    record = open_alice(cast)
    with pytest.raises(ValidationError) as caught:
        draft(cast, record, text=" ", service_date=timezone.localdate() + dt.timedelta(days=1))
    assert len(caught.value.messages) == 2


def test_only_the_author_edits_signs_or_deletes_a_draft(cast):
    record = open_alice(cast)
    entry = draft(cast, record)
    for action in (actions.sign_entry, actions.delete_draft):
        with pytest.raises(PermissionDenied):
            action(cast.speech_therapist, entry)
    with pytest.raises(PermissionDenied):
        actions.update_draft(cast.principal, entry, text="x", service_date=entry.service_date)
    updated = actions.update_draft(
        cast.psychologist, entry, text="Texte revu.", service_date=entry.service_date
    )
    assert updated.text == "Texte revu."
    actions.delete_draft(cast.psychologist, updated)
    assert not Entry.objects.exists()


def test_nobody_writes_in_someone_elses_record(cast):
    record = open_alice(cast)
    with pytest.raises(PermissionDenied):
        actions.create_entry(
            cast.speech_therapist, record, kind="progress_note", service_date=timezone.localdate(), text="x"
        )


# --- Immutability ---------------------------------------------------------------------------------


def test_the_actions_refuse_to_change_a_signed_entry_in_french(cast):
    entry = signed(cast, open_alice(cast))
    with pytest.raises(ValidationError, match="signée"):
        actions.update_draft(cast.psychologist, entry, text="Réécriture", service_date=entry.service_date)
    with pytest.raises(ValidationError, match="signée"):
        actions.delete_draft(cast.psychologist, entry)
    with pytest.raises(ValidationError, match="signée"):
        actions.sign_entry(cast.psychologist, entry)
    entry.refresh_from_db()
    assert entry.text == NOTE and actions.signature_holds(entry)


def test_the_model_refuses_to_save_or_delete_a_signed_entry(cast):
    from records.models import ImmutableEntryError

    entry = signed(cast, open_alice(cast))
    entry.text = "Réécriture"
    with pytest.raises(ImmutableEntryError):
        entry.save()
    with pytest.raises(ImmutableEntryError):
        Entry.objects.get(pk=entry.pk).delete()
    assert Entry.objects.get(pk=entry.pk).text == NOTE


def test_no_bulk_update_of_entries_anywhere_in_the_records_code():
    """QuerySet.update() (or bulk_update, or raw SQL) would go around the model's guard on signed entries:
    the records code never uses them on entries, and the core modules never call .update( at all."""
    import re
    from pathlib import Path

    root = Path(actions.__file__).parent
    sources = [p for p in root.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts]
    core = {"access", "actions", "attachments", "display", "entry_actions", "forms", "queries", "rules"}
    core.add("views")
    assert core <= {p.stem for p in sources}
    bulk = re.compile(r"Entry(Attachment)?\.objects[^\n]*\.(update|bulk_update|raw)\(")
    for path in sources:
        text = path.read_text()
        assert not bulk.search(text), f"{path.name} changes entries in bulk"
        if path.stem in core:
            assert ".update(" not in text and "bulk_update" not in text and ".raw(" not in text, path.name


# --- Corrections ----------------------------------------------------------------------------------


def test_a_correction_is_a_new_draft_linked_to_the_original_which_stays_untouched(cast):
    record = open_alice(cast)
    original = signed(cast, record, modality="telepractice", student_location="À la maison")
    correction = actions.correct_entry(
        cast.psychologist, original, text="Rencontre du matin, pas de l'après-midi."
    )
    assert correction.corrects == original and not correction.is_signed
    assert (correction.kind, correction.service_date) == (original.kind, original.service_date)
    assert correction.student_location == "À la maison"
    with pytest.raises(ValidationError, match="attend déjà"):
        actions.correct_entry(cast.psychologist, original, text="Encore")
    actions.sign_entry(cast.psychologist, correction)
    original.refresh_from_db()
    assert original.text == NOTE and actions.signature_holds(original)
    second = actions.sign_entry(
        cast.psychologist, actions.correct_entry(cast.psychologist, correction, text="Et ceci.")
    )
    assert second.corrects == correction  # a chain


def test_a_draft_is_not_corrected_and_others_do_not_correct(cast):
    record = open_alice(cast)
    with pytest.raises(ValidationError, match="brouillon"):
        actions.correct_entry(cast.psychologist, draft(cast, record), text="x")
    with pytest.raises(PermissionDenied):
        actions.correct_entry(cast.speech_therapist, signed(cast, record), text="x")


# --- Closing --------------------------------------------------------------------------------------


def test_closing_needs_a_note_and_no_draft_left(cast):
    record = open_alice(cast)
    brouillon = draft(cast, record)
    with pytest.raises(ValidationError, match="obligatoire"):
        actions.close_record(cast.psychologist, record, " ")
    with pytest.raises(ValidationError) as caught:
        actions.close_record(cast.psychologist, record, "Objectifs atteints.")
    assert str(brouillon) in " ".join(caught.value.messages)
    record.refresh_from_db()
    assert record.is_open


def test_closing_sets_the_retention_from_the_last_service(cast, settings):
    settings.RECORD_RETENTION_BY_PROFESSION = {"psychologist": 7}
    record = open_alice(cast)
    signed(cast, record, service_date=dt.date(2024, 2, 29))
    closed = actions.close_record(cast.psychologist, record, "Objectifs atteints; fin du suivi.")
    assert not closed.is_open and closed.closed_by == cast.psychologist
    assert closed.retention_until == dt.date(2031, 2, 28)
    assert events(closed, "record_closed").exists()
    with pytest.raises(PermissionDenied):  # closed: nothing more is written
        actions.create_entry(
            cast.psychologist, closed, kind="progress_note", service_date=timezone.localdate(), text="x"
        )


def test_closing_without_any_service_counts_from_the_closing_day(cast, settings):
    settings.RECORD_RETENTION_BY_PROFESSION = {}
    settings.RECORD_RETENTION_YEARS = 5
    closed = actions.close_record(
        cast.psychologist, open_alice(cast), "Aucun service rendu : refus de l'élève."
    )
    assert closed.retention_until == add_years(timezone.localdate(), 5)


def test_only_the_owner_closes(cast):
    record = open_alice(cast)
    for user in (cast.speech_therapist, cast.principal, cast.coordinator):
        with pytest.raises(PermissionDenied):
            actions.close_record(user, record, "Fin")


def test_entry_kinds_of_the_profiles_are_the_models(cast):
    assert set(record_profiles.ENTRY_KINDS) == set(EntryKind.values)
