"""Consent rules without the database: who signs, when a consent holds, what is missing and how it is said."""

import datetime as dt

import pytest

from lib import consent as c

DAY = dt.date(2026, 11, 22)
PSY, SPEECH = 1, 2


def facts(scope=c.EVALUATION, domain=None, signed=dt.date(2026, 9, 1), expires=None, revoked=None):
    return c.ConsentFacts(
        scope=scope, domain_id=domain, signed_on=signed, expires_on=expires, revoked_on=revoked
    )


@pytest.mark.parametrize(
    ("age", "kinds"), [(10, {c.GUARDIAN}), (13, {c.GUARDIAN}), (14, {c.STUDENT}), (17, {c.STUDENT})]
)
def test_a_parent_signs_before_14_and_the_student_alone_from_14(age, kinds):
    assert c.signer_kinds_for_age(age) == kinds


def test_a_student_under_14_may_not_sign_and_is_told_why_in_french():
    assert not c.may_sign(c.STUDENT, 13)
    assert "avant 14 ans" in str(c.signing_refusal(c.STUDENT, 13))
    assert c.may_sign(c.STUDENT, 14)


def test_a_guardian_signs_for_a_child_under_14_only_with_parental_authority():
    assert c.may_sign(c.GUARDIAN, 12)
    assert not c.may_sign(c.GUARDIAN, 12, has_parental_authority=False)
    assert "autorité parentale" in str(c.signing_refusal(c.GUARDIAN, 12, has_parental_authority=False))


def test_a_guardian_does_not_sign_in_place_of_a_student_of_14():
    assert not c.may_sign(c.GUARDIAN, 15)
    assert "14 ans ou plus" in str(c.signing_refusal(c.GUARDIAN, 15))


def test_the_rule_shown_to_people_names_the_student_and_the_civil_code():
    assert "Alice a 15 ans" in c.rule_text("Alice", 15) and "art. 14" in c.rule_text("Alice", 15)
    assert "parent ou un tuteur" in c.rule_text("Léo", 12)


def test_a_consent_holds_from_its_signature_through_its_last_day():
    consent = facts(signed=dt.date(2026, 9, 1), expires=dt.date(2027, 6, 30))
    assert c.state_on(consent, dt.date(2026, 8, 31)) == c.NOT_YET
    assert c.is_valid_on(consent, dt.date(2026, 9, 1))
    assert c.is_valid_on(consent, dt.date(2027, 6, 30))
    assert c.state_on(consent, dt.date(2027, 7, 1)) == c.EXPIRED


def test_a_revocation_takes_effect_on_the_day_it_is_made():
    consent = facts(revoked=DAY)
    assert c.is_valid_on(consent, DAY - dt.timedelta(days=1))
    assert c.state_on(consent, DAY) == c.REVOKED


def test_a_consent_for_every_service_covers_each_one_but_not_the_other_way_round():
    assert c.missing_scopes([facts(domain=None)], [c.EVALUATION], PSY, DAY) == []
    assert c.missing_scopes([facts(domain=SPEECH)], [c.EVALUATION], PSY, DAY) == [c.EVALUATION]
    assert c.missing_scopes([facts(domain=SPEECH)], [c.EVALUATION], None, DAY) == []


def test_missing_scopes_keeps_the_order_asked_and_ignores_duplicates():
    held = [facts(scope=c.SERVICES)]
    asked = [c.TELEPRACTICE, c.EVALUATION, c.SERVICES, c.TELEPRACTICE]
    assert c.missing_scopes(held, asked, None, DAY) == [c.TELEPRACTICE, c.EVALUATION]


def test_a_valid_consent_wins_over_an_older_revoked_one():
    held = [facts(revoked=dt.date(2026, 10, 1)), facts(signed=dt.date(2026, 10, 2))]
    assert c.missing_scopes(held, [c.EVALUATION], None, DAY) == []


def test_gaps_say_why_a_scope_is_missing():
    held = [
        facts(scope=c.EVALUATION, revoked=dt.date(2026, 11, 3)),
        facts(scope=c.SERVICES, expires=dt.date(2026, 10, 31)),
    ]
    found = c.gaps(held, [c.EVALUATION, c.SERVICES, c.TELEPRACTICE], None, DAY)
    assert found == [
        c.Gap(c.EVALUATION, c.REVOKED, dt.date(2026, 11, 3)),
        c.Gap(c.SERVICES, c.EXPIRED, dt.date(2026, 10, 31)),
        c.Gap(c.TELEPRACTICE, c.ABSENT),
    ]


def test_the_message_names_the_missing_consent_and_the_student():
    message = c.missing_message("Alice", [c.Gap(c.TELEPRACTICE, c.ABSENT)], 15)
    assert message.startswith("Consentement à la télépratique manquant pour Alice : jamais donné.")
    assert "l'élève, qui a 14 ans ou plus" in message


def test_the_message_lists_several_missing_consents_with_their_reasons():
    found = [c.Gap(c.EVALUATION, c.REVOKED, dt.date(2026, 11, 3)), c.Gap(c.TELEPRACTICE, c.ABSENT)]
    message = c.missing_message("Léo", found, 12)
    assert message.startswith("Consentements à l'évaluation et à la télépratique manquants pour Léo")
    assert "révoqué le 2026-11-03" in message and "télépratique — jamais donné" in message
    assert "titulaire de l'autorité parentale" in message


def test_nothing_missing_means_no_message():
    assert c.missing_message("Alice", [], 15) == ""


@pytest.mark.parametrize(
    ("signed", "policy", "expected"),
    [
        (dt.date(2026, 9, 15), 365, dt.date(2027, 9, 15)),
        (dt.date(2026, 9, 15), "school_year", dt.date(2027, 6, 30)),
        (dt.date(2027, 3, 1), "school_year", dt.date(2027, 6, 30)),
        (dt.date(2027, 6, 10), "school_year", dt.date(2028, 6, 30)),  # never a consent that lasts days
        (dt.date(2026, 9, 15), None, None),
    ],
)
def test_default_expiry(signed, policy, expected):
    assert c.default_expiry(signed, policy) == expected


@pytest.mark.parametrize(("raw", "parsed"), [("365", 365), (" school_year ", "school_year"), ("none", None)])
def test_the_validity_setting_is_read(raw, parsed):
    assert c.parse_validity(raw) == parsed


@pytest.mark.parametrize("raw", ["-3", "0", "un an", "1y"])
def test_a_typo_in_the_validity_setting_is_refused(raw):
    with pytest.raises(ValueError, match="CONSENT_VALIDITY"):
        c.parse_validity(raw)


def test_age_cutoff_handles_29_february():
    assert c.born_after_for_age(dt.date(2028, 2, 29), 14) == dt.date(2014, 2, 28)
    assert c.born_after_for_age(DAY, 14) == dt.date(2012, 11, 22)
