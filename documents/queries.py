"""Who sees which document. Denied by default.

- Staff who may see the student's file (`Student.objects.visible_to`: the principal of the school, the
  teachers of the group, the professionals serving the student or in break-the-glass) see the documents of
  both compartments.
- A guardian sees the documents of their own children shared with the guardians. A document of the
  dossier d'aide particulière of a child of 14 or older is shared with the guardians only on purpose:
  "share with the family" reaches the student alone (lib/document_sharing.py).
- A student of 14 or older sees the documents about them shared with the student.
- Nobody sees a withdrawn document (its content is purged). The manager, the coordinator and the privacy
  officer see none here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from core.models import Role
from lib import consent as consent_logic

STAFF_WITH_FILES = (Role.PROFESSIONAL, Role.PRINCIPAL, Role.TEACHER)


def _role(user: Any) -> str:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ""
    return str(getattr(user, "role", "") or "")


def documents_visible_to(user: Any) -> QuerySet[Any]:
    from documents.models import Document
    from students.models import Student

    qs = Document.objects.filter(withdrawn_at__isnull=True)
    role = _role(user)
    children = Student.objects.visible_to(user).values("pk")
    if role in STAFF_WITH_FILES:
        return qs.filter(student__in=children)
    if role == Role.GUARDIAN:
        return qs.filter(student__in=children, shared_with_guardians=True)
    if role == Role.STUDENT:
        born_by = consent_logic.born_after_for_age(timezone.localdate(), consent_logic.SOLO_CONSENT_AGE)
        return qs.filter(student__user=user, student__birth_date__lte=born_by, shared_with_student=True)
    return qs.none()
