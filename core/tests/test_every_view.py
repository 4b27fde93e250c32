"""Denied by default, checked over every URL the project declares: an anonymous visitor reaches no page
but the public ones; pages send them to the login, the API answers 401/403. A new view that forgets
`login_required` fails here without anyone having to remember to add it to a list."""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Pages meant for everyone: sign-in and account recovery, language switch, health check, schema of the
# API (it answers 401/403 itself, checked below), the admin's own login, a professional's calendar feed
# (its secret is the key; an unknown one is a 404).
PUBLIC_PREFIXES = ("/comptes/", "/i18n/", "/sante/", "/admin/", "/rendez-vous/flux/")
LOGIN = reverse("account_login")


def walk(patterns: list, prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def fill_groups(route: str) -> str:
    """Replace each named group `(?P<name>...)` of a regex route by "1" (parentheses counted)."""
    while (start := route.find("(?P<")) != -1:
        depth, end = 0, start
        for end in range(start, len(route)):
            depth += {"(": 1, ")": -1}.get(route[end], 0)
            if depth == 0:
                break
        route = route[:start] + "1" + route[end + 1 :]
    return route


def concrete(route: str) -> str | None:
    """A URL for the route with made-up arguments; None for regex routes we cannot fill in."""
    route = fill_groups(route).replace("^", "").replace("$", "").replace("\\.", ".")
    route = re.sub(r"<int:\w+>", "1", route)
    route = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000000", route)
    route = re.sub(r"<(?:\w+:)?\w+>", "x", route)
    if any(c in route for c in "()[]?*+\\"):
        return None
    return "/" + route


def test_every_url_is_closed_to_anonymous_visitors(client, db):
    checked = 0
    for route in walk(get_resolver().url_patterns):
        url = concrete(route)
        if url is None or url.startswith(PUBLIC_PREFIXES):
            continue
        response = client.get(url)
        checked += 1
        if url.startswith("/api/"):
            assert response.status_code in (401, 403, 404), f"{url} → {response.status_code}"
            continue
        assert response.status_code in (302, 405), f"{url} → {response.status_code}"
        if response.status_code == 302:
            assert response["Location"].startswith(LOGIN), f"{url} → {response['Location']}"
    assert checked >= 20, f"only {checked} URLs checked: the walk over the URL patterns is broken"


def test_the_home_page_sends_anonymous_visitors_to_the_login(client, db):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
