"""The documents of the 360 page: one section in the school file, one in the dossier d'aide particulière."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from documents.models import Compartment
from documents.queries import documents_visible_to
from students.access import StudentAccess
from students.sections import SCHOOL, SUPPORT, Section


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
    return Section(
        key=f"documents-{compartment}",
        title=_("Documents de l'école")
        if compartment == Compartment.SCHOOL
        else _("Documents d'aide particulière"),
        template="documents/_section.html",
        context={
            "student": student,
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
