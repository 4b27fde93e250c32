"""Permission classes of the API. Student and school scoping lives in the querysets, not here."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from rest_framework.permissions import BasePermission
from rest_framework.request import Request


def is_staff_member(user: Any) -> bool:
    """A signed-in member of the centre's staff (not a family account)."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_staff_member", False))


def has_totp(user: Any) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class IsStaffWithTwoFactor(BasePermission):
    """Only staff with an enrolled TOTP authenticator may mint an API token."""

    message = "Réservé au personnel dont la double authentification est activée."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return is_staff_member(user) and user.is_active and has_totp(user)
