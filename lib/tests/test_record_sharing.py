import datetime as dt

from lib import record_sharing as rs

SIGNED = dt.date(2026, 11, 2)


def avail(kind=rs.THIRD_PARTY_COPY, profession="psychologist", waiver=False, today=SIGNED):
    return rs.available_from(
        kind=kind,
        profession=profession,
        authorised_on=SIGNED,
        hold_days=15,
        emergency_waiver=waiver,
        today=today,
    )


def test_a_psychologists_copy_to_a_third_party_waits_fifteen_days_after_the_authorisation():
    assert avail() == dt.date(2026, 11, 17)


def test_the_hold_follows_the_configured_number_of_days():
    got = rs.available_from(
        kind=rs.THIRD_PARTY_COPY,
        profession="psychologist",
        authorised_on=SIGNED,
        hold_days=30,
        emergency_waiver=False,
        today=SIGNED,
    )
    assert got == dt.date(2026, 12, 2)


def test_other_professions_have_no_hold():
    for profession in ("speech_therapist", "psychoeducator", "guidance_counsellor", "nurse"):
        assert avail(profession=profession) == SIGNED


def test_the_emergency_waiver_makes_the_copy_available_at_once():
    assert avail(waiver=True, today=dt.date(2026, 11, 5)) == SIGNED
    assert avail(waiver=True, today=SIGNED) == SIGNED


def test_a_consultation_by_another_professional_is_not_a_copy_and_has_no_hold():
    assert avail(kind=rs.PROFESSIONAL) == SIGNED


def test_is_held_until_the_day_of_availability_included():
    available = dt.date(2026, 11, 17)
    assert rs.is_held(available, dt.date(2026, 11, 16))
    assert not rs.is_held(available, available)
    assert rs.days_left(available, dt.date(2026, 11, 10)) == 7
    assert rs.days_left(available, dt.date(2026, 11, 20)) == 0
