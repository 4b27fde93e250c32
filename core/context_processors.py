from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from core.navigation import links_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the navigation bar may show to this user (links are also protected by their views)."""
    user = getattr(request, "user", None)
    role = getattr(user, "role", "") if user is not None and user.is_authenticated else ""
    return {
        "nav_role": role,
        "nav_can_search": role in {"principal", "teacher", "professional", "guardian", "student"},
        "nav_can_import": role == "manager",
        "nav_can_audit": role == "privacy_officer",
        "nav_can_requests": role
        in {"principal", "teacher", "professional", "guardian", "student", "coordinator", "manager"},
        "nav_can_waiting_lists": role in {"coordinator", "manager"},
        "nav_can_consents": role in {"guardian", "student"},
        "nav_links": links_for(role, getattr(request, "resolver_match", None)) if role else [],
    }
