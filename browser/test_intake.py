"""The guichet unique in a real browser: a teacher files a request from the 360 page, the coordinator
triages it onto the waiting list and assigns the psychologist; every page passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from browser.helpers import assert_accessible, login


@pytest.mark.browser
def test_a_teacher_files_and_the_coordinator_triages_and_assigns(
    browser: Browser, page: Page, live_server, live_cast
):
    from intake.models import ServiceRequest, Status

    base = live_server.url
    login(page, base, live_cast.teacher.username)
    page.goto(base + f"/eleves/{live_cast.alice.pk}/")
    page.get_by_role("link", name="Demander un service").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Alice")
    assert_accessible(page, "formulaire de demande")

    page.get_by_role("button", name="Transmettre la demande").click()  # nothing checked: French errors
    expect(page.locator("main")).to_contain_text("Choisissez au moins un service.")
    assert_accessible(page, "formulaire de demande avec erreurs")

    page.get_by_label("Psychologie").check()
    page.get_by_label("Anxiété, humeur, bien-être").check()
    page.get_by_label("Description de la situation").fill("Anxiété marquée avant les examens.")
    page.get_by_label("Modérée").check()
    page.get_by_label("Marqué", exact=True).check()
    page.get_by_role("button", name="Transmettre la demande").click()
    expect(page.locator("main")).to_contain_text("Demande transmise au guichet unique")
    request = ServiceRequest.objects.get()
    assert request.status == Status.SUBMITTED and request.requested_by == live_cast.teacher
    assert_accessible(page, "demande déposée")

    coordinator = browser.new_context(locale="fr-CA", viewport={"width": 1280, "height": 900}).new_page()
    coordinator.set_default_timeout(10_000)
    login(coordinator, base, live_cast.coordinator.username)
    coordinator.get_by_role("link", name="Demandes", exact=True).click()
    assert_accessible(coordinator, "boîte du guichet")
    coordinator.get_by_role("link", name=f"nº {request.pk}").first.click()
    expect(coordinator.locator("main")).to_contain_text("Urgence et sécurité")
    assert_accessible(coordinator, "détail de la demande, triage")

    coordinator.get_by_label("Urgence", exact=True).select_option("high")
    coordinator.get_by_role("button", name="Accepter").click()
    expect(coordinator.locator("main")).to_contain_text("placée en liste d'attente")
    request.refresh_from_db()
    assert request.status == Status.WAITING

    coordinator.get_by_label("Professionnel·le").select_option(str(live_cast.psychologist.pk))
    coordinator.get_by_role("button", name="Assigner").click()
    expect(coordinator.locator("main")).to_contain_text("Demande assignée")
    request.refresh_from_db()
    assert request.status == Status.ASSIGNED and request.assigned_to == live_cast.psychologist
    assert_accessible(coordinator, "demande assignée")

    for link in ["Listes d'attente", "Indicateurs"]:
        coordinator.get_by_role("link", name=link, exact=True).click()
        expect(coordinator.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(coordinator, link)
    coordinator.context.close()

    page.reload()
    expect(page.locator("main")).to_contain_text("Assignée")


@pytest.mark.browser
def test_the_manager_reads_the_indicators_and_tunes_the_priority_grid(page: Page, live_server, live_cast):
    from intake.config import settings_for

    base = live_server.url
    login(page, base, live_cast.manager.username)
    page.get_by_role("link", name="Indicateurs", exact=True).click()
    assert_accessible(page, "indicateurs")
    page.get_by_role("link", name="Réglages du guichet unique").click()
    assert_accessible(page, "réglages du guichet")
    page.get_by_label("Délai d'attente maximal (jours)").fill("0")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("main")).to_contain_text("pas été enregistrés")
    assert_accessible(page, "réglages avec erreurs")
    page.get_by_label("Délai d'attente maximal (jours)").fill("45")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("main")).to_contain_text("Réglages du guichet unique enregistrés")
    assert settings_for(live_cast.centre).wait_limit_days == 45
