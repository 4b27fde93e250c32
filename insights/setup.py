"""Wiring done once the apps are loaded: rules, panel providers, cache invalidation, the 360 section,
auditlog registration."""


def connect() -> None:
    from auditlog.registry import auditlog

    from insights import cache, models, rules, sections  # noqa: F401 — rules registers the permissions
    from insights.providers import intake, pending, records, school, support  # noqa: F401 — register
    from students.sections import register

    cache.connect()
    register(sections.observations_section)
    auditlog.register(models.Observation, mask_fields=["text"])
