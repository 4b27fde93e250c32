"""Wiring done once the apps are loaded: rules, 360 section, auditlog registration, the worker's task."""


def connect() -> None:
    from auditlog.registry import auditlog

    from scheduling import models, rules, sections, tasks  # noqa: F401 — rules registers the permissions
    from students.sections import register

    register(sections.appointments_section)
    auditlog.register(models.Appointment, mask_fields=["student_location"], exclude_fields=["video_room"])
    auditlog.register(models.BookableSlot)
    auditlog.register(models.AvailabilityPattern)
    auditlog.register(models.SchoolClosure)
