"""Tiers and interventions in a real browser: the principal records a tier decision for Alice from her
360 page (after a refused empty form), opens an intervention whose review is due and reads its chart and
its table; the teacher responsible adds a progress point. Every page passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from browser.helpers import assert_accessible, login


@pytest.mark.browser
def test_the_principal_records_a_tier_and_reads_the_chart_and_the_teacher_adds_a_point(
    browser: Browser, page: Page, live_server, live_cast
):
    from support.models import ProgressPoint, TierDecision
    from support.tests.helpers import days_ago, start, with_points

    base = live_server.url
    cast = live_cast
    reading = with_points(
        cast.teacher, start(cast.principal, cast.alice, cast.teacher, started_days_ago=42), [40, 44, 45, 51]
    )

    login(page, base, cast.principal.username)
    page.goto(base + f"/eleves/{cast.alice.pk}/")
    section = page.locator("section[aria-labelledby=section-paliers]")
    expect(section).to_contain_text("Aucun palier décidé")
    expect(section).to_contain_text("Décision due")
    assert_accessible(page, "vue 360, section Paliers et interventions")
    section.get_by_role("link", name="Décider du palier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Décider du palier")
    assert_accessible(page, "décider du palier")
    page.get_by_role("button", name="Enregistrer").click()  # nothing chosen: French errors
    expect(page.locator("main")).to_contain_text("Choisissez le palier.")
    expect(page.locator("main")).to_contain_text("Écrivez le motif de la décision")
    assert not TierDecision.objects.exists()
    assert_accessible(page, "décision de palier refusée")
    page.get_by_label("Palier 2 — ciblé").check()
    page.get_by_label("Motif de la décision").fill("Lecture lente et absences répétées depuis octobre.")
    page.get_by_label("À l'origine de la décision").select_option("team")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("main")).to_contain_text("Décision de palier enregistrée.")
    decision = TierDecision.objects.get()
    assert decision.tier == 2 and decision.decided_by == cast.principal and decision.source == "team"
    expect(page.locator("#palier + p")).to_contain_text("Palier 2 — ciblé")
    assert_accessible(page, "paliers et interventions de l'élève")

    page.goto(base + "/paliers/")
    expect(page.locator("main table")).to_contain_text("Alice Tremblay")
    assert_accessible(page, "liste par palier")
    page.get_by_role("link", name="Tutorat en lecture").click()
    expect(page.locator("main .alert")).to_contain_text("Décision due")
    chart = page.locator("canvas#progress-chart")
    expect(chart).to_have_attribute("data-drawn", "3")  # points, goal line, trend
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100
    table = page.locator("#progress-table")
    expect(table.locator("tbody tr")).to_have_count(4)
    expect(table.locator("tbody tr").first).to_contain_text("40,00")
    expect(table).to_contain_text("Note d'équipe 1")
    assert_accessible(page, "intervention : graphique et tableau")

    teacher = browser.new_context(locale="fr-CA", viewport={"width": 1280, "height": 900}).new_page()
    teacher.set_default_timeout(10_000)
    login(teacher, base, cast.teacher.username)
    teacher.get_by_role("link", name="Paliers et interventions").click()
    expect(teacher.locator("main table")).to_contain_text("Alice Tremblay")
    teacher.get_by_role("link", name="Tutorat en lecture").click()
    teacher.get_by_role("link", name="Ajouter un point de suivi").click()
    assert_accessible(teacher, "ajouter un point de suivi")
    teacher.get_by_label("Valeur").fill("beaucoup")
    teacher.get_by_role("button", name="Enregistrer").click()
    expect(teacher.locator("main")).to_contain_text("entrez un nombre")
    assert ProgressPoint.objects.filter(intervention=reading).count() == 4  # nothing written
    teacher.get_by_label("Date de la mesure").fill(days_ago(0).isoformat())
    teacher.get_by_label("Valeur").fill("53,5")
    teacher.get_by_label("Note pour l'équipe (facultatif)").fill("Très bonne séance.")
    teacher.get_by_role("button", name="Enregistrer").click()
    expect(teacher.locator("main")).to_contain_text("Point de suivi ajouté.")
    expect(teacher.locator("#progress-table tbody tr")).to_have_count(5)
    expect(teacher.locator("#progress-table")).to_contain_text("53,50")
    expect(teacher.locator("canvas#progress-chart")).to_have_attribute("data-drawn", "3")
    assert ProgressPoint.objects.filter(intervention=reading).latest("pk").recorded_by == cast.teacher
    assert_accessible(teacher, "intervention après le nouveau point")
    teacher.context.close()
