"""Pseudonymous identifiers for logs that must outlive the data (a destruction log names which student's
record went without keeping who the student was): a keyed HMAC-SHA-256, cut to 16 hex digits."""

from __future__ import annotations

import hashlib
import hmac


def hashed_id(key: bytes, kind: str, pk: object) -> str:
    """The same (key, kind, pk) always gives the same 16 hex digits; without the key, nothing links back."""
    if not key:
        raise ValueError("clé de pseudonymisation vide")
    return hmac.new(key, f"{kind}:{pk}".encode(), hashlib.sha256).hexdigest()[:16]
