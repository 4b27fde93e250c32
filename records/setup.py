"""Wiring done once the apps are loaded: 360 sections, auditlog registration, copy providers."""


def connect() -> None:
    from records import wiring_core, wiring_sharing

    wiring_core.connect()
    wiring_sharing.connect()
