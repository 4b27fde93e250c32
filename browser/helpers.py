"""What the browser tests share: signing in with two-factor, and the axe accessibility check."""

from __future__ import annotations

import re
import time
from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from conftest import PASSWORD, TOTP_SECRET

LOGIN_PATH = "/comptes/login/"
TOTP_PATH = "/comptes/2fa/authenticate/"
ACTIVATE_TOTP_PATH = "/comptes/2fa/totp/activate/"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_axe = Axe()


def url_is(base: str, path: str) -> re.Pattern[str]:
    """A pattern matching exactly ``base + path``, with or without a query string."""
    return re.compile(re.escape(base + path) + r"(\?.*)?$")


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The authenticator code of the current 30-second window, never one about to expire.

    allauth accepts only the current window (no tolerance): wait for the next one when the current
    one ends within three seconds, so that the code is still valid when the form reaches the server.
    """
    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def submit_password(page: Page, username: str, password: str = PASSWORD) -> None:
    """Fill and send the login form of the page the browser is on (it must be the login page)."""
    expect(page.locator("#id_login")).to_be_visible()
    page.fill("#id_login", username)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").first.click()


def submit_totp(page: Page, base: str, secret: str = TOTP_SECRET) -> None:
    """On the two-factor page, type the current code from the authenticator and send it."""
    expect(page).to_have_url(url_is(base, TOTP_PATH))
    page.fill("#id_code", totp_code(secret))
    page.locator("main form button[type=submit]").first.click()


def login(page: Page, base: str, username: str) -> None:
    """Sign a staff member in through the real pages: password, then TOTP code; end on the home page."""
    page.goto(base + LOGIN_PATH)
    submit_password(page, username)
    submit_totp(page, base)
    expect(page).to_have_url(base + "/")
    expect(page.locator("header nav")).to_contain_text(username.split(".")[0].capitalize())


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation.get('impact')}]: {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {', '.join(str(t) for t in node['target'])}: {node.get('html', '')[:200]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


def assert_accessible(page: Page, what: str) -> None:
    """axe-core finds no WCAG 2.1 A/AA violation on the page as it is now."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = _axe.run(page, options=options).response
    assert results["passes"], f"axe did not test anything on {what} ({page.url})"
    violations = results["violations"]
    assert not violations, (
        f"Accessibilité / accessibility — {what} ({page.url}): "
        f"{len(violations)} violation(s) WCAG 2.1 A/AA\n{_describe(violations)}"
    )
