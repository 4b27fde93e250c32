"""Consents in a real browser: the psychologist prepares a consent request from Léo's 360 page, his
mother signs it in "Mes consentements" and downloads the signed PDF; every page passes axe."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Browser, Page, expect

from browser.helpers import assert_accessible, login, submit_password, url_is


def add_leo(cast):
    """Alice's brother, 12: his mother signs for him (under 14)."""
    from django.utils import timezone

    from lib.consent import born_after_for_age
    from students.models import Caseload, GuardianLink, Student

    leo = Student.objects.create(
        code_permanent="TREL14051401",
        last_name="Tremblay",
        first_name="Léo",
        birth_date=born_after_for_age(timezone.localdate(), 12) - dt.timedelta(days=30),
        sex="M",
        school=cast.sources,
        grade_level="S1",
        group=cast.g301,
    )
    GuardianLink.objects.create(guardian=cast.parent.guardian_profile, student=leo, relationship="mother")
    Caseload.objects.create(professional=cast.psychologist, student=leo)
    return leo


@pytest.mark.browser
def test_staff_prepare_a_consent_request_and_the_parent_signs_it_in_the_portal(
    browser: Browser, page: Page, live_server, live_cast
):
    from consents.models import Consent, ConsentRequest

    base = live_server.url
    leo = add_leo(live_cast)

    login(page, base, live_cast.psychologist.username)
    page.goto(base + f"/eleves/{leo.pk}/")
    expect(page.locator("section[aria-labelledby=section-consentements]")).to_be_visible()
    assert_accessible(page, "vue 360, section Consentements")
    page.get_by_role("link", name="Préparer une demande de consentement").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Léo")
    expect(page.locator("main")).to_contain_text("avant 14 ans")
    assert_accessible(page, "préparer une demande de consentement")

    page.get_by_role("button", name="Préparer la demande").click()  # nothing filled: French errors
    expect(page.locator("main")).to_contain_text("Choisissez la portée du consentement.")
    assert_accessible(page, "demande de consentement avec erreurs")

    page.get_by_label("Télépratique").check()
    page.get_by_label("Service", exact=True).select_option(label="Psychologie")
    page.get_by_label("Explications pour la famille ou l'élève").fill(
        "Les rencontres de suivi pourront se faire à distance les jours de tempête."
    )
    page.get_by_role("button", name="Préparer la demande").click()
    expect(page.locator("main")).to_contain_text("Demande de consentement préparée")
    expect(page.locator("section[aria-labelledby=section-consentements]")).to_contain_text(
        "En attente de signature"
    )
    request = ConsentRequest.objects.get()
    assert request.student == leo and request.scope == "telepractice"
    assert_accessible(page, "vue 360 après la demande")

    parent = browser.new_context(locale="fr-CA", viewport={"width": 1280, "height": 900}).new_page()
    parent.set_default_timeout(10_000)
    parent.goto(base + "/comptes/login/")
    submit_password(parent, live_cast.parent.username)  # a family account: no second factor
    expect(parent).to_have_url(base + "/")
    parent.get_by_role("link", name="Mes consentements").click()
    expect(parent).to_have_url(url_is(base, "/consentements/"))
    form = parent.locator(f"#demande-{request.pk}").locator("..")
    expect(form).to_contain_text("les jours de tempête")
    expect(form).to_contain_text("Risques pour la confidentialité")
    expect(parent.locator("main")).to_contain_text("Léo a 12 ans : avant 14 ans")
    assert_accessible(parent, "Mes consentements, formulaire à signer")

    parent.get_by_role("button", name=f"Signer le formulaire nº {request.pk}").click()  # box unchecked
    expect(parent.locator("main")).to_contain_text("Cochez « J'ai lu et je consens » pour signer.")
    assert not Consent.objects.exists()
    assert_accessible(parent, "Mes consentements, case non cochée")

    parent.get_by_label("J'ai lu et je consens").check()
    parent.get_by_role("button", name=f"Signer le formulaire nº {request.pk}").click()
    expect(parent.locator("main")).to_contain_text("votre consentement est signé")
    consent = Consent.objects.get()
    row = parent.locator(f"#consentement-{consent.pk}")
    expect(row).to_contain_text("Valide")
    expect(row).to_contain_text("Télépratique")
    assert_accessible(parent, "Mes consentements, consentement signé")

    link = row.get_by_role("link", name=f"Télécharger le formulaire signé nº {consent.pk} (PDF)")
    download = parent.request.get(base + (link.get_attribute("href") or ""))
    assert download.status == 200 and download.body().startswith(b"%PDF")
    assert download.headers["content-type"] == "application/pdf"
    parent.context.close()

    page.reload()
    expect(page.locator("section[aria-labelledby=section-consentements]")).to_contain_text("Valide")
    assert_accessible(page, "vue 360 après la signature")
