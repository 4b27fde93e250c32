"""The language switch, and the pages of the privacy officer and of the manager."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from browser.helpers import assert_accessible, login


@pytest.mark.browser
def test_the_english_button_switches_the_page_language_and_stays_on_the_page(
    page: Page, live_server, live_cast
):
    base = live_server.url
    login(page, base, live_cast.psychologist.username)
    page.goto(base + "/eleves/?q=Tremblay")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "fr-CA")

    page.get_by_role("button", name="English").click()
    expect(html).to_have_attribute("lang", "en")
    assert page.url == base + "/eleves/?q=Tremblay"
    expect(page.get_by_role("link", name="Tremblay, Alice")).to_be_visible()
    expect(page.get_by_role("button", name="Français")).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_have_count(0)

    # The choice sticks to the next page, and the way back works too.
    page.goto(base + "/")
    expect(html).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Français").click()
    expect(html).to_have_attribute("lang", "fr-CA")
    assert page.url == base + "/"


@pytest.mark.browser
def test_the_audit_log_and_the_import_page_are_accessible(page: Page, live_server, live_cast):
    base = live_server.url
    login(page, base, live_cast.privacy_officer.username)
    page.goto(base + "/audit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Journal d'audit")
    assert_accessible(page, "journal d'audit / audit log")

    page.context.clear_cookies()
    login(page, base, live_cast.manager.username)
    response = page.goto(base + "/importations/")
    assert response is not None and response.status == 200
    assert_accessible(page, "importations / SIS import")
