"""Wiring done once the apps are loaded: 360 sections, copy provider, auditlog."""


def connect() -> None:
    from auditlog.registry import auditlog

    from documents import copy, models, rules, sections  # noqa: F401 — rules registers the permissions
    from students import copy as student_copy
    from students.sections import register

    register(sections.school_documents)
    register(sections.support_documents)
    student_copy.register(copy.documents_part)
    auditlog.register(models.Document, mask_fields=["title", "filename", "withdrawal_reason"])
    # DocumentContent is not registered: its bytes never go to the log; the actions log each change.
