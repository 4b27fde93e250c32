"""Connections of this part of the records app (360 sections, auditlog, copy providers)."""


def connect() -> None:
    from auditlog.registry import auditlog

    from records import models, sections
    from students.sections import register

    register(sections.records_section)
    # Encrypted fields are masked (the log says that they changed, never what they hold); the bytes of an
    # attachment never go to the log. Reads are logged by records.access.
    auditlog.register(models.ProfessionalRecord, mask_fields=["reasons", "parent_name", "closing_note"])
    auditlog.register(models.Entry, mask_fields=["text", "student_location"])
    auditlog.register(models.EntryAttachment, exclude_fields=["content"])
