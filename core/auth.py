"""django-allauth adapters: no public sign-up; Entra ID keyed on oid/tid, never linked by e-mail."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from core.crypto import keyring


class NoSignupAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by the centre (roster, staff directory), never by self sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False


class EntraSocialAccountAdapter(DefaultSocialAccountAdapter):
    """Only the centre's own tenant; an Entra identity must be connected to an existing account."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        tenant = (sociallogin.account.extra_data or {}).get("tid")
        expected = getattr(settings, "ENTRA_TENANT_ID", "")
        if expected and tenant and tenant != expected:
            from allauth.core.exceptions import ImmediateHttpResponse
            from django.http import HttpResponseForbidden

            raise ImmediateHttpResponse(HttpResponseForbidden("Locataire Entra non autorisé."))


class EncryptingMFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery seeds are stored encrypted with the platform's keys, not in clear."""

    context = "allauth.mfa.authenticator.data"

    def encrypt(self, text: str) -> str:
        return keyring().encrypt(text, self.context)

    def decrypt(self, encrypted_text: str) -> str:
        return keyring().decrypt(encrypted_text, self.context)
