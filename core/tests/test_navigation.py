"""Apps contribute their links to the navigation bar through `<app>/nav.py`."""

from __future__ import annotations

from django.urls import resolve

from core import navigation
from core.navigation import NavLink


def test_links_are_kept_for_their_roles_only_and_the_current_one_is_marked(monkeypatch):
    links = (
        NavLink(label="Plans", url_name="plans:list", roles=frozenset({"principal"}), order=2),
        NavLink(label="Dossiers", url_name="records:mine", roles=frozenset({"professional"}), order=1),
    )
    monkeypatch.setattr(navigation, "all_links", lambda: links)
    match = resolve("/plans/")
    assert navigation.links_for("principal", match) == [{"label": "Plans", "url": "/plans/", "current": True}]
    assert navigation.links_for("guardian", match) == []
    assert navigation.links_for("professional", match)[0]["current"] is False


def test_every_declared_link_resolves():
    for link in navigation.all_links():
        assert navigation.links_for(next(iter(link.roles)), None)
