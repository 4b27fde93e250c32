"""Real-browser tests: Chromium driven by Playwright against pytest-django's live server.

Chromium is Debian's (/usr/bin/chromium, installed by `make browser-deps`): a missing browser fails
the run instead of skipping it, so that `make test` cannot pass without these tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium introuvable à {CHROMIUM} : lancez `make browser-deps`. "
            f"/ Chromium not found at {CHROMIUM}: run `make browser-deps`.",
            pytrace=False,
        )
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def live_cast(transactional_db, live_server, cast):
    """The named cast, committed for real so that the live server's thread sees it.

    `cast` asks for `db`; pytest-django makes that database transactional (flushed after the test
    instead of rolled back) whenever the test also requests `transactional_db` or `live_server`.
    """
    return cast


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """allauth remembers used TOTP codes in the cache: no test inherits another one's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    """A fresh private window of a French-speaking Quebec user (no cookies from other tests)."""
    context = browser.new_context(locale="fr-CA", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
