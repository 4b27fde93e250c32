"""The backtest in a real browser: the manager opens the page from the navigation, is told in French
that a folder is needed, uploads the hand-made folder and reads the report (its tables and the
calibration chart drawn from the same data), then fits the weights of a synthetic folder and saves
them as a new criteria set. Every page passes axe."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from browser.helpers import assert_accessible, login

DATA = Path(__file__).resolve().parents[1] / "earlywarning" / "tests" / "data" / "backtest"


@pytest.mark.browser
def test_the_manager_uploads_a_folder_reads_the_report_and_saves_fitted_weights(
    browser: Browser, page: Page, live_server, live_cast, tmp_path
):
    from earlywarning.models import CriteriaSet

    base = live_server.url
    login(page, base, live_cast.manager.username)
    page.locator("header nav").get_by_role("link", name="Backtest", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Backtest des critères de repérage")
    assert_accessible(page, "backtest, formulaire")

    page.get_by_role("button", name="Vérifier et produire le rapport").click()
    expect(page.locator("main")).to_contain_text("Ce champ est obligatoire.")
    assert_accessible(page, "backtest, formulaire refusé")

    page.get_by_label("Fichiers du dossier").set_input_files(sorted(DATA.iterdir()))
    page.get_by_label("Ce qui était connu à la fin de l'étape").select_option("2")
    page.get_by_role("button", name="Vérifier et produire le rapport").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapport du backtest")
    expect(page.locator("#summary-auc")).to_have_text("0,792")
    expect(page.locator("#calibration-table tbody tr")).to_have_count(10)
    expect(page.locator("#criteria-table tbody tr")).to_have_count(9)
    chart = page.locator("canvas#calibration-chart")
    expect(chart).to_have_attribute("data-drawn", "2")  # observed rates and the overall rate
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100
    assert_accessible(page, "backtest, rapport")

    call_command("earlywarning", "backtest-sample", str(tmp_path), "--students", "300", stdout=StringIO())
    page.get_by_role("link", name="Nouveau backtest").click()
    page.get_by_label("Fichiers du dossier").set_input_files(sorted(tmp_path.iterdir()))
    page.get_by_label("Apprendre aussi les poids").check()
    page.get_by_role("button", name="Vérifier et produire le rapport").click()
    expect(page.locator("#fit-auc")).to_be_visible()
    expect(page.locator("#weights-table tbody tr")).to_have_count(9)
    assert_accessible(page, "backtest, rapport avec poids appris")
    page.get_by_label("Nom du nouvel ensemble de critères").fill("appris en 2025-2026")
    page.get_by_role("button", name="Enregistrer comme nouvel ensemble de critères").click()
    expect(page.locator("main")).to_contain_text(
        "Ensemble de critères « appris en 2025-2026 (v1) » enregistré."
    )
    assert_accessible(page, "backtest, ensemble enregistré")
    assert CriteriaSet.objects.get(name="appris en 2025-2026").author == live_cast.manager
