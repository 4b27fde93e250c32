"""Named state changes of consents. Each checks permission, changes, and writes its audit row in one
transaction. Expiry needs no action: it is read from the date (`lib.consent.state_on`).

Other capabilities call `require(student, scopes, domain)` before what depends on a consent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consents import formtext, pdf
from consents.models import Channel, Consent, ConsentDocument, ConsentRequest, Scope, SignerKind
from consents.queries import missing_message
from consents.rules import guardian_link, signer_kind_of, signing_refusal
from core.audit import log_event
from core.models import ServiceDomain
from lib import consent as logic
from lib import filetypes
from students.models import Guardian, Student

TEXT_MAX = 4000


def require(student: Student, scopes: Sequence[str], domain: ServiceDomain | None = None) -> None:
    """Raise ValidationError naming the missing consent(s) in French when one is missing today."""
    message = missing_message(student, scopes, domain)
    if message:
        raise ValidationError(message, code="consent_missing")


def _sharing_details(scope: str, shared_with: str, shared_what: str) -> tuple[str, str]:
    shared_with, shared_what = shared_with.strip(), shared_what.strip()
    if scope != Scope.SHARING:
        return "", ""
    errors = []
    if not shared_with:
        errors.append(_("Pour un partage, indiquez à qui les renseignements seront communiqués."))
    if not shared_what:
        errors.append(_("Pour un partage, indiquez quels renseignements seront communiqués."))
    if errors:
        raise ValidationError(errors)
    return shared_with, shared_what


def _audit(user: Any, obj: Any, event: str, **extra: Any) -> None:
    log_event(user, obj, event=event, **extra)


# --- Requests -------------------------------------------------------------------------------------


def request_consent(
    user: Any,
    student: Student,
    *,
    scope: str,
    domain: ServiceDomain | None,
    explanation: str,
    shared_with: str = "",
    shared_what: str = "",
    expires_on: dt.date | None = None,
) -> ConsentRequest:
    """Staff prepare a consent form; the parent (under 14) or the student (14+) signs it in the portal."""
    if not user.has_perm("consents.prepare", student):
        raise PermissionDenied
    if scope not in Scope.values:
        raise ValidationError(_("Portée de consentement inconnue."))
    if not explanation.strip():
        raise ValidationError(_("Expliquez en quelques mots pourquoi ce consentement est demandé."))
    shared_with, shared_what = _sharing_details(scope, shared_with, shared_what)
    if expires_on is not None and expires_on <= timezone.localdate():
        raise ValidationError(_("La date de fin de validité doit être après aujourd'hui."))
    with transaction.atomic():
        # Lock the student: two staff preparing the same request at once cannot both insert it.
        Student.objects.select_for_update().filter(pk=student.pk).first()
        existing = ConsentRequest.objects.filter(
            student=student, scope=scope, domain=domain, status=ConsentRequest.Status.PENDING
        ).first()
        if scope != Scope.SHARING and existing is not None:
            raise ValidationError(
                _("Une demande de ce consentement attend déjà la signature (demande nº %(id)s).")
                % {"id": existing.pk}
            )
        request = ConsentRequest.objects.create(
            student=student,
            scope=scope,
            domain=domain,
            explanation=explanation.strip(),
            shared_with=shared_with,
            shared_what=shared_what,
            expires_on=expires_on,
            requested_by=user,
        )
        _audit(user, request, "consent_requested", student_id=student.pk, scope=scope)
    return request


def cancel_request(user: Any, request: ConsentRequest) -> ConsentRequest:
    if not user.has_perm("consents.prepare", request.student):
        raise PermissionDenied
    with transaction.atomic():
        current = ConsentRequest.objects.select_for_update().get(pk=request.pk)
        if current.status != ConsentRequest.Status.PENDING:
            raise ValidationError(_("Cette demande n'attend plus de signature."))
        current.status = ConsentRequest.Status.CANCELLED
        current.closed_at = timezone.now()
        current.closed_by = user
        current.save(update_fields=["status", "closed_at", "closed_by"])
        _audit(user, current, "consent_request_cancelled", student_id=current.student_id)
    return current


# --- Signing in the portal ------------------------------------------------------------------------


def sign_consent(user: Any, request: ConsentRequest, *, digest: str, agreed: bool) -> Consent:
    """A parent (child under 14) or the student (14 or older) signs in the portal: the form text they
    saw is rendered to PDF with their name, the time and the channel, and stored encrypted with its
    SHA-256."""
    refusal = signing_refusal(user, request.student)
    if refusal is not None:
        raise PermissionDenied(refusal)
    if not agreed:
        raise ValidationError(_("Cochez « J'ai lu et je consens » pour signer."))
    kind = signer_kind_of(user)
    assert kind is not None
    with transaction.atomic():
        current = (
            ConsentRequest.objects.select_for_update(of=("self",))
            .select_related("student__school", "domain", "requested_by")
            .get(pk=request.pk)
        )
        if current.status != ConsentRequest.Status.PENDING:
            raise ValidationError(_("Cette demande n'attend plus de signature."))
        now = timezone.now()
        text = formtext.form_text(current, kind, timezone.localdate(now))
        if text.digest() != digest:
            raise ValidationError(
                _(
                    "Le formulaire a changé depuis que vous l'avez ouvert : relisez-le tel qu'il est "
                    "maintenant affiché, puis signez de nouveau."
                )
            )
        guardian: Guardian | None = None
        if kind == logic.GUARDIAN:
            guardian = guardian_link(user, current.student).guardian
            signer_name = str(guardian)
            signer_role = _("parent ou tuteur")
        else:
            signer_name = current.student.full_name
            signer_role = _("élève de 14 ans ou plus")
        document = pdf.render(
            text, signer=signer_name, signer_role=signer_role, account=user.username, signed_at=now
        )
        consent = _create_consent(
            user,
            current.student,
            scope=current.scope,
            domain=current.domain,
            shared_with=current.shared_with,
            shared_what=current.shared_what,
            signer_kind=kind,
            guardian=guardian,
            signer_name=signer_name,
            signed_at=now,
            channel=Channel.PORTAL,
            expires_on=text.expires_on,
            request=current,
            document=document,
            media_type=filetypes.PDF,
        )
        current.status = ConsentRequest.Status.SIGNED
        current.closed_at = now
        current.closed_by = user
        current.save(update_fields=["status", "closed_at", "closed_by"])
        _audit(
            user,
            consent,
            "consent_signed",
            student_id=current.student_id,
            scope=consent.scope,
            channel=Channel.PORTAL,
            request_id=current.pk,
            sha256=consent.document_sha256,
        )
    return consent


def _create_consent(
    user: Any,
    student: Student,
    *,
    document: bytes,
    media_type: str,
    **fields: Any,
) -> Consent:
    consent = Consent.objects.create(
        student=student,
        scope=fields["scope"],
        domain=fields["domain"],
        shared_with=fields["shared_with"],
        shared_what=fields["shared_what"],
        signer_kind=fields["signer_kind"],
        signer_guardian=fields["guardian"],
        signer_name=fields["signer_name"],
        signed_at=fields["signed_at"],
        channel=fields["channel"],
        expires_on=fields["expires_on"],
        request=fields.get("request"),
        recorded_by=user,
        document_type=media_type,
        document_size=len(document),
        document_sha256=hashlib.sha256(document).hexdigest(),
    )
    ConsentDocument.objects.create(consent=consent, content=document)
    return consent


# --- Paper ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaperConsent:
    scope: str
    domain: ServiceDomain | None
    signer_kind: str
    guardian: Guardian | None
    signed_on: dt.date
    expires_on: dt.date | None
    shared_with: str
    shared_what: str
    scan: bytes


def check_scan(data: bytes) -> str:
    """The scan's real media type (PDF, JPEG or PNG, from its content) or a French ValidationError."""
    limit = settings.CONSENT_SCAN_MAX_BYTES
    if not data:
        raise ValidationError(_("Le fichier numérisé est vide."))
    if len(data) > limit:
        raise ValidationError(
            _("Le fichier numérisé dépasse la taille permise (%(max)s Mo).") % {"max": limit // (1024 * 1024)}
        )
    media_type = filetypes.sniff(data[:16])
    if media_type is None:
        raise ValidationError(
            _(
                "Ce fichier n'est pas un PDF, un JPEG ou un PNG : son contenu a été vérifié, pas seulement "
                "son nom. Numérisez le formulaire signé de nouveau."
            )
        )
    if not filetypes.looks_complete(data, media_type):
        raise ValidationError(
            _("Ce fichier semble incomplet ou endommagé. Numérisez le formulaire de nouveau.")
        )
    return media_type


def record_paper_consent(user: Any, student: Student, paper: PaperConsent) -> Consent:
    """Staff serving the student record a consent signed on paper, with its scan."""
    if not user.has_perm("consents.prepare", student):
        raise PermissionDenied
    today = timezone.localdate()
    if paper.signed_on > today:
        raise ValidationError(_("La date de signature ne peut pas être dans le futur."))
    if paper.expires_on is not None and paper.expires_on < paper.signed_on:
        raise ValidationError(_("La fin de validité doit suivre la date de signature."))
    age = student.age(paper.signed_on)
    has_authority = True
    if paper.signer_kind == SignerKind.GUARDIAN:
        link = student.guardian_links.filter(guardian=paper.guardian).first() if paper.guardian else None
        if link is None:
            raise ValidationError(_("Choisissez un parent ou tuteur inscrit au dossier de l'élève."))
        has_authority = link.has_parental_authority
    refusal = logic.signing_refusal(paper.signer_kind, age, has_parental_authority=has_authority)
    if refusal:
        raise ValidationError(refusal)
    shared_with, shared_what = _sharing_details(paper.scope, paper.shared_with, paper.shared_what)
    media_type = check_scan(paper.scan)
    if paper.signed_on == today:
        signed_at = timezone.now()
    else:
        signed_at = timezone.make_aware(dt.datetime.combine(paper.signed_on, dt.time(12, 0)))
    signer_name = str(paper.guardian) if paper.signer_kind == SignerKind.GUARDIAN else student.full_name
    with transaction.atomic():
        pending = (
            ConsentRequest.objects.select_for_update()
            .filter(
                student=student, scope=paper.scope, domain=paper.domain, status=ConsentRequest.Status.PENDING
            )
            .order_by("created_at")
            .first()
        )
        consent = _create_consent(
            user,
            student,
            scope=paper.scope,
            domain=paper.domain,
            shared_with=shared_with,
            shared_what=shared_what,
            signer_kind=paper.signer_kind,
            guardian=paper.guardian if paper.signer_kind == SignerKind.GUARDIAN else None,
            signer_name=signer_name,
            signed_at=signed_at,
            channel=Channel.PAPER,
            expires_on=formtext.expiry_for(paper.expires_on, paper.signed_on),
            request=pending if paper.scope != Scope.SHARING else None,
            document=paper.scan,
            media_type=media_type,
        )
        if consent.request_id and pending is not None:  # the paper form answers the pending request
            pending.status = ConsentRequest.Status.SIGNED
            pending.closed_at = timezone.now()
            pending.closed_by = user
            pending.save(update_fields=["status", "closed_at", "closed_by"])
        _audit(
            user,
            consent,
            "consent_recorded_paper",
            student_id=student.pk,
            scope=consent.scope,
            channel=Channel.PAPER,
            sha256=consent.document_sha256,
        )
    return consent


# --- Revocation -----------------------------------------------------------------------------------


def revoke_consent(user: Any, consent: Consent, reason: str = "") -> Consent:
    """The signer's side or staff serving the student; takes effect at once (the same day)."""
    if not user.has_perm("consents.revoke", consent):
        raise PermissionDenied
    reason = reason.strip()
    if signer_kind_of(user) is None and not reason:
        raise ValidationError(
            _("Indiquez le motif de la révocation (par exemple : appel du parent le 3 mars).")
        )
    with transaction.atomic():
        current = Consent.objects.select_for_update().get(pk=consent.pk)
        if current.revoked_at is not None:
            raise ValidationError(_("Ce consentement est déjà révoqué."))
        current.revoked_at = timezone.now()
        current.revoked_by = user
        current.revocation_reason = reason[:TEXT_MAX]
        current.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
        _audit(user, current, "consent_revoked", student_id=current.student_id, scope=current.scope)
    return current
