"""Wiring done once the apps are loaded: rules, import kinds, 360 section, auditlog registration."""


def connect() -> None:
    from auditlog.registry import auditlog

    from earlywarning import models, rules  # noqa: F401 — rules registers the permissions

    auditlog.register(models.CriteriaSet)
