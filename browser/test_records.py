"""The professional record in a real browser: the psychologist opens Alice's record from her 360 page,
writes a progress note, signs it, then corrects it; the correction shows under the original, which is
marked « Corrigée ». Every page visited passes axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from browser.helpers import assert_accessible, login


def give_services_consent(cast):
    from consents import actions
    from consents.tests.helpers import paper

    return actions.record_paper_consent(
        cast.principal, cast.alice, paper(cast, cast.alice, signer_kind="student", scope="services")
    )


@pytest.mark.browser
def test_the_psychologist_opens_a_record_signs_a_note_and_corrects_it(page: Page, live_server, live_cast):
    from records.models import Entry, ProfessionalRecord

    base = live_server.url
    give_services_consent(live_cast)
    login(page, base, live_cast.psychologist.username)

    page.goto(base + f"/eleves/{live_cast.alice.pk}/")
    section = page.locator("section[aria-labelledby=section-dossiers-professionnels]")
    expect(section).to_contain_text("Vous n'avez pas encore de dossier professionnel")
    assert_accessible(page, "vue 360, section Dossiers professionnels")
    section.get_by_role("link", name="Ouvrir un dossier").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Alice Tremblay")
    expect(page.locator("main")).to_contain_text("Ordre des psychologues du Québec — C-26, r. 221")
    assert_accessible(page, "ouvrir un dossier")

    page.get_by_role("button", name="Ouvrir le dossier").click()  # nothing filled: French errors
    expect(page.locator("main")).to_contain_text("Indiquez l'origine du mandat.")
    assert_accessible(page, "ouvrir un dossier, avec erreurs")
    page.get_by_label("École ou centre de services").check()
    page.get_by_label("Motifs de la consultation").fill("Anxiété de performance avant les examens.")
    page.get_by_role("button", name="Ouvrir le dossier").click()
    expect(page.locator("main")).to_contain_text("Dossier ouvert")
    record = ProfessionalRecord.objects.get()
    expect(page).to_have_url(re.compile(rf"/dossiers/{record.pk}/$"))
    assert_accessible(page, "dossier ouvert, sans entrée")

    page.get_by_role("link", name="Ajouter une entrée").click()
    assert_accessible(page, "nouvelle entrée")
    page.get_by_label("Note évolutive").check()
    page.get_by_label("Modalité").select_option(label="Télépratique")
    page.get_by_label("Texte (obligatoire)").fill("Rencontre de suivi : exercices de respiration appris.")
    page.get_by_role("button", name="Enregistrer le brouillon").click()  # telepractice without a place
    expect(page.locator("main")).to_contain_text("indiquez où se trouvait l'élève")
    assert_accessible(page, "nouvelle entrée, avec erreurs")
    page.get_by_label("Lieu où se trouvait l'élève").fill("À la maison, seule dans sa chambre")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.locator("main")).to_contain_text("Brouillon enregistré")
    entry = Entry.objects.get()
    assert_accessible(page, "brouillon")

    page.get_by_role("link", name="Passer à la signature").click()
    expect(page.locator("main")).to_contain_text("ne pourra plus jamais être modifiée")
    assert_accessible(page, "signer une entrée")
    page.get_by_label("Je comprends qu'une fois signée").check()
    page.get_by_role("button", name="Signer définitivement").click()
    expect(page.locator("main")).to_contain_text("Entrée signée")
    entry.refresh_from_db()
    assert entry.is_signed and len(entry.signature_sha256) == 64
    assert_accessible(page, "dossier avec une entrée signée")

    page.get_by_role("link", name=f"Corriger l'entrée nº {entry.pk}").click()
    assert_accessible(page, "corriger une entrée")
    corrected = "Rencontre de suivi : exercices de respiration et de relaxation appris."
    page.get_by_label("Texte corrigé").fill(corrected)
    page.get_by_role("button", name="Enregistrer la correction").click()
    expect(page.locator("main")).to_contain_text("Correction enregistrée en brouillon")
    page.get_by_label("Je comprends qu'une fois signée").check()
    page.get_by_role("button", name="Signer définitivement").click()
    expect(page.locator("main")).to_contain_text("Entrée signée")

    correction = Entry.objects.get(corrects=entry)
    original = page.locator(f"#entree-{entry.pk}")
    expect(original).to_contain_text("Corrigée")
    expect(original).to_contain_text("exercices de respiration appris")
    below = page.locator(f"#entree-{entry.pk} + #entree-{correction.pk}")
    expect(below).to_contain_text(f"Correction de l'entrée nº {entry.pk}")
    expect(below).to_contain_text("respiration et de relaxation")
    entry.refresh_from_db()
    assert entry.text == "Rencontre de suivi : exercices de respiration appris."
    assert_accessible(page, "dossier avec la correction sous l'original")

    page.goto(base + "/dossiers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes dossiers professionnels")
    assert_accessible(page, "mes dossiers")
