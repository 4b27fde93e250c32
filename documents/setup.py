"""Wiring done once the apps are loaded: 360 sections, auditlog registration, copy providers."""


def connect() -> None:
    pass
