"""Plans d'intervention in a real browser: the principal opens Alice's plan from her 360 page, writes the
analysis, adds an objective (after a refused empty form) and its means, asks the parents to sign; Alice's
mother reads the plan in the portal and signs it. Every page passes axe."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Browser, Page, expect

from browser.helpers import assert_accessible, login, submit_password


@pytest.mark.browser
def test_the_principal_opens_a_plan_adds_an_objective_and_the_parent_signs_it_in_the_portal(
    browser: Browser, page: Page, live_server, live_cast
):
    from plans.models import GuardianSignature, InterventionPlan, Objective

    base = live_server.url
    alice = live_cast.alice

    login(page, base, live_cast.principal.username)
    page.goto(base + f"/eleves/{alice.pk}/")
    section = page.locator("section[aria-labelledby=section-plan-intervention]")
    expect(section).to_contain_text("Aucun plan d'intervention en cours")
    assert_accessible(page, "vue 360, section Plan d'intervention")
    section.get_by_role("link", name="Ouvrir un plan d'intervention").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Alice")
    assert_accessible(page, "ouvrir un plan")
    page.get_by_role("button", name="Ouvrir le plan").click()
    expect(page.locator("main")).to_contain_text("Plan d'intervention ouvert")
    plan = InterventionPlan.objects.get()
    expect(page.locator("[aria-current=step]")).to_contain_text("Collecte et analyse")
    assert_accessible(page, "plan, phase de collecte")

    page.get_by_role("link", name="Modifier l'analyse").click()
    page.get_by_label("Forces de l'élève").fill("Curieuse, aime les sciences.")
    page.get_by_label("Difficultés observées").fill("Lecture lente des textes longs.")
    assert_accessible(page, "analyse")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("main")).to_contain_text("Analyse enregistrée")

    page.get_by_role("link", name="Ajouter un objectif").click()
    page.get_by_role("button", name="Enregistrer").click()  # nothing filled: French errors
    expect(page.locator("main")).to_contain_text("Énoncez l'objectif.")
    assert not Objective.objects.exists()
    assert_accessible(page, "objectif avec erreurs")
    page.locator("#id_text").fill("Lire un texte de 150 mots en 2 minutes.")
    page.get_by_label("Indicateur (comment le mesurer)").fill("Mots lus correctement par minute")
    page.get_by_label("Cible").fill("75 mots par minute")
    page.get_by_label("Échéance").fill((dt.date.today() + dt.timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("main")).to_contain_text("Objectif ajouté")
    assert Objective.objects.get().plan == plan

    page.get_by_role("link", name="Ajouter un moyen à l'objectif 1").click()
    page.locator("#id_what").fill("Lecture répétée de courts textes")
    page.get_by_label("Qui (membre du personnel)").select_option(label="Paul Test (Enseignant·e)")
    page.get_by_label("Fréquence").fill("Chaque matin")
    assert_accessible(page, "ajouter un moyen")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#objectif-" + str(Objective.objects.get().pk))).to_contain_text("Paul Test")
    assert_accessible(page, "plan avec un objectif et son moyen")

    page.get_by_role("button", name="Demander la signature des parents").click()
    expect(page.locator("main")).to_contain_text("Signature demandée")
    page.goto(base + "/plans/")
    expect(page.locator("main table")).to_contain_text("Alice Tremblay")
    assert_accessible(page, "liste des plans")

    parent = browser.new_context(locale="fr-CA", viewport={"width": 1280, "height": 900}).new_page()
    parent.set_default_timeout(10_000)
    parent.goto(base + "/comptes/login/")
    submit_password(parent, live_cast.parent.username)  # a family account: no second factor
    expect(parent).to_have_url(base + "/")
    parent.goto(base + "/plans/")  # the list sends the family to their portal
    expect(parent.get_by_role("heading", level=1)).to_contain_text("Plans d'intervention")
    assert_accessible(parent, "portail des plans")
    parent.get_by_role("link", name="Plan d'intervention de Alice").click()
    expect(parent.locator("main")).to_contain_text("Lire un texte de 150 mots")
    expect(parent.locator("main")).to_contain_text("Lecture répétée de courts textes")
    assert_accessible(parent, "plan dans le portail")
    parent.get_by_role("button", name="Signer le plan").click()  # box unchecked
    expect(parent.locator("main")).to_contain_text("Cochez « J'ai lu le plan et je le signe »")
    assert not GuardianSignature.objects.exists()
    assert_accessible(parent, "signature refusée, case non cochée")
    parent.get_by_label("J'ai lu le plan et je le signe").check()
    parent.get_by_role("button", name="Signer le plan").click()
    expect(parent.locator("main")).to_contain_text("votre signature est enregistrée")
    signature = GuardianSignature.objects.get()
    assert signature.guardian == live_cast.parent.guardian_profile and signature.channel == "portal"
    expect(parent.locator("#signatures")).to_be_visible()
    expect(parent.locator("main")).to_contain_text("Vous avez déjà signé cette version du plan.")
    assert_accessible(parent, "plan signé")
    parent.context.close()

    page.goto(base + f"/plans/{plan.pk}/")
    expect(page.locator("main")).to_contain_text("Isabelle Tremblay")
    assert_accessible(page, "plan signé, vu par la direction")
