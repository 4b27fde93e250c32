"""Connections of the sharing part of the records app: the 360 section of the dossier d'aide
particulière, the readable-copy provider, the audit of publications, shares and transfers, the rules."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_access
from core.models import Role
from lib import consent as consent_logic
from students.access import StudentAccess
from students.authorizer import Reason
from students.copy import CopyItem, CopyPart
from students.sections import SUPPORT, Section

SECTION_VIEW = "records:publications_section"
SECTION_ROLES = frozenset({Role.PROFESSIONAL, Role.PRINCIPAL, Role.TEACHER, Role.GUARDIAN, Role.STUDENT})


def _audit_reads(user: Any, student: Any, publications: list[Any], student_reason: str, view: str) -> None:
    """One access row per reason, on the student, naming the publications read (never their text)."""
    by_reason: dict[str, list[int]] = {}
    for publication in publications:
        reason = "owner" if publication.record.professional_id == user.pk else student_reason
        by_reason.setdefault(reason, []).append(publication.pk)
    for reason, ids in by_reason.items():
        log_access(user, student, reason=reason, view=view, publication_ids=ids)


def publications_section(user: Any, access: StudentAccess) -> Section | None:
    from records.queries_sharing import publications_of_student
    from records.rules_sharing import is_owner

    role = getattr(user, "role", "")
    if role not in SECTION_ROLES or access.reason == Reason.BREAK_GLASS:
        return None
    student = access.student
    hidden_from_parent = role == Role.GUARDIAN and student.age() >= consent_logic.SOLO_CONSENT_AGE
    publications = [] if hidden_from_parent else list(publications_of_student(user, student))
    own_records: list[Any] = []
    if role == Role.PROFESSIONAL:
        from records.models import ProfessionalRecord

        held = ProfessionalRecord.objects.filter(student=student, professional=user).order_by("-opened_at")
        own_records = [r for r in held if is_owner(user, r)]
        if access.reason != Reason.CASELOAD and not own_records:
            return None
    if publications:
        _audit_reads(user, student, publications, access.reason, SECTION_VIEW)
    return Section(
        key="dossier-aide-particuliere",
        compartment=SUPPORT,
        title=_("Conclusions et recommandations des professionnels"),
        template="records/sharing/_section.html",
        context={
            "student": student,
            "rows": [{"publication": p, "mine": p.record.professional_id == user.pk} for p in publications],
            "own_records": own_records,
            "hidden_from_parent": hidden_from_parent,
        },
    )


def copy_part(user: Any, student: Any) -> CopyPart | None:
    """The publications the requester (guardian or student) may see: the same rule as the 360 page."""
    from records.queries_sharing import publications_of_student

    publications = list(publications_of_student(user, student))
    if not publications:
        return None
    items = [
        CopyItem(
            f"{p.get_kind_display()} — {p.record.get_profession_display()}",
            {
                _("Type"): str(p.get_kind_display()),
                _("Profession"): str(p.record.get_profession_display()),
                _("Publié le"): timezone.localtime(p.published_at).date().isoformat(),
                _("Texte"): p.text,
            },
        )
        for p in publications
    ]
    return CopyPart(
        "dossier_aide_particuliere", _("Dossier d'aide particulière — conclusions et recommandations"), items
    )


def connect() -> None:
    from auditlog.registry import auditlog

    from records import models
    from records import rules_sharing as _rules  # noqa: F401 — registers the permissions
    from students import copy, sections

    sections.register(publications_section)
    copy.register(copy_part)
    # Encrypted fields masked: the log says that they changed, never what they hold.
    auditlog.register(models.Publication, mask_fields=["text"])
    auditlog.register(models.RecordShare, mask_fields=["recipient", "purpose", "waiver_reason"])
    auditlog.register(models.RecordTransfer)
