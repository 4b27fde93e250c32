"""Named state changes of documents: permission, change, audit row (never the content), one transaction;
the family's e-mail goes on commit."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.audit import log_event
from documents.models import Compartment, Document, DocumentContent, DocumentKind
from lib import document_sharing, filetypes
from lib.document_sharing import Audience
from students.models import Student

ACCEPTED = {filetypes.PDF, filetypes.JPEG, filetypes.PNG, filetypes.DOCX}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def check_file(data: bytes, filename: str) -> str:
    """The file's real media type (PDF, JPEG, PNG or Word .docx, read from its content, whatever its name),
    or a French ValidationError that says what to do."""
    limit = max_bytes()
    if not data:
        raise ValidationError(_("Le fichier est vide."))
    if len(data) > limit:
        raise ValidationError(
            _(
                "Le fichier dépasse la taille permise (%(mo)s Mo). "
                "Réduisez-le ou numérisez-le en moins haute résolution."
            )
            % {"mo": f"{limit / (1024 * 1024):.0f}"}
        )
    media_type = filetypes.sniff_document(data)
    if media_type not in ACCEPTED:
        raise ValidationError(
            _(
                "Ce fichier n'est ni un PDF, ni une image JPEG ou PNG, ni un document Word (.docx), "
                "ou il est incomplet. Le type est vérifié d'après le contenu, pas d'après le nom."
            )
        )
    return str(media_type)


def family_audience(document: Document, *, guardians_explicit: bool = False) -> Audience:
    return document_sharing.audience(
        document.compartment, document.student.age(), guardians_explicit=guardians_explicit
    )


def _current(document: Document) -> Audience:
    return Audience(guardians=document.shared_with_guardians, student=document.shared_with_student)


def upload_document(
    user: Any,
    student: Student,
    *,
    compartment: str,
    kind: str,
    title: str,
    filename: str,
    data: bytes,
    share: bool = False,
    share_guardians: bool = False,
) -> Document:
    """Put a document in the student's file; `share` communicates it to the family at once
    (`share_guardians`: also to the parents of a student of 14 or older, for the support file)."""
    if not user.has_perm("documents.upload", student):
        raise PermissionDenied
    if compartment not in Compartment.values or kind not in DocumentKind.values:
        raise ValidationError(_("Choisissez le dossier et le type du document."))
    title = title.strip()
    if not title:
        raise ValidationError(_("Donnez un titre au document."))
    media_type = check_file(data, filename)
    now = timezone.now()
    reach = (
        document_sharing.audience(compartment, student.age(), guardians_explicit=share_guardians)
        if share
        else Audience()
    )
    with transaction.atomic():
        document = Document.objects.create(
            student=student,
            compartment=compartment,
            kind=kind,
            title=title[:200],
            filename=filetypes.safe_filename(filename),
            content_type=media_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=user,
            uploaded_at=now,
            shared_with_guardians=reach.guardians,
            shared_with_student=reach.student,
            shared_at=now if reach.anyone else None,
            shared_by=user if reach.anyone else None,
        )
        DocumentContent.objects.create(document=document, content=data)
        log_event(user, document, event="document_uploaded", student_id=student.pk, sha256=document.sha256)
        if reach.anyone:
            log_event(user, document, event="document_shared", student_id=student.pk, **_flags(reach))
            _notify_family_on_commit(document, reach)
    return document


def share_document(user: Any, document: Document, *, guardians_explicit: bool = False) -> Document:
    """Communicate the document to the family (lib/document_sharing.py decides who); never removes anyone."""
    if not user.has_perm("documents.manage", document):
        raise PermissionDenied
    with transaction.atomic():
        locked = Document.objects.select_for_update().select_related("student").get(pk=document.pk)
        before = _current(locked)
        after = before | family_audience(locked, guardians_explicit=guardians_explicit)
        added = document_sharing.newly_reached(before, after)
        if not added.anyone:
            return locked
        locked.shared_with_guardians = after.guardians
        locked.shared_with_student = after.student
        locked.shared_at = timezone.now()
        locked.shared_by = user
        locked.save(update_fields=["shared_with_guardians", "shared_with_student", "shared_at", "shared_by"])
        log_event(user, locked, event="document_shared", student_id=locked.student_id, **_flags(after))
        _notify_family_on_commit(locked, added)
    return locked


def unshare_document(user: Any, document: Document) -> Document:
    """Stop communicating the document: neither the parents nor the student see it any more."""
    if not user.has_perm("documents.manage", document):
        raise PermissionDenied
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        locked.shared_with_guardians = False
        locked.shared_with_student = False
        locked.save(update_fields=["shared_with_guardians", "shared_with_student"])
        log_event(user, locked, event="document_unshared", student_id=locked.student_id)
    return locked


def withdraw_document(user: Any, document: Document, reason: str) -> Document:
    """Withdraw a document put in the wrong file or by mistake: the content is purged at once; the row
    keeps who, when and why (never the content)."""
    if not user.has_perm("documents.manage", document):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Indiquez le motif du retrait."))
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = user
        locked.withdrawal_reason = reason[:300]
        locked.shared_with_guardians = False
        locked.shared_with_student = False
        locked.save(
            update_fields=[
                "withdrawn_at",
                "withdrawn_by",
                "withdrawal_reason",
                "shared_with_guardians",
                "shared_with_student",
            ]
        )
        DocumentContent.objects.filter(document=locked).delete()
        log_event(user, locked, event="document_withdrawn", student_id=locked.student_id)
    return locked


def _flags(reach: Audience) -> dict[str, bool]:
    return {"guardians": reach.guardians, "student": reach.student}


def _notify_family_on_commit(document: Document, reach: Audience) -> None:
    document_id = document.pk
    transaction.on_commit(lambda: notify_family(document_id, reach))


def family_recipients(student: Student, reach: Audience) -> list[tuple[str, str]]:
    """(e-mail, language) of who is told: the guardians with parental authority when the document reaches
    them, the student (with an account and an e-mail) when it reaches them."""
    found: dict[str, tuple[str, str]] = {}
    if reach.guardians:
        for link in student.guardian_links.select_related("guardian"):
            guardian = link.guardian
            if guardian.email and link.has_parental_authority:
                found.setdefault(guardian.email.lower(), (guardian.email, guardian.preferred_language))
    user = student.user
    if reach.student and user is not None and user.email:
        found.setdefault(user.email.lower(), (user.email, user.preferred_language or "fr-ca"))
    return list(found.values())


def notify_family(document_id: int, reach: Audience) -> int:
    document = Document.objects.select_related("student__user").get(pk=document_id)
    base_url = getattr(settings, "SITE_URL", "").rstrip("/")
    sent = 0
    for email, language in family_recipients(document.student, reach):
        with translation.override(language):
            subject = _("Élève 360 : un document vous est communiqué")
            body = _(
                "Bonjour,\n\nUn document concernant %(first_name)s vous est communiqué par l'école.\n"
                "Consultez-le dans votre portail : %(url)s\n\nPar confidentialité, ce message ne dit "
                "rien de son contenu."
            ) % {"first_name": document.student.first_name, "url": base_url + reverse("documents:portal")}
        sent += send_mail(subject, body, None, [email])
    return sent
