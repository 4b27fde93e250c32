"""The access helper for one document: 404 for missing and forbidden alike."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from core.models import Role
from documents.models import Document
from documents.queries import documents_visible_to
from students.authorizer import access_reason


def get_document_for(user: Any, document_id: Any) -> Document:
    try:
        pk = int(document_id)
    except (TypeError, ValueError):
        raise Http404("Document introuvable") from None
    found = documents_visible_to(user).select_related("student__school", "uploaded_by").filter(pk=pk).first()
    if found is None:
        raise Http404("Document introuvable")
    return found


def reason_for(user: Any, document: Document) -> str:
    """Why this user reads the document, for the audit row."""
    if user.role == Role.GUARDIAN:
        return "guardian"
    if user.role == Role.STUDENT:
        return "self"
    return access_reason(user, document.student) or "none"
