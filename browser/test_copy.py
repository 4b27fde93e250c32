"""The readable copy in a real browser: a mother opens "Copie de mes renseignements", reads her
daughter's copy and downloads the PDF and the JSON; the student of 15 reads her own; axe finds nothing."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from browser.helpers import assert_accessible, submit_password, url_is


def family_login(page: Page, base: str, username: str) -> None:
    """A family account: password only, no second factor."""
    page.goto(base + "/comptes/login/")
    submit_password(page, username)
    expect(page).to_have_url(base + "/")


@pytest.mark.browser
def test_a_parent_reads_and_downloads_her_childs_copy(page: Page, live_server, live_cast):
    base = live_server.url
    alice = live_cast.alice
    family_login(page, base, live_cast.parent.username)

    page.goto(base + "/eleves/copie/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Copie de mes renseignements")
    expect(page.locator("main")).to_contain_text("Alice Tremblay")
    expect(page.locator("main")).not_to_contain_text("Bruno")
    assert_accessible(page, "copie de mes renseignements — accueil")

    page.get_by_role("link", name="Voir la copie — Alice Tremblay").click()
    expect(page).to_have_url(url_is(base, f"/eleves/{alice.pk}/copie/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Alice Tremblay")
    expect(page.get_by_role("heading", level=2, name="Identité et dossier scolaire")).to_be_visible()
    expect(page.locator("main")).to_contain_text("TREA11561101")
    expect(page.locator("main")).to_contain_text("Allergie sévère aux arachides")
    expect(page.locator("main")).to_contain_text("ne vous sont pas communiqués")
    assert_accessible(page, "copie des renseignements (HTML)")

    pdf_href = page.get_by_role("link", name="Télécharger la copie (PDF)").get_attribute("href") or ""
    pdf = page.request.get(base + pdf_href)
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    assert pdf.headers["content-disposition"].startswith("attachment;")
    json_link = page.get_by_role("link", name="Télécharger la copie en format structuré (JSON)")
    data = page.request.get(base + (json_link.get_attribute("href") or ""))
    assert data.status == 200 and json.loads(data.body())["student"]["code_permanent"] == "TREA11561101"


@pytest.mark.browser
def test_a_student_of_15_reads_her_own_copy(page: Page, live_server, live_cast):
    base = live_server.url
    family_login(page, base, live_cast.student15.username)
    page.goto(base + "/eleves/copie/")
    page.get_by_role("link", name="Voir la copie — Alice Tremblay").click()
    expect(page.get_by_role("heading", level=2, name="Consentements")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("ne vous sont pas communiqués")
    assert_accessible(page, "copie des renseignements de l'élève elle-même")
