"""What the browser shows to the wrong person, and to staff who have not enrolled two-factor yet."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from browser.helpers import (
    ACTIVATE_TOTP_PATH,
    assert_accessible,
    login,
    submit_password,
    totp_code,
    url_is,
)
from conftest import PASSWORD

REAUTHENTICATE_PATH = "/comptes/reauthenticate/"
REAUTH_TO_ACTIVATE = re.escape(REAUTHENTICATE_PATH + "?next=%2Fcomptes%2F2fa%2Ftotp%2Factivate%2F")


@pytest.mark.browser
def test_an_outsider_finds_no_tremblay_and_gets_a_404_for_alice(page: Page, live_server, live_cast):
    base = live_server.url
    login(page, base, live_cast.outsider.username)

    page.goto(base + "/eleves/")
    with page.expect_response(lambda r: "/eleves/?q=Tremblay" in r.url):
        page.get_by_label("Nom, prénom ou code permanent").press_sequentially("Tremblay", delay=20)
    expect(page.locator("#resultats [role=status]")).to_contain_text("Aucun élève ne correspond")
    expect(page.locator("#resultats table")).to_have_count(0)
    expect(page.locator("#resultats")).not_to_contain_text("Alice")

    response = page.goto(base + f"/eleves/{live_cast.alice.pk}/")
    assert response is not None and response.status == 404
    content = page.content()
    for secret in ("Tremblay", "Alice", "TREA11561101", "arachides"):
        assert secret not in content
    assert_accessible(page, "page 404")


@pytest.mark.browser
def test_a_staff_member_without_two_factor_must_enrol_before_seeing_students(
    page: Page, live_server, live_cast
):
    from core.models import Role, User

    base = live_server.url
    newcomer = User.objects.create_user(
        username="lea.nouvelle",
        password=PASSWORD,
        first_name="Léa",
        last_name="Nouvelle",
        role=Role.TEACHER,
        centre=live_cast.centre,
    )
    newcomer.schools.set([live_cast.sources])
    live_cast.g301.teachers.add(newcomer)

    page.goto(base + "/")
    submit_password(page, newcomer.username)
    # allauth asks for the password once more before showing a new TOTP secret (MFA reauthentication).
    expect(page).to_have_url(re.compile(re.escape(base) + f"({REAUTH_TO_ACTIVATE}|{ACTIVATE_TOTP_PATH})$"))
    if REAUTHENTICATE_PATH in page.url:
        assert_accessible(page, "confirmation du mot de passe / reauthentication")
        page.fill("#id_password", PASSWORD)
        page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(base + ACTIVATE_TOTP_PATH)
    expect(page.locator("#id_code")).to_be_visible()
    assert_accessible(page, "activation TOTP / TOTP activation")

    for path in ("/eleves/", f"/eleves/{live_cast.alice.pk}/", "/"):
        page.goto(base + path)
        expect(page).to_have_url(base + ACTIVATE_TOTP_PATH)

    # Enrolling with the secret shown on the page opens the student pages.
    secret = page.locator("#authenticator_secret").input_value()
    assert len(secret) >= 16
    page.fill("#id_code", totp_code(secret))
    page.locator("main form button[type=submit]").first.click()
    expect(page).not_to_have_url(url_is(base, ACTIVATE_TOTP_PATH))
    page.goto(base + "/eleves/")
    expect(page).to_have_url(base + "/eleves/")
    expect(page.get_by_role("heading", name="Rechercher un élève")).to_be_visible()
