"""The documents part of the person's readable copy: what the requester may see, by title and date."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from documents.queries import documents_visible_to
from students.copy import CopyItem, CopyPart


def documents_part(user: Any, student: Any) -> CopyPart | None:
    documents = list(documents_visible_to(user).filter(student=student).order_by("-uploaded_at"))
    if not documents:
        return None
    items = [
        CopyItem(
            title=d.title,
            fields={
                _("Dossier"): str(d.get_compartment_display()),
                _("Type"): str(d.get_kind_display()),
                _("Déposé le"): d.uploaded_at.date().isoformat(),
                _("Empreinte SHA-256"): d.sha256,
            },
        )
        for d in documents
    ]
    return CopyPart(key="documents", title=_("Documents communiqués"), items=items)
