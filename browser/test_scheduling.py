"""Appointments in a real browser: a parent books a telepractice slot in the portal (with the keyboard),
the speech therapist sees it in her week, fills the readiness checklist and sees the room's button; the
pages pass axe."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from browser.helpers import assert_accessible, login, submit_password


@pytest.mark.browser
@override_settings(BOOKING_MIN_NOTICE_HOURS=0)
def test_a_parent_books_a_telepractice_slot_and_the_professional_sees_it_with_its_room_link(
    browser: Browser, page: Page, live_server, live_cast, leo
):
    from scheduling import booking_actions
    from scheduling.models import Appointment
    from scheduling.tests.conftest import consent, episode_for

    base, cast = live_server.url, live_cast
    episode_for(cast, cast.speech_therapist, leo)
    consent(cast, leo)
    soon = timezone.localtime() + dt.timedelta(minutes=10)
    booking_actions.publish_slots(
        cast.speech_therapist,
        kind="session",
        day=soon.date(),
        at=soon.time().replace(second=0, microsecond=0),
        minutes=30,
        count=1,
        modality="telepractice",
    )

    parent = browser.new_context(locale="fr-CA", viewport={"width": 1280, "height": 900}).new_page()
    parent.set_default_timeout(10_000)
    parent.goto(base + "/comptes/login/")
    submit_password(parent, cast.parent.username)
    expect(parent).to_have_url(base + "/")
    parent.get_by_role("link", name="Rendez-vous").click()
    expect(parent.get_by_role("heading", level=1)).to_have_text("Rendez-vous")
    assert_accessible(parent, "portail des rendez-vous")
    button = parent.get_by_role("button", name="Réserver le")
    button.focus()
    parent.keyboard.press("Enter")  # without a mouse
    expect(parent.locator("main")).to_contain_text("Rendez-vous réservé")
    expect(parent.locator("#statut")).to_have_text("Prévu")
    expect(parent.locator("main")).to_contain_text("Télépratique")
    assert_accessible(parent, "rendez-vous réservé (parent)")
    appointment = Appointment.objects.get()
    assert appointment.booked_by == cast.parent and appointment.video_room

    login(page, base, cast.speech_therapist.username)
    page.goto(base + "/rendez-vous/?jour=" + soon.date().isoformat())
    expect(page.locator("main table")).to_contain_text("Léo Tremblay")
    assert_accessible(page, "calendrier du jour")
    page.get_by_role("link", name="Séance de suivi — Léo Tremblay").click()
    expect(page.get_by_role("heading", level=2, name="Télépratique")).to_be_visible()
    assert_accessible(page, "rendez-vous en télépratique (professionnelle)")
    page.get_by_role("button", name="Confirmer la liste de vérification").click()  # nothing filled
    expect(page.locator("main")).to_contain_text("Indiquez où se trouve l'élève")
    page.get_by_label("Où se trouve l'élève pendant la séance").fill("À la maison, avec sa mère")
    page.get_by_label("Un adulte est sur place avec l'élève").check()
    page.get_by_label("La séance ne sera pas enregistrée (ni image ni son)").check()
    page.get_by_role("button", name="Confirmer la liste de vérification").click()
    expect(page.locator("main")).to_contain_text("Liste de vérification confirmée")
    join = page.get_by_role("link", name="Entrer dans la salle de télépratique")
    expect(join).to_be_visible()
    assert_accessible(page, "salle prête")
    with page.expect_request(lambda r: appointment.video_room in r.url) as request:
        join.click()
    assert request.value.url.startswith("https://visio.eleve360.localhost/" + appointment.video_room)

    for path, what in (
        ("/rendez-vous/", "semaine"),
        ("/rendez-vous/plages/", "plages"),
        ("/rendez-vous/nouveau/", "formulaire"),
        ("/rendez-vous/disponibilites/", "disponibilités"),
        ("/rendez-vous/deplacements/", "déplacements"),
        ("/rendez-vous/agenda/", "agenda"),
        (f"/rendez-vous/ecole/{cast.sources.pk}/", "école"),
    ):
        page.goto(base + path)
        assert_accessible(page, what)
