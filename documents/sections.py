"""The documents of the 360 page: one section in the school file, one in the dossier d'aide particulière."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from documents.models import Compartment, Document
from documents.queries import documents_visible_to
from lib import document_sharing
from students.access import StudentAccess
from students.sections import SCHOOL, SUPPORT, Section


@dataclass(frozen=True)
class ShareButton:
    label: str
    guardians: bool  # share with the guardians explicitly (support file of a student of 14 or older)


@dataclass(frozen=True)
class Row:
    document: Document
    status: str
    share_buttons: list[ShareButton]


def family_status(document: Document) -> str:
    if document.shared_with_guardians and document.shared_with_student:
        return _("Parents et élève")
    if document.shared_with_guardians:
        return _("Parents")
    if document.shared_with_student:
        return _("Élève seulement")
    return _("Non communiqué")


def share_buttons(document: Document, age: int) -> list[ShareButton]:
    """The sharing choices still open for this document (none once everyone it may reach sees it)."""
    explicit = document_sharing.guardians_need_explicit_share(document.compartment, age)
    buttons = []
    if not document.shared_with_family:
        if age < document_sharing.SOLO_AGE:
            label = _("Communiquer aux parents")
        elif explicit:
            label = _("Communiquer à l'élève")
        else:
            label = _("Communiquer à l'élève et aux parents")
        buttons.append(ShareButton(label, guardians=False))
    if explicit and not document.shared_with_guardians:
        buttons.append(ShareButton(_("Communiquer aussi aux parents"), guardians=True))
    return buttons


def _section(user: Any, access: StudentAccess, compartment: str) -> Section | None:
    student = access.student
    documents = list(
        documents_visible_to(user)
        .filter(student=student, compartment=compartment)
        .select_related("uploaded_by")
    )
    can_upload = user.has_perm("documents.upload", student)
    if not documents and not can_upload:
        return None
    age = student.age()
    rows = [Row(d, family_status(d), share_buttons(d, age) if can_upload else []) for d in documents]
    return Section(
        key=f"documents-{compartment}",
        title=_("Documents de l'école")
        if compartment == Compartment.SCHOOL
        else _("Documents d'aide particulière"),
        template="documents/_section.html",
        context={
            "student": student,
            "rows": rows,
            "documents": documents,
            "can_upload": can_upload,
            "can_manage": can_upload,
            "is_family": user.role in ("guardian", "student"),
        },
        compartment=SCHOOL if compartment == Compartment.SCHOOL else SUPPORT,
    )


def school_documents(user: Any, access: StudentAccess) -> Section | None:
    return _section(user, access, Compartment.SCHOOL)


def support_documents(user: Any, access: StudentAccess) -> Section | None:
    return _section(user, access, Compartment.SUPPORT)
