"""Early warning in a real browser: the principal opens the weekly portrait (chart and table), follows
Alice from the list of students to follow to her reasons, records a tier decision from them (after a
refused empty reason) and prints the family's copy of the factors. Every page passes axe."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from browser.helpers import assert_accessible, login


@pytest.mark.browser
def test_the_principal_reads_the_portrait_and_the_reasons_and_records_a_tier(
    page: Page, live_server, live_cast
):
    from earlywarning import scoring
    from earlywarning.tests.helpers import build_year
    from support.models import TierDecision

    cast = build_year(live_cast)
    scoring.compute_week(dt.date(2026, 10, 26))
    scoring.compute_week(dt.date(2026, 11, 2))
    base = live_server.url

    login(page, base, cast.principal.username)
    page.get_by_role("link", name="Repérage").first.click()
    expect(page.locator("#reperage")).to_contain_text("Échec en français")
    assert_accessible(page, "liste de repérage avec les raisons")
    page.get_by_role("link", name="Portraits hebdomadaires de l'assiduité").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Portraits hebdomadaires de l'assiduité")
    chart = page.locator("canvas#portrait-chart")
    expect(chart).to_have_attribute("data-drawn", "1")
    expect(page.locator("#taux")).to_contain_text("École secondaire des Sources")
    portrait = page.locator("#portrait")
    expect(portrait).to_contain_text("Alice Tremblay")
    assert_accessible(page, "portrait hebdomadaire : graphique et tableaux")

    portrait.get_by_role("link", name="Alice Tremblay").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("les raisons de Alice Tremblay")
    expect(page.locator("#raisons")).to_contain_text("Présence récente faible")
    expect(page.locator("#raisons")).to_contain_text("82 %")
    expect(page.locator("canvas#weeks-chart")).to_have_attribute("data-drawn", "2")
    assert_accessible(page, "raisons de l'élève")

    page.get_by_label("Palier 2 — ciblé").check()
    page.get_by_role("button", name="Consigner la décision de palier").click()
    expect(page.locator("main")).to_contain_text("le score ne décide jamais seul")
    assert not TierDecision.objects.exists()
    assert_accessible(page, "décision refusée")
    page.get_by_label("Palier 2 — ciblé").check()
    page.get_by_label("Motif de la décision").fill("Absences en hausse et échecs à l'étape 2 : mentorat.")
    page.get_by_role("button", name="Consigner la décision de palier").click()
    expect(page.locator("main")).to_contain_text("Décision de palier enregistrée")
    decision = TierDecision.objects.get()
    assert decision.tier == 2 and decision.source == "early_warning" and decision.decided_by == cast.principal
    expect(page.locator("#decision + p")).to_contain_text("Palier 2 — ciblé")

    page.get_by_role("button", name="Copie des facteurs pour la famille").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Facteurs utilisés")
    expect(page.locator("main")).not_to_contain_text("Coefficient")
    assert_accessible(page, "copie des facteurs pour la famille")
