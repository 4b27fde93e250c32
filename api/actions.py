"""Named state changes of the API: issuing and revoking a personal token, each audited.

The audit row is written against the user, never the token: a Token's primary key is its secret.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from rest_framework.authtoken.models import Token

from core.audit import log_event


def issue_token(user: Any) -> Token:
    """A new token for the user; any previous one stops working at once (rotation)."""
    with transaction.atomic():
        rotated = Token.objects.filter(user=user).delete()[0] > 0
        token = Token.objects.create(user=user)
        log_event(user, user, event="api_token_issued", rotated=rotated)
    return token


def revoke_token(user: Any) -> bool:
    """Revoke the user's token; True if there was one. Revoking twice is harmless."""
    with transaction.atomic():
        revoked = Token.objects.filter(user=user).delete()[0] > 0
        if revoked:
            log_event(user, user, event="api_token_revoked")
    return revoked
