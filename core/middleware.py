"""Middleware: the user's language, mandatory two-factor for staff, no caching of private pages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

Handler = Callable[[HttpRequest], HttpResponse]

# Pages a staff member without two-factor may still reach: setting it up, logging out, static assets.
_TWO_FACTOR_EXEMPT = ("/comptes/", "/static/", "/i18n/", "/sante/")


class UserLanguageMiddleware:
    """A signed-in user's preferred language wins over the browser's, unless they just switched."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "django_language" not in request.COOKIES:
            lang = getattr(user, "preferred_language", "") or "fr-ca"
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        return self.get_response(request)


class RequireStaffTwoFactorMiddleware:
    """Staff accounts must enrol a TOTP authenticator before they see anything else."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "is_staff_member", False)
            and not request.path.startswith(_TWO_FACTOR_EXEMPT)
            and not _has_totp(user)
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def _has_totp(user: object) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class NoStoreMiddleware:
    """Pages shown to a signed-in user are never cached by the browser or a proxy."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store, private"
        return response
