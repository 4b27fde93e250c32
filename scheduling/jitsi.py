"""The centre's self-hosted Jitsi: an unguessable room per telepractice appointment and, when the
centre configured its token secret, a signed token (JWT, HS256, the prosody `token` authentication) that
gives the professional moderator rights. No third-party video service is ever used (Law 25, art. 70.1)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any
from urllib.parse import quote

import jwt
from django.conf import settings


def new_room() -> str:
    """128 random bits, lowercase letters and digits (Jitsi lowercases room names)."""
    return "e360" + secrets.token_hex(16)


def room_url(appointment: Any) -> str:
    return f"{settings.JITSI_BASE_URL.rstrip('/')}/{quote(appointment.video_room)}"


def token_for(appointment: Any, user: Any, *, moderator: bool, now: dt.datetime | None = None) -> str | None:
    """The signed token of this participant, valid until an hour after the end; None without a secret."""
    if not (settings.JITSI_APP_ID and settings.JITSI_APP_SECRET):
        return None
    moment = now or dt.datetime.now(dt.UTC)
    claims = {
        "aud": "jitsi",
        "iss": settings.JITSI_APP_ID,
        "sub": settings.JITSI_BASE_URL.split("://", 1)[-1].split("/", 1)[0],
        "room": appointment.video_room,
        "iat": int(moment.timestamp()),
        "nbf": int((moment - dt.timedelta(minutes=5)).timestamp()),
        "exp": int((appointment.ends_at + dt.timedelta(hours=1)).timestamp()),
        "context": {"user": {"name": user.get_full_name() or user.username, "moderator": moderator}},
        "moderator": moderator,
    }
    return jwt.encode(claims, settings.JITSI_APP_SECRET, algorithm="HS256")


def join_url(appointment: Any, user: Any, *, moderator: bool) -> str:
    url = room_url(appointment)
    token = token_for(appointment, user, moderator=moderator)
    return f"{url}?jwt={token}" if token else url
