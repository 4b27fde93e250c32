"""Audit chain (filled in step 3)."""


def connect() -> None:
    return None
