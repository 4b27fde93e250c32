"""Publishing into the dossier d'aide particulière (domain notes §2): named state changes.

The professional deliberately publishes a conclusion or recommendations for the school team; nothing
else of the record goes with it (no entry, no reasons). Who then sees it: `records.queries_sharing`.
A publication is never edited; the professional withdraws it and publishes a new one.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from records.models import ProfessionalRecord, Publication, PublicationKind

TEXT_MAX = 8000


def publish(user: Any, record: ProfessionalRecord, kind: str, text: str) -> Publication:
    """The record's professional publishes a conclusion or recommendations (record open or closed)."""
    if not user.has_perm("records.publish", record):
        raise PermissionDenied
    if kind not in PublicationKind.values:
        raise ValidationError(_("Choisissez le type de publication : conclusion ou recommandations."))
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Écrivez le texte à publier au dossier d'aide particulière."))
    if len(text) > TEXT_MAX:
        raise ValidationError(
            _("Le texte publié est trop long (%(max)s caractères au plus).") % {"max": TEXT_MAX}
        )
    with transaction.atomic():
        publication = Publication.objects.create(record=record, kind=kind, text=text, published_by=user)
        log_event(
            user,
            publication,
            event="publication_published",
            record_id=record.pk,
            student_id=record.student_id,
            kind=kind,
        )
    return publication


def withdraw_publication(user: Any, publication: Publication) -> Publication:
    """The record's professional withdraws a publication: the school team no longer sees it."""
    if not user.has_perm("records.withdraw_publication", publication):
        raise PermissionDenied
    with transaction.atomic():
        current = Publication.objects.select_for_update().get(pk=publication.pk)
        if current.withdrawn_at is not None:
            raise ValidationError(_("Cette publication est déjà retirée."))
        current.withdrawn_at = timezone.now()
        current.withdrawn_by = user
        current.save(update_fields=["withdrawn_at", "withdrawn_by"])
        log_event(
            user,
            current,
            event="publication_withdrawn",
            record_id=current.record_id,
            student_id=publication.record.student_id,
        )
    return current
