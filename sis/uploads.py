"""Keeping an uploaded file between the preview and the confirmation, safely.

The file is written under MEDIA_ROOT/imports with a random name readable only by the application;
the session remembers that name and the file's SHA-256, which is checked again before any use.
Files older than a day are removed at the next upload.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.files.uploadedfile import UploadedFile

SESSION_KEY = "sis_import"
MAX_AGE_SECONDS = 24 * 3600
_NAME = re.compile(r"^[0-9a-f]{32}\.csv$")


@dataclass(frozen=True)
class StoredUpload:
    name: str
    sha256: str
    kind: str
    original_name: str
    size: int


def upload_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def _path(name: str) -> Path | None:
    return upload_dir() / name if _NAME.fullmatch(name) else None


def store(uploaded: UploadedFile, kind: str) -> StoredUpload:
    directory = upload_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    purge_stale()
    name = f"{secrets.token_hex(16)}.csv"
    digest = hashlib.sha256()
    size = 0
    fd = os.open(directory / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        for chunk in uploaded.chunks():
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    original = Path(uploaded.name or "").name[:120]
    return StoredUpload(name=name, sha256=digest.hexdigest(), kind=kind, original_name=original, size=size)


def load(stored: StoredUpload) -> bytes | None:
    """The file's bytes if it is still there and unchanged, else None."""
    path = _path(stored.name)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == stored.sha256 else None


def discard(stored: StoredUpload | None) -> None:
    path = _path(stored.name) if stored else None
    if path is not None:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def purge_stale(max_age: float = MAX_AGE_SECONDS) -> None:
    limit = time.time() - max_age
    for path in upload_dir().glob("*.csv"):
        with contextlib.suppress(OSError):
            if _NAME.fullmatch(path.name) and path.stat().st_mtime < limit:
                path.unlink()


def remember(session: SessionBase, stored: StoredUpload) -> None:
    session[SESSION_KEY] = asdict(stored)


def recall(session: SessionBase) -> StoredUpload | None:
    raw: Any = session.get(SESSION_KEY)
    if not isinstance(raw, dict):
        return None
    try:
        return StoredUpload(**raw)
    except TypeError:
        return None


def forget(session: SessionBase) -> StoredUpload | None:
    stored = recall(session)
    session.pop(SESSION_KEY, None)
    return stored
