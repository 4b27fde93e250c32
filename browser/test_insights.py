"""The portraits in a real browser: the manager's centre dashboard (charts drawn from the JSON blocks,
tables, filters), the principal's school portrait, the teacher's class portrait where an observation is
written and then read on the 360 page. Every page passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from browser.helpers import assert_accessible, login
from insights.tests.conftest import build_portrait


@pytest.fixture
def portrait(live_cast):
    """The hand-computed portrait of insights/tests/conftest.py, committed for the live server."""
    return build_portrait(live_cast)


def as_user(browser: Browser, base: str, username: str) -> Page:
    page = browser.new_context(locale="fr-CA", viewport={"width": 1440, "height": 900}).new_page()
    page.set_default_timeout(10_000)
    login(page, base, username)
    return page


@pytest.mark.browser
def test_the_three_portraits_draw_their_charts_and_the_teacher_writes_an_observation(
    browser: Browser, page: Page, live_server, live_cast, portrait
):
    from django.core.cache import cache

    from core.models import ServiceDomain
    from insights.models import Observation
    from insights.tests.conftest import request_for

    cache.clear()
    base = live_server.url
    cast = live_cast

    # The portrait of insights/tests (five waiting in psychology at des Sources), and one more.
    psy = ServiceDomain.objects.get(code="psychologie")
    request_for(portrait.others[3], psy, "waiting", created_days=12, accepted_days=10, by=cast.principal)

    # 1440 px: at 1280 px the manager's navigation bar (eight links) overflows the header (base.html).
    page = as_user(browser, base, cast.manager.username)
    page.goto(base + "/portraits/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Portrait du centre de services")
    first_chart = page.locator("canvas[data-portrait-chart]").first
    expect(first_chart).to_have_attribute("data-drawn", "6")  # five statuses and "others"
    expect(page.locator("table[data-panel='intake.waiting']")).to_contain_text("< 5")
    assert_accessible(page, "portrait du centre")
    page.get_by_label("Réseau", exact=True).select_option(label="Réseau Sud")
    page.get_by_role("button", name="Appliquer").click()
    south = page.locator("table[data-panel='intake.waiting']")
    expect(south).to_contain_text("Orthophonie")
    expect(south).not_to_contain_text("Psychologie")
    assert_accessible(page, "portrait du centre filtré")

    page = as_user(browser, base, cast.principal.username)
    page.goto(base + "/portraits/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("École secondaire des Sources")
    expect(page.locator("table[data-panel='intake.waiting']")).to_contain_text("Psychologie")
    expect(page.locator("table[data-panel='core.context']")).to_contain_text("8")
    assert_accessible(page, "portrait de l'école")

    page = as_user(browser, base, cast.teacher.username)
    page.goto(base + "/portraits/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Portrait du groupe 301")
    expect(page.locator("table[data-panel='group.students']")).to_contain_text("Alice Tremblay")
    assert_accessible(page, "portrait du groupe")
    page.get_by_role("button", name="Ajouter l'observation").click()  # empty: French errors, nothing written
    expect(page.locator("main")).to_contain_text("Ce champ est obligatoire")
    assert not Observation.objects.exists()
    assert_accessible(page, "observation refusée")
    page.get_by_label("Élève", exact=True).select_option(label="Alice Tremblay")
    page.get_by_label("Domaine", exact=True).select_option("learning")
    page.get_by_label("Observation", exact=True).fill("Participe davantage en lecture depuis lundi.")
    page.get_by_label("Observation", exact=True).press("Tab")
    page.keyboard.press("Enter")  # the button reached with the keyboard
    expect(page.locator("main")).to_contain_text("Observation ajoutée au dossier de Alice Tremblay.")
    assert Observation.objects.get().author == cast.teacher
    page.goto(base + f"/eleves/{cast.alice.pk}/")
    expect(page.locator("section[aria-labelledby=section-observations]")).to_contain_text(
        "Participe davantage"
    )
    assert_accessible(page, "vue 360, observations en classe")
