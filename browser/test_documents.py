"""Documents in a real browser: the principal uploads a PDF to Alice's file and shares it with the family;
her mother downloads it from her portal. Every page passes axe."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from browser.helpers import assert_accessible, login, submit_password, url_is
from consents.tests.helpers import make_pdf


def test_the_principal_shares_a_document_and_the_parent_downloads_it(
    browser: Browser, page: Page, live_server, live_cast, tmp_path
):
    from documents.models import Document

    base = live_server.url
    alice = live_cast.alice
    login(page, base, live_cast.principal.username)
    page.goto(base + f"/eleves/{alice.pk}/")
    assert_accessible(page, "vue 360 avec les documents")
    page.locator("#section-documents-scolaire").locator("..").get_by_role(
        "link", name="Déposer un document"
    ).click()
    assert_accessible(page, "dépôt d'un document")

    wrong = tmp_path / "bulletin.pdf"
    wrong.write_bytes(b"ceci n'est pas un PDF")
    page.get_by_label("Titre").fill("Bulletin de la 1re étape")
    page.get_by_label("Fichier").set_input_files(str(wrong))
    page.get_by_role("button", name="Déposer").click()
    expect(page.locator("main")).to_contain_text("ni un PDF")
    assert not Document.objects.exists()
    assert_accessible(page, "dépôt refusé")

    good = tmp_path / "bulletin-etape-1.pdf"
    good.write_bytes(make_pdf())
    page.get_by_label("Fichier").set_input_files(str(good))
    page.locator("#id_compartment").select_option(label="Dossier scolaire")
    page.get_by_label("Type de document").select_option(label="Bulletin")
    page.get_by_label("Communiquer à la famille").check()
    page.get_by_role("button", name="Déposer").click()
    expect(page.locator("main")).to_contain_text("Document déposé au dossier.")
    expect(page.locator("main")).to_contain_text("Bulletin de la 1re étape")
    # Alice is 15: a school-file document reaches her and her parents
    expect(page.locator("main")).to_contain_text("Parents et élève")
    document = Document.objects.get()
    assert document.shared_with_guardians and document.shared_with_student
    assert document.content_type == "application/pdf"
    assert_accessible(page, "vue 360 après le dépôt")

    parent = browser.new_context(locale="fr-CA", viewport={"width": 1280, "height": 900}).new_page()
    parent.set_default_timeout(10_000)
    parent.goto(base + "/comptes/login/")
    submit_password(parent, live_cast.parent.username)
    parent.get_by_role("link", name="Documents", exact=True).click()
    expect(parent).to_have_url(url_is(base, "/documents/"))
    link = parent.get_by_role("link", name="Bulletin de la 1re étape")
    expect(link).to_be_visible()
    assert_accessible(parent, "portail, documents communiqués")
    download = parent.request.get(base + (link.get_attribute("href") or ""))
    assert download.status == 200 and download.body().startswith(b"%PDF")
    parent.context.close()
