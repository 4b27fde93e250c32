"""Helpers for the API tests: a DRF client signed in by session or by token."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def session_as(api):
    """The client, signed in by session as the given user (staff of the cast have TOTP)."""

    def sign_in(user):
        api.credentials()  # drop any token: it would win over the session
        api.force_login(user)
        return api

    return sign_in


@pytest.fixture
def token_as(api):
    """The client, authenticated only by an API token of the given user."""

    def authenticate(user):
        token, _ = Token.objects.get_or_create(user=user)
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return api

    return authenticate
