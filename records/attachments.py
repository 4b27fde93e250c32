"""Files attached to a draft entry (test protocols, scans, raw data), checked by their content.

Accepted: PDF, JPEG, PNG (lib.filetypes), Word .docx (a ZIP holding word/document.xml), and CSV or plain
text (UTF-8, no control character) for raw data. The declared type and the name's extension are never
trusted for the binary formats; for text, the extension only chooses between text/csv and text/plain.
Stored encrypted with their SHA-256; frozen when the entry is signed (the signature covers their hashes).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from lib import filetypes
from records.models import Entry, EntryAttachment, EntryStatus

DOCX = filetypes.DOCX
CSV = "text/csv"
TEXT = "text/plain"
EXTENSIONS = {**filetypes.EXTENSIONS, DOCX: "docx", CSV: "csv", TEXT: "txt"}


_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D} | {0x7F}


def _is_text(data: bytes) -> bool:
    """UTF-8 (a BOM allowed) without control characters other than tab, line and page breaks."""
    if _CONTROL.intersection(data):
        return False
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


def sniff(data: bytes, filename: str) -> str | None:
    """The media type from the content, or None when it is not an accepted kind of file."""
    if filetypes.sniff(data[:16]) is not None or data.startswith(b"PK"):
        return filetypes.sniff_document(data)  # a whole PDF, JPEG, PNG or .docx, never "text"
    if _is_text(data):
        return CSV if filename.lower().endswith(".csv") else TEXT
    return None


def safe_filename(name: str) -> str:
    return filetypes.safe_filename(name, default="piece-jointe")


def check_file(data: bytes, filename: str) -> str:
    """The file's real media type, or a French ValidationError that says what to do."""
    limit = settings.RECORD_ATTACHMENT_MAX_BYTES
    if not data:
        raise ValidationError(_("Le fichier est vide."))
    if len(data) > limit:
        raise ValidationError(
            _("Le fichier dépasse la taille permise (%(max)s Mo).") % {"max": max(1, limit // (1024 * 1024))}
        )
    media_type = sniff(data, filename)
    if media_type is None:
        raise ValidationError(
            _(
                "Ce fichier n'est pas accepté : son contenu a été vérifié, pas seulement son nom. "
                "Joignez un PDF, une image JPEG ou PNG, un document Word (.docx) "
                "ou un fichier texte ou CSV (UTF-8)."
            )
        )
    return media_type


def add_attachment(user: Any, entry: Entry, *, filename: str, data: bytes) -> EntryAttachment:
    """Attach a file to a draft entry (its author only)."""
    if entry.status == EntryStatus.SIGNED:
        raise ValidationError(
            _("L'entrée est signée : on ne peut plus y joindre de fichier. Ajoutez une correction.")
        )
    if not user.has_perm("records.edit_draft", entry):
        raise PermissionDenied
    media_type = check_file(data, filename)
    with transaction.atomic():
        current = Entry.objects.select_for_update().get(pk=entry.pk)
        if current.status == EntryStatus.SIGNED:
            raise ValidationError(_("L'entrée vient d'être signée : ses pièces jointes sont figées."))
        attachment = EntryAttachment.objects.create(
            entry=current,
            filename=safe_filename(filename),
            content_type=media_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            content=data,
            uploaded_by=user,
        )
        current.updated_at = timezone.now()
        current.save(update_fields=["updated_at"])
        log_event(
            user,
            attachment,
            event="attachment_added",
            entry_id=current.pk,
            record_id=current.record_id,
            sha256=attachment.sha256,
            size=attachment.size,
            content_type=media_type,
        )
    return attachment


def remove_attachment(user: Any, attachment: EntryAttachment) -> None:
    """Remove a file from a draft entry (its author only)."""
    entry = attachment.entry
    if entry.status == EntryStatus.SIGNED:
        raise ValidationError(_("L'entrée est signée : ses pièces jointes sont figées."))
    if not user.has_perm("records.edit_draft", entry):
        raise PermissionDenied
    with transaction.atomic():
        log_event(
            user, entry, event="attachment_removed", attachment_id=attachment.pk, sha256=attachment.sha256
        )
        attachment.delete()


def extension_for(attachment: EntryAttachment) -> str:
    return EXTENSIONS.get(attachment.content_type, "bin")
