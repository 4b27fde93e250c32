"""Wiring done once the apps are loaded: rules, import kinds, 360 section, auditlog registration."""


def connect() -> None:
    from auditlog.registry import auditlog

    from earlywarning import models, rules, sections  # noqa: F401 — rules registers the permissions
    from earlywarning.imports import registry
    from students.sections import register

    registry.register()
    register(sections.warning_section)
    auditlog.register(models.CriteriaSet)
