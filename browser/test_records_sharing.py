"""Publishing and sharing in a real browser: the psychologist publishes a recommendation from Alice's 360
page, the teacher reads it there; the sharing page shows the 15-day hold; the coordinator's transfer page
shows metadata only; every page passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from browser.helpers import assert_accessible, login


def logout(page: Page, base: str) -> None:
    page.context.clear_cookies()


@pytest.mark.browser
def test_the_psychologist_publishes_and_the_teacher_reads_it(
    browser: Browser, page: Page, live_server, live_cast
):
    from records.tests.core_helpers import open_alice
    from records.tests.test_sharing_support import copy_share, sharing_consent

    base = live_server.url
    record = open_alice(live_cast)
    copy_share(record, sharing_consent(live_cast, live_cast.alice, days_ago=2))

    login(page, base, live_cast.psychologist.username)
    page.goto(base + f"/eleves/{live_cast.alice.pk}/")
    section = page.locator("section[aria-labelledby=section-dossier-aide-particuliere]")
    expect(section).to_contain_text("Aucune conclusion ni recommandation publiée")
    section.get_by_role("link", name=f"Publier depuis le dossier nº {record.pk}").click()
    assert_accessible(page, "publier au dossier d'aide particulière")
    page.get_by_role("button", name="Publier").click()  # empty: French errors, nothing lost
    expect(page.locator("main")).to_contain_text("Rien n'a été publié")
    assert_accessible(page, "publier, avec erreurs")
    page.get_by_label("Recommandations").check()
    page.get_by_label("Texte publié au dossier d'aide particulière").fill(
        "Offrir un coin calme en classe au besoin."
    )
    page.get_by_role("button", name="Publier").click()
    expect(page.locator("main")).to_contain_text("Publié au dossier d'aide particulière")

    page.goto(base + f"/dossiers/{record.pk}/communications/")
    expect(page.locator("main")).to_contain_text("Copie retenue jusqu'au")
    expect(page.locator("main")).to_contain_text("règlement C-26, r. 221")
    assert_accessible(page, "communications du dossier")

    logout(page, base)
    login(page, base, live_cast.teacher.username)
    page.goto(base + f"/eleves/{live_cast.alice.pk}/")
    section = page.locator("section[aria-labelledby=section-dossier-aide-particuliere]")
    expect(section).to_contain_text("Offrir un coin calme en classe au besoin.")
    expect(section).not_to_contain_text("Anxiété")
    assert_accessible(page, "vue 360 de l'enseignant, dossier d'aide particulière")


@pytest.mark.browser
def test_the_coordinator_transfers_without_reading(browser: Browser, page: Page, live_server, live_cast):
    from conftest import make_user
    from core.models import Role
    from records.tests.core_helpers import open_alice

    base = live_server.url
    record = open_alice(live_cast)
    heir = make_user("remi.psy", Role.PROFESSIONAL, profession="psychologist", centre=live_cast.centre)
    heir.networks.add(live_cast.nord)

    login(page, base, live_cast.coordinator.username)
    page.goto(base + "/dossiers/transferts/")
    assert_accessible(page, "transfert de dossiers")
    page.get_by_role("link", name=live_cast.psychologist.get_full_name()).click()
    expect(page.locator("main")).not_to_contain_text("Anxiété")
    assert_accessible(page, "dossiers d'un professionnel à transférer")
    page.get_by_label("Alice Tremblay").check()
    page.get_by_label("Professionnel·le qui reprend les dossiers").select_option(label=heir.get_full_name())
    page.get_by_label("Motif du transfert").fill("Départ à la retraite")
    page.get_by_role("button", name="Transférer les dossiers cochés").click()
    expect(page.locator("main")).to_contain_text("1 dossier(s) transféré(s)")
    record.refresh_from_db()
    assert record.professional == heir
