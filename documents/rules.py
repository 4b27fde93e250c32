"""`rules` predicates of documents, on the student authorizer."""

from __future__ import annotations

from typing import Any

import rules

from core.models import Role
from students.authorizer import Reason, access_reason

# The principal of the school and the professionals serving the student put documents in the file and
# decide what goes to the family. Teachers read them (the file's needs) but do not add nor share.
UPLOADERS = {(Role.PRINCIPAL, Reason.SCHOOL), (Role.PROFESSIONAL, Reason.CASELOAD)}


@rules.predicate
def can_upload(user: Any, student: Any) -> bool:
    if student is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return (user.role, access_reason(user, student)) in UPLOADERS


@rules.predicate
def can_manage(user: Any, document: Any) -> bool:
    """Share with the family, stop sharing, withdraw: those who may upload for this student."""
    return document is not None and document.withdrawn_at is None and bool(can_upload(user, document.student))


rules.add_perm("documents.upload", can_upload)
rules.add_perm("documents.manage", can_manage)
