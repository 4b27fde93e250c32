import pytest

from lib import record_profiles as rp

PROFESSIONS = (
    "psychologist",
    "speech_therapist",
    "psychoeducator",
    "guidance_counsellor",
    "remedial_teacher",
    "special_education",
    "social_worker",
    "nurse",
)


def test_every_profession_has_a_profile_that_requires_reasons_and_a_closing_note():
    assert set(rp.PROFILES) == set(PROFESSIONS)
    for profession in PROFESSIONS:
        profile = rp.profile_for(profession)
        assert rp.REASONS in profile.required_at_opening
        assert profile.closing_note_required
        assert rp.PROGRESS_NOTE in profile.entry_kinds
        assert set(profile.entry_kinds) <= set(rp.ENTRY_KINDS)
        assert profile.rules_label


def test_the_psychologist_profile_names_the_order_and_its_regulation():
    assert rp.profile_for("psychologist").rules_label == "Ordre des psychologues du Québec — C-26, r. 221"


def test_a_speech_therapist_needs_the_parents_name_for_a_minor_only():
    profile = rp.profile_for("speech_therapist")
    assert profile.required_fields(15) == (rp.REASONS, rp.PARENT_NAME)
    assert profile.required_fields(17) == (rp.REASONS, rp.PARENT_NAME)
    assert profile.required_fields(18) == (rp.REASONS,)
    assert rp.profile_for("psychologist").required_fields(10) == (rp.REASONS,)


def test_speech_therapists_record_raw_data_and_indirect_services():
    profile = rp.profile_for("speech_therapist")
    assert profile.offers(rp.RAW_DATA) and profile.offers(rp.INDIRECT_SERVICE)
    assert not rp.profile_for("psychologist").offers(rp.RAW_DATA)


def test_only_guidance_counsellors_are_offered_consent_notes():
    offered = {p for p in PROFESSIONS if rp.profile_for(p).offers(rp.CONSENT_NOTE)}
    assert offered == {"guidance_counsellor"}


def test_only_a_psychologists_copy_waits_the_hold_days():
    assert rp.copy_hold_days("psychologist", 15) == 15
    assert rp.copy_hold_days("psychologist", 0) == 0
    for profession in set(PROFESSIONS) - {"psychologist"}:
        assert rp.copy_hold_days(profession, 15) == 0


def test_professions_without_an_order_say_so():
    assert "Aucun ordre" in rp.profile_for("remedial_teacher").rules_label
    assert "Aucun ordre" in rp.profile_for("special_education").rules_label


def test_an_unconfirmed_regulation_is_marked_to_confirm():
    assert "à confirmer" in rp.profile_for("nurse").rules_label


def test_an_unknown_profession_has_no_profile():
    with pytest.raises(KeyError):
        rp.profile_for("astrologer")


def test_only_direct_services_move_the_last_service_date():
    assert rp.moves_last_service(rp.PROGRESS_NOTE)
    assert rp.moves_last_service(rp.EVALUATION_REPORT)
    assert not rp.moves_last_service(rp.INDIRECT_SERVICE)
    assert not rp.moves_last_service(rp.CONSENT_NOTE)
