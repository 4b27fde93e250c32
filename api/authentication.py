"""Token authentication that keeps the two-factor rule: a staff token stops working without TOTP."""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from api.permissions import has_totp, is_staff_member


class TwoFactorTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        if is_staff_member(user) and not has_totp(user):
            raise AuthenticationFailed("Double authentification requise : réactivez-la pour utiliser l'API.")
        return user, token
