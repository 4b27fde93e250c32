"""Wiring done once the apps are loaded: 360 sections, auditlog registration, copy providers."""


def connect() -> None:
    from auditlog.registry import auditlog

    from plans import copy, models, rules, sections  # noqa: F401 — rules registers the permissions
    from students import copy as student_copy
    from students.sections import register

    register(sections.plans_section)
    student_copy.register(copy.plans_part)
    auditlog.register(models.InterventionPlan, mask_fields=["strengths", "difficulties", "closing_note"])
    auditlog.register(models.PriorityNeed, mask_fields=["description"])
    auditlog.register(models.Objective, mask_fields=["text", "indicator", "target"])
    auditlog.register(models.Means, mask_fields=["what"])
    auditlog.register(models.Participant)
    auditlog.register(models.Review, mask_fields=["notes", "decisions"])
    auditlog.register(models.GuardianSignature)
    auditlog.register(models.ParentContact, mask_fields=["note"])
