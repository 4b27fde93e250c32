"""The issue's path, in a real browser: two-factor login, live search, the 360 page — and axe on each page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from browser.helpers import LOGIN_PATH, TOTP_PATH, assert_accessible, submit_password, submit_totp, url_is


@pytest.mark.browser
def test_a_psychologist_signs_in_with_two_factor_finds_alice_and_opens_her_360_page(
    page: Page, live_server, live_cast
):
    base = live_server.url
    alice = live_cast.alice

    # Anonymous: the home page sends to the login page, in French.
    page.goto(base + "/")
    expect(page).to_have_url(url_is(base, LOGIN_PATH))
    assert page.url.endswith(LOGIN_PATH + "?next=/")
    expect(page.locator("html")).to_have_attribute("lang", "fr-CA")
    assert_accessible(page, "page de connexion / login page")

    # Password first: the account is not open yet, the TOTP code is asked for.
    submit_password(page, live_cast.psychologist.username)
    expect(page).to_have_url(url_is(base, TOTP_PATH))
    expect(page.locator("#id_code")).to_be_visible()
    assert_accessible(page, "page du code TOTP / TOTP page")
    # Between the two steps the account is not open: the student pages send back to the code.
    page.goto(base + "/eleves/")
    expect(page).to_have_url(url_is(base, TOTP_PATH))
    expect(page.get_by_role("heading", name="Rechercher un élève")).to_have_count(0)

    # The code from the authenticator opens the account, on the page asked for at first.
    submit_totp(page, base)
    expect(page).to_have_url(base + "/")
    expect(page.locator("h1")).to_contain_text("Bonjour Marie")
    assert_accessible(page, "accueil / home")

    # Live search (htmx): typing fetches the results without reloading the page.
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Élèves").click()
    expect(page).to_have_url(url_is(base, "/eleves/"))
    search_box = page.get_by_label("Nom, prénom ou code permanent")
    with page.expect_response(
        lambda r: "/eleves/?q=Tremblay" in r.url and r.request.headers.get("hx-request") == "true"
    ) as htmx_response:
        search_box.press_sequentially("Tremblay", delay=20)
    assert htmx_response.value.status == 200
    results = page.locator("#resultats table")
    expect(results).to_be_visible()
    expect(results.locator("tbody tr")).to_have_count(1)  # bruno (Gagnon) and zoé (Roy) are not Tremblay
    expect(page.locator("#resultats [role=status]")).to_have_text("1 élève trouvé")
    expect(search_box).to_have_value("Tremblay")  # same page: htmx swapped the results in
    expect(page).to_have_url(url_is(base, "/eleves/"))
    assert "q=Tremblay" in page.url  # hx-push-url: the search can be bookmarked
    assert_accessible(page, "résultats de recherche / search results")

    # The 360 page: identity, school, group and guardian.
    results.get_by_role("link", name="Tremblay, Alice").click()
    expect(page).to_have_url(base + f"/eleves/{alice.pk}/")
    expect(page.locator("h1")).to_contain_text("Alice Tremblay")
    identity = page.get_by_role("region", name="Identité et scolarité")
    expect(identity).to_contain_text("TREA11561101")
    expect(identity).to_contain_text("École secondaire des Sources")
    expect(identity.locator("dt:has-text('Groupe') + dd")).to_have_text("301")
    guardians = page.get_by_role("region", name="Parents et tuteurs")
    expect(guardians).to_contain_text("Isabelle Tremblay")
    assert_accessible(page, "vue 360 / 360 page")
