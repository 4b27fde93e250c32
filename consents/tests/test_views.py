"""Consent pages: the triad on each (anonymous → login, wrong person → 404/403, right person → page),
the forms' round trips in French, the 360 section and the audited downloads."""

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from consents import actions
from consents.models import Consent, ConsentRequest
from consents.tests.helpers import ask, make_image, paper, sign

LOGIN = reverse("account_login")


def assert_sent_to_login(response):
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def urls_for(cast, leo, request, consent):
    return {
        "portal": reverse("consents:portal"),
        "request": reverse("consents:request", args=[leo.pk]),
        "paper": reverse("consents:paper", args=[leo.pk]),
        "sign": reverse("consents:sign", args=[request.pk]),
        "cancel": reverse("consents:cancel", args=[request.pk]),
        "document": reverse("consents:document", args=[consent.pk]),
        "revoke": reverse("consents:revoke", args=[consent.pk]),
    }


@pytest.fixture
def setup(cast, leo):
    consent = sign(cast.parent, ask(cast, leo, "services"))
    request = ask(cast, leo, "evaluation")
    return urls_for(cast, leo, request, consent), request, consent


def test_anonymous_visitors_are_sent_to_the_login(client, setup):
    urls, _request, _consent = setup
    for name, url in urls.items():
        response = client.post(url) if name in ("sign", "cancel") else client.get(url)
        assert_sent_to_login(response)


def test_the_wrong_people_get_404_or_403(client, cast, setup):
    urls, _request, _consent = setup
    # outside the school: as if nothing existed
    client.force_login(cast.outsider)
    for name in ("request", "paper", "document", "revoke"):
        assert client.get(urls[name]).status_code == 404, name
    assert client.post(urls["cancel"]).status_code == 404
    assert client.get(urls["portal"]).status_code == 403  # staff have no portal
    # no student file at all
    for user in (cast.coordinator, cast.manager, cast.privacy_officer):
        client.force_login(user)
        for name in ("request", "paper", "document", "revoke"):
            assert client.get(urls[name]).status_code == 404, (user.username, name)
    # sees Léo's file (group 301) but neither serves him nor reads the content
    client.force_login(cast.teacher)
    for name in ("request", "paper", "document", "revoke"):
        assert client.get(urls[name]).status_code == 403, name
    assert client.post(urls["cancel"]).status_code == 403
    # Alice (15) does not see her brother's consents nor sign for him
    client.force_login(cast.student15)
    assert client.get(urls["document"]).status_code == 404
    assert client.post(urls["sign"], {"r1-agreed": "on"}).status_code == 404
    client.force_login(cast.parent)
    assert client.get(urls["request"]).status_code == 403


def test_the_right_people_get_the_pages(client, cast, setup):
    urls, _request, consent = setup
    client.force_login(cast.psychologist)
    for name in ("request", "paper", "revoke"):
        assert client.get(urls[name]).status_code == 200, name
    response = client.get(urls["document"])
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    client.force_login(cast.parent)
    for name in ("portal", "revoke"):
        assert client.get(urls[name]).status_code == 200, name
    response = client.get(urls["document"])
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="consentement-{consent.pk}.pdf"'


def test_each_download_is_audited_with_its_reason(client, cast, setup):
    _urls, _request, consent = setup
    client.force_login(cast.parent)
    client.get(reverse("consents:document", args=[consent.pk]))
    client.force_login(cast.psychologist)
    client.get(reverse("consents:document", args=[consent.pk]))
    reads = LogEntry.objects.get_for_object(consent).filter(action=LogEntry.Action.ACCESS).order_by("pk")
    assert [(e.actor, e.additional_data["reason"]) for e in reads] == [
        (cast.parent, "guardian"),
        (cast.psychologist, "caseload"),
    ]
    assert all(e.additional_data["view"] == "consents:document" for e in reads)
    client.force_login(cast.teacher)  # refused: nothing read, nothing logged as read
    client.get(reverse("consents:document", args=[consent.pk]))
    assert reads.count() == 2


# --- Staff forms ----------------------------------------------------------------------------------


def test_the_request_form_shows_the_14_rule_and_prepares_a_request(client, cast, leo, psychology):
    client.force_login(cast.psychologist)
    url = reverse("consents:request", args=[leo.pk])
    page = client.get(url).content.decode()
    assert "Léo a 12 ans : avant 14 ans" in page
    response = client.post(
        url, {"scope": "telepractice", "domain": psychology.pk, "explanation": "Rencontres à distance."}
    )
    assert response.status_code == 302 and response["Location"] == reverse("students:detail", args=[leo.pk])
    request = ConsentRequest.objects.get()
    assert (request.scope, request.domain, request.explanation) == (
        "telepractice",
        psychology,
        "Rencontres à distance.",
    )


def test_the_request_form_reports_errors_in_french_and_keeps_what_was_typed(client, cast, leo):
    client.force_login(cast.psychologist)
    response = client.post(
        reverse("consents:request", args=[leo.pk]),
        {"scope": "sharing", "explanation": "Texte gardé", "shared_with": "CLSC de Trois-Rivières"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Indiquez quels renseignements seront communiqués." in page
    assert "Texte gardé" in page and "CLSC de Trois-Rivières" in page
    assert 'aria-invalid="true"' in page
    assert not ConsentRequest.objects.exists()


def test_a_pdf_named_file_that_is_really_text_is_refused_in_french(client, cast, leo):
    client.force_login(cast.psychologist)
    fake = SimpleUploadedFile("formulaire.pdf", b"Ceci n'est pas un PDF.", content_type="application/pdf")
    response = client.post(
        reverse("consents:paper", args=[leo.pk]),
        {
            "scope": "services",
            "signer": f"guardian-{cast.parent.guardian_profile.pk}",
            "signed_on": timezone.localdate().isoformat(),
            "scan": fake,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "n&#x27;est pas un PDF, un JPEG ou un PNG" in page
    assert not Consent.objects.exists()


def test_the_paper_form_records_a_consent_with_its_scan(client, cast, leo):
    client.force_login(cast.principal)
    scan = SimpleUploadedFile("scan.png", make_image("PNG"), content_type="image/png")
    response = client.post(
        reverse("consents:paper", args=[leo.pk]),
        {
            "scope": "evaluation",
            "signer": f"guardian-{cast.parent.guardian_profile.pk}",
            "signed_on": timezone.localdate().isoformat(),
            "scan": scan,
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.channel == "paper" and consent.document_type == "image/png"


def test_the_paper_form_refuses_a_student_under_14_as_signer(client, cast, leo):
    client.force_login(cast.psychologist)
    response = client.post(
        reverse("consents:paper", args=[leo.pk]),
        {
            "scope": "evaluation",
            "signer": "student",
            "signed_on": timezone.localdate().isoformat(),
            "scan": SimpleUploadedFile("scan.png", make_image("PNG")),
        },
    )
    assert response.status_code == 200 and "avant 14 ans" in response.content.decode()
    assert not Consent.objects.exists()


# --- Portal ---------------------------------------------------------------------------------------


def test_the_portal_shows_the_form_to_sign_with_the_rule_and_the_checkbox(client, cast, leo):
    request = ask(cast, leo, "evaluation")
    client.force_login(cast.parent)
    page = client.get(reverse("consents:portal")).content.decode()
    assert "Évaluer les difficultés de lecture signalées en classe." in page
    assert "Léo a 12 ans : avant 14 ans" in page and "J&#x27;ai lu et je consens" in page
    assert reverse("consents:sign", args=[request.pk]) in page
    assert "Mes consentements" in page  # the navigation link


def test_signing_without_the_box_checked_is_refused_in_french_and_nothing_is_signed(client, cast, leo):
    request = ask(cast, leo)
    client.force_login(cast.parent)
    page = client.get(reverse("consents:portal")).content.decode()
    digest = page.split(f'name="r{request.pk}-digest" value="')[1].split('"')[0]
    response = client.post(reverse("consents:sign", args=[request.pk]), {f"r{request.pk}-digest": digest})
    assert response.status_code == 200
    assert "Cochez « J&#x27;ai lu et je consens » pour signer." in response.content.decode()
    assert not Consent.objects.exists()
    response = client.post(
        reverse("consents:sign", args=[request.pk]),
        {f"r{request.pk}-digest": digest, f"r{request.pk}-agreed": "on"},
    )
    consent = Consent.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#consentement-{consent.pk}")


def test_alice_signs_her_own_request_and_her_mother_never_sees_it(client, cast):
    request = ask(cast, cast.alice, "telepractice")
    client.force_login(cast.parent)
    assert (
        reverse("consents:sign", args=[request.pk])
        not in client.get(reverse("consents:portal")).content.decode()
    )
    client.force_login(cast.student15)
    page = client.get(reverse("consents:portal")).content.decode()
    digest = page.split(f'name="r{request.pk}-digest" value="')[1].split('"')[0]
    client.post(
        reverse("consents:sign", args=[request.pk]),
        {f"r{request.pk}-digest": digest, f"r{request.pk}-agreed": "on"},
    )
    consent = Consent.objects.get()
    client.force_login(cast.parent)
    portal = client.get(reverse("consents:portal")).content.decode()
    assert reverse("consents:document", args=[consent.pk]) not in portal
    assert "ne vous sont pas montrées" in portal
    page_360 = client.get(reverse("students:detail", args=[cast.alice.pk])).content.decode()
    assert "Télépratique" not in page_360.split('id="section-consentements"')[1]


def test_a_parent_revokes_from_the_portal(client, cast, leo, psychology):
    consent = sign(cast.parent, ask(cast, leo, "telepractice", psychology))
    client.force_login(cast.parent)
    response = client.post(reverse("consents:revoke", args=[consent.pk]), {"reason": ""})
    assert response.status_code == 302 and response["Location"] == reverse("consents:portal")
    consent.refresh_from_db()
    assert consent.revoked_at is not None
    from consents.queries import missing_for

    assert missing_for(leo, ["telepractice"], psychology) == ["telepractice"]


def test_staff_revocation_needs_a_reason(client, cast, leo):
    consent = sign(cast.parent, ask(cast, leo))
    client.force_login(cast.psychologist)
    response = client.post(reverse("consents:revoke", args=[consent.pk]), {"reason": ""})
    assert response.status_code == 200 and "Indiquez le motif de la révocation." in response.content.decode()
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_staff_cancel_a_pending_request(client, cast, leo):
    request = ask(cast, leo)
    client.force_login(cast.principal)
    response = client.post(reverse("consents:cancel", args=[request.pk]))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == ConsentRequest.Status.CANCELLED


# --- 360 section ----------------------------------------------------------------------------------


def section(client, student):
    page = client.get(reverse("students:detail", args=[student.pk])).content.decode()
    return page.split('id="section-consentements"')[1] if 'id="section-consentements"' in page else ""


def test_the_360_section_shows_status_per_scope_in_words(client, cast, leo, psychology):
    consent = sign(cast.parent, ask(cast, leo, "evaluation", psychology))
    revoked = sign(cast.parent, ask(cast, leo, "telepractice"))
    actions.revoke_consent(cast.parent, revoked)
    ask(cast, leo, "services")
    client.force_login(cast.psychologist)
    html = section(client, leo)
    assert "Valide" in html and "Révoqué" in html and "En attente de signature" in html
    assert "Psychologie" in html and "Préparer une demande de consentement" in html
    assert reverse("consents:document", args=[consent.pk]) in html
    assert "Consigner un consentement papier" in html


def test_the_teacher_sees_the_status_but_not_a_sharing_consents_details(client, cast, leo):
    sharing = actions.record_paper_consent(
        cast.psychologist,
        leo,
        paper(cast, leo, scope="sharing", shared_with="CLSC du Cap", shared_what="Rapport d'évaluation"),
    )
    client.force_login(cast.teacher)
    html = section(client, leo)
    assert "Partage de renseignements" in html and "Valide" in html
    assert "CLSC du Cap" not in html and "Rapport d" not in html
    assert reverse("consents:document", args=[sharing.pk]) not in html
    assert "Préparer une demande de consentement" not in html
    client.force_login(cast.psychologist)
    assert "CLSC du Cap" in section(client, leo)


def test_the_sharing_details_are_encrypted_at_rest(cast, leo):
    from django.db import connection

    consent = actions.record_paper_consent(
        cast.psychologist,
        leo,
        paper(cast, leo, scope="sharing", shared_with="CLSC du Cap", shared_what="Rapport d'évaluation"),
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT shared_with, shared_what FROM consents_consent WHERE id = %s", [consent.pk])
        raw = cursor.fetchone()
    assert all(value.startswith("e360:") for value in raw) and "CLSC" not in raw[0]


def test_a_stale_form_is_refused_and_the_page_offers_the_current_text_to_sign(client, cast, leo):
    request = ask(cast, leo)
    client.force_login(cast.parent)
    url = reverse("consents:sign", args=[request.pk])
    response = client.post(url, {f"r{request.pk}-digest": "0" * 64, f"r{request.pk}-agreed": "on"})
    page = response.content.decode()
    assert response.status_code == 200 and "Le formulaire a changé" in page
    assert not Consent.objects.exists()
    digest = page.split(f'name="r{request.pk}-digest" value="')[1].split('"')[0]
    assert digest != "0" * 64
    client.post(url, {f"r{request.pk}-digest": digest, f"r{request.pk}-agreed": "on"})
    assert Consent.objects.filter(request=request).exists()
