"""Wiring done once the apps are loaded: rules, 360 section, readable copy, auditlog registration."""


def connect() -> None:
    from auditlog.registry import auditlog

    from students import copy as student_copy
    from students.sections import register
    from support import copy, models, rules, sections  # noqa: F401 — rules registers the permissions

    register(sections.support_section)
    student_copy.register(copy.support_part)

    auditlog.register(models.TierDecision, mask_fields=["reason"])
    auditlog.register(models.Intervention, mask_fields=["goal", "staff_notes"])
    auditlog.register(models.ProgressPoint, mask_fields=["note"])
    auditlog.register(models.InterventionDecision, mask_fields=["reason"])
    auditlog.register(models.InterventionType)
