"""The privacy officer's tools in a real browser: the officer opens a candidate incident raised by the
audit scan, qualifies it with the register's fields (after a refused empty form), exports the register
(CSV and PDF), prepares a destruction run; the manager approves it and the record is gone. The other
pages of the tools (dashboard, communications, access requests, retention, inventory) pass axe too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from browser.helpers import assert_accessible, login


def _old_record(cast):
    from django.utils import timezone

    from records import actions
    from records.models import ProfessionalRecord
    from records.tests.core_helpers import open_alice, signed

    record = open_alice(cast)
    signed(cast, record)
    actions.close_record(cast.psychologist, record, "Fin des services : objectifs atteints.")
    ProfessionalRecord.objects.filter(pk=record.pk).update(
        retention_until=timezone.localdate() - dt.timedelta(days=1)
    )
    return record


@pytest.mark.browser
def test_the_officer_qualifies_a_candidate_exports_the_register_and_the_manager_approves_a_destruction(
    browser: Browser, page: Page, live_server, live_cast
):
    from privacy.models import Incident
    from privacy.scan import scan
    from records.models import ProfessionalRecord
    from records.tests.core_helpers import break_glass

    base = live_server.url
    break_glass(live_cast.speech_therapist, live_cast.bruno)
    scan()
    incident = Incident.objects.get()
    record = _old_record(live_cast)

    login(page, base, live_cast.privacy_officer.username)
    page.get_by_role("link", name="Vie privée", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Protection des renseignements personnels")
    assert_accessible(page, "tableau de bord de la vie privée")
    for name, what in (
        ("Communications sans consentement", "registre des communications"),
        ("Demandes d'accès", "demandes d'accès"),
        ("Inventaire (ÉFVP)", "inventaire des renseignements personnels"),
    ):
        page.locator("main nav").get_by_role("link", name=name).click()
        assert_accessible(page, what)

    page.locator("header nav").get_by_role("link", name="Incidents").click()
    expect(page.locator("main table")).to_contain_text(incident.number)
    assert_accessible(page, "liste des incidents")
    page.get_by_role("link", name=incident.number).click()
    expect(page.locator("main")).to_contain_text("Accès d'urgence (bris de glace)")
    assert_accessible(page, "signalement à examiner")
    page.get_by_role("link", name="Qualifier l'incident").click()
    page.get_by_role("button", name="Qualifier et inscrire au registre").click()
    expect(page.get_by_role("alert")).to_contain_text("Décrivez brièvement les circonstances")
    assert Incident.objects.get().status == "candidate"
    assert_accessible(page, "qualification avec erreurs")
    page.get_by_label("Renseignements personnels visés").fill("Identité et dossier scolaire de l'élève")
    page.get_by_label("Brève description des circonstances").fill("Accès d'urgence sans urgence apparente")
    page.get_by_label("Date de l'incident (ou début de la période)").fill(dt.date.today().isoformat())
    page.get_by_role("button", name="Qualifier et inscrire au registre").click()
    expect(page.locator("main")).to_contain_text("Incident qualifié et inscrit au registre")
    assert Incident.objects.get().status == "open"
    assert_accessible(page, "incident qualifié")

    page.locator("header nav").get_by_role("link", name="Incidents").click()
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Exporter le registre (CSV)").click()
    text = Path(csv_download.value.path()).read_text(encoding="utf-8-sig")
    assert incident.number in text and "Accès d'urgence sans urgence apparente" in text
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Exporter le registre (PDF)").click()
    assert Path(pdf_download.value.path()).read_bytes()[:4] == b"%PDF"

    page.locator("main nav").get_by_role("link", name="Conservation et destruction").click()
    assert_accessible(page, "conservation et destruction")
    page.get_by_role("button", name="Préparer une destruction").click()
    expect(page.locator("main")).to_contain_text("une autre personne doit l'approuver")
    assert_accessible(page, "destruction préparée")

    manager = browser.new_context(locale="fr-CA", viewport={"width": 1280, "height": 900}).new_page()
    manager.set_default_timeout(10_000)
    login(manager, base, live_cast.manager.username)
    manager.get_by_role("link", name="Destructions à approuver").click()
    assert_accessible(manager, "destructions (gestion)")
    manager.locator("main table a").first.click()
    expect(manager.locator("main table")).to_contain_text("Dossier professionnel")
    assert_accessible(manager, "destruction à approuver")
    manager.get_by_role("button", name="Approuver et détruire").click()
    expect(manager.locator("main")).to_contain_text("1 élément(s) détruit(s)")
    assert_accessible(manager, "destruction exécutée")
    assert not ProfessionalRecord.objects.filter(pk=record.pk).exists()
