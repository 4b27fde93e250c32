"""Connections of this part of the records app (360 sections, auditlog, copy providers)."""


def connect() -> None:
    pass
