"""Wiring done once the apps are loaded: rules, panel providers, cache invalidation, the 360 section,
the readable copy, auditlog registration."""


def connect() -> None:
    from auditlog.registry import auditlog

    from insights import cache, copy, models, rules, sections  # noqa: F401 — rules registers the permissions
    from insights.providers import intake, pending, records, school, support  # noqa: F401 — register
    from students import copy as student_copy
    from students.sections import register

    cache.connect()
    register(sections.observations_section)
    student_copy.register(copy.observations_part)
    auditlog.register(models.Observation, mask_fields=["text"])
