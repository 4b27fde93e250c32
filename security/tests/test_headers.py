"""Security headers on every kind of page: a CSP without 'unsafe-inline', no caching of pages shown to a
signed-in person (the 360 page, records, consents, documents), HSTS and secure cookies in production,
and templates with no inline script, style or event handler (the CSP would block them)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from core.tests.test_settings import PROD_ENV, run_manage

ROOT = Path(settings.BASE_DIR)


def csp_of(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_strict_csp(response) -> None:
    csp = csp_of(response)
    for directive in ("default-src", "script-src", "style-src"):
        assert "'unsafe-inline'" not in csp.get(directive, []), f"{directive} allows 'unsafe-inline'"
        assert "'unsafe-eval'" not in csp.get(directive, []), f"{directive} allows 'unsafe-eval'"
        assert all(source in ("'self'",) or source.startswith("'nonce-") for source in csp[directive])
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]


def test_the_login_page_has_a_strict_policy_and_the_other_headers(client, db):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert_strict_csp(response)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


SENSITIVE = [
    ("psychologist", "students:detail", "alice"),
    ("psychologist", "records:mine", None),
    ("student15", "documents:portal", None),
    ("parent", "consents:portal", None),
    ("parent", "documents:portal", None),
    ("principal", "students:search", None),
    ("privacy_officer", "audit:search", None),
]


@pytest.mark.parametrize(("person", "name", "student"), SENSITIVE)
def test_pages_of_a_signed_in_person_are_never_stored(client, cast, person, name, student):
    client.force_login(getattr(cast, person))
    args = [getattr(cast, student).pk] if student else []
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert_strict_csp(response)


def test_a_consent_scan_and_a_document_download_are_not_stored_either(client, cast):
    from consents.tests.helpers import make_pdf
    from documents.tests.helpers import upload
    from records.tests.core_helpers import give_consent

    consent = give_consent(cast)
    document = upload(cast.psychologist, cast.alice, data=make_pdf())
    client.force_login(cast.principal)
    for url in (
        reverse("consents:document", args=[consent.pk]),
        reverse("documents:download", args=[document.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_the_api_is_not_stored(client, cast):
    client.force_login(cast.principal)
    response = client.get(reverse("api:student-list"))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


@override_settings(
    SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True
)
def test_hsts_is_sent_over_https(client, db):
    response = client.get(reverse("account_login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_production_settings_turn_on_hsts_https_and_secure_cookies():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
        "s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.DEBUG)"
    )
    result = run_manage("shell", "-c", code, env=PROD_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "31536000",
        "True",
        "True",
        "True",
        "True",
        "True",
        "False",
    ]


def test_check_deploy_is_clean_in_production():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# --- Templates: what the CSP would block must not be written in the first place ------------------------

INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "un <script> sans src (déplacer dans static/)"),
    (re.compile(r"<style\b", re.I), "un bloc <style> (déplacer dans une feuille static/)"),
    (re.compile(r"\sstyle\s*=", re.I), "un attribut style= (utiliser une classe)"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "un gestionnaire d'événement on…= (utiliser un script static/)"),
    (re.compile(r"javascript:", re.I), "une URL javascript:"),
]


def project_templates() -> list[Path]:
    skip = {".venv", "node_modules", "static", "var", "staticfiles"}
    return [p for p in ROOT.rglob("*.html") if not skip & set(p.relative_to(ROOT).parts)]


def test_no_template_holds_inline_scripts_styles_or_handlers():
    templates = project_templates()
    assert len(templates) > 50, "the walk over the templates is broken"
    problems = [
        f"{path.relative_to(ROOT)}: {label}"
        for path in templates
        for pattern, label in INLINE
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert not problems, "La CSP bloquerait :\n" + "\n".join(problems)
