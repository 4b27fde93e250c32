"""Sharing a professional record under a sharing consent (domain notes §4, §5): named state changes.

Two kinds of share, both by the record's professional, both under a SHARING consent of the record's
student that is valid today (signed, not expired, not revoked; for every service or for the record's):
- another professional of the centre consults the record (its signed entries) — `records.queries`
  (core) checks the consent's validity on every read, so a revoked or expired consent stops it at once;
- a copy goes to a third party (a named recipient, for a stated purpose). For a psychologist's record
  the copy is released only RECORD_COPY_HOLD_DAYS (15) days after the signed authorisation (C-26,
  r. 221), unless an emergency waiver is recorded with its reason (`lib.record_sharing`).

Each change writes its audit event without content (never the recipient, purpose or reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from consents.actions import require
from consents.models import Consent, Scope
from core.audit import log_event
from core.models import Role
from lib import consent as consent_logic
from lib import record_sharing
from records import copy_pdf
from records.models import ProfessionalRecord, RecordShare, ShareKind

TEXT_MAX = 1000
HOLD_RULE = "C-26, r. 221"


def _check_consent(record: ProfessionalRecord, consent: Consent | None) -> Consent:
    """The chosen consent, locked, if it is a sharing consent of this student valid today; else a French
    ValidationError that names what is missing."""
    student = record.student
    if consent is None:
        require(student, [consent_logic.SHARING])  # names the missing consent when there is none
        raise ValidationError(_("Choisissez le consentement au partage qui autorise cette communication."))
    current = (
        Consent.objects.select_for_update(of=("self",)).select_related("domain").filter(pk=consent.pk).first()
    )
    if current is None or current.student_id != record.student_id or current.scope != Scope.SHARING:
        raise ValidationError(_("Ce consentement n'est pas un consentement au partage de cet élève."))
    today = timezone.localdate()
    state = current.state(today)
    if state != consent_logic.VALID:
        facts = current.facts()
        since = {
            consent_logic.REVOKED: facts.revoked_on,
            consent_logic.EXPIRED: facts.expires_on,
            consent_logic.NOT_YET: facts.signed_on,
        }.get(state)
        gap = consent_logic.Gap(consent_logic.SHARING, state, since)
        raise ValidationError(consent_logic.missing_message(student.first_name, [gap], student.age(today)))
    if current.domain is not None and record.profession not in (current.domain.professions or []):
        raise ValidationError(
            _("Ce consentement au partage vise le service « %(service)s », pas celui de ce dossier.")
            % {"service": current.domain.name}
        )
    return current


def _clean(value: str, what: str) -> str:
    value = (value or "").strip()
    if len(value) > TEXT_MAX:
        raise ValidationError(_("%(what)s : %(max)s caractères au plus.") % {"what": what, "max": TEXT_MAX})
    return value


def _authorised_on(consent: Consent) -> Any:
    return timezone.localtime(consent.signed_at).date()


def share_with_professional(
    user: Any, record: ProfessionalRecord, professional: Any, consent: Any
) -> RecordShare:
    """Another professional of the centre may read the record's signed entries while the consent holds."""
    if not user.has_perm("records.share", record):
        raise PermissionDenied
    if (
        professional is None
        or not professional.is_active
        or professional.role != Role.PROFESSIONAL
        or professional.pk == record.professional_id
        or professional.centre_id != user.centre_id
    ):
        raise ValidationError(
            _("Choisissez un ou une autre professionnel·le actif·ve du centre de services.")
        )
    with transaction.atomic():
        ProfessionalRecord.objects.select_for_update().filter(pk=record.pk).first()
        current = _check_consent(record, consent)
        existing = RecordShare.objects.filter(
            record=record,
            kind=ShareKind.PROFESSIONAL,
            with_professional=professional,
            revoked_at__isnull=True,
        )
        if existing.exists():
            raise ValidationError(
                _("Ce dossier est déjà communiqué à %(name)s.") % {"name": professional.get_full_name()}
            )
        authorised_on = _authorised_on(current)
        share = RecordShare.objects.create(
            record=record,
            kind=ShareKind.PROFESSIONAL,
            with_professional=professional,
            consent=current,
            authorised_on=authorised_on,
            available_from=record_sharing.available_from(
                kind=ShareKind.PROFESSIONAL,
                profession=record.profession,
                authorised_on=authorised_on,
                hold_days=settings.RECORD_COPY_HOLD_DAYS,
                emergency_waiver=False,
                today=timezone.localdate(),
            ),
            created_by=user,
        )
        log_event(
            user,
            share,
            event="record_shared",
            kind=share.kind,
            record_id=record.pk,
            student_id=record.student_id,
            with_professional_id=professional.pk,
            consent_id=current.pk,
        )
        share_id = share.pk
        transaction.on_commit(lambda: _notify_professional(share_id))
    return share


def _notify_professional(share_id: int) -> None:
    share = RecordShare.objects.select_related("with_professional", "created_by").get(pk=share_id)
    recipient = share.with_professional
    if recipient is None or not recipient.email:
        return
    # Who and where, never the student's name: the message travels by e-mail.
    send_mail(
        subject="[Élève 360] Un dossier professionnel vous est communiqué",
        message=(
            f"{share.created_by.get_full_name() or share.created_by.username} vous communique un dossier "
            f"professionnel, avec le consentement de la personne concernée.\n"
            f"Consultez-le dans Élève 360 : {reverse('records:mine')}\n"
        ),
        from_email=None,
        recipient_list=[recipient.email],
    )


def record_third_party_copy(
    user: Any,
    record: ProfessionalRecord,
    recipient: str,
    purpose: str,
    consent: Any,
    emergency_waiver: bool = False,
    waiver_reason: str = "",
) -> RecordShare:
    """Record that a copy of the record will go to a third party; available after the hold, if any."""
    if not user.has_perm("records.share", record):
        raise PermissionDenied
    recipient = _clean(recipient, _("Destinataire"))
    purpose = _clean(purpose, _("Fin de la communication"))
    waiver_reason = _clean(waiver_reason, _("Motif de l'urgence"))
    errors = []
    if not recipient:
        errors.append(_("Indiquez à qui la copie sera remise (personne ou organisme)."))
    if not purpose:
        errors.append(_("Indiquez à quelle fin la copie est communiquée."))
    if emergency_waiver and not waiver_reason:
        errors.append(_("Pour lever le délai en urgence, écrivez le motif de l'urgence."))
    if errors:
        raise ValidationError(errors)
    if not emergency_waiver:
        waiver_reason = ""
    with transaction.atomic():
        ProfessionalRecord.objects.select_for_update().filter(pk=record.pk).first()
        current = _check_consent(record, consent)
        authorised_on = _authorised_on(current)
        share = RecordShare.objects.create(
            record=record,
            kind=ShareKind.THIRD_PARTY_COPY,
            recipient=recipient,
            purpose=purpose,
            consent=current,
            authorised_on=authorised_on,
            available_from=record_sharing.available_from(
                kind=ShareKind.THIRD_PARTY_COPY,
                profession=record.profession,
                authorised_on=authorised_on,
                hold_days=settings.RECORD_COPY_HOLD_DAYS,
                emergency_waiver=emergency_waiver,
                today=timezone.localdate(),
            ),
            emergency_waiver=emergency_waiver,
            waiver_reason=waiver_reason,
            created_by=user,
        )
        log_event(
            user,
            share,
            event="record_copy_authorised",
            kind=share.kind,
            record_id=record.pk,
            student_id=record.student_id,
            consent_id=current.pk,
            emergency_waiver=emergency_waiver,
            available_from=share.available_from.isoformat(),
        )
    return share


def hold_message(share: RecordShare) -> str:
    """'Copie retenue jusqu'au 2026-11-17 (délai de 15 jours, règlement C-26, r. 221).'"""
    days = (share.available_from - share.authorised_on).days
    return _("Copie retenue jusqu'au %(date)s (délai de %(days)s jours, règlement %(rule)s).") % {
        "date": share.available_from.isoformat(),
        "days": days,
        "rule": HOLD_RULE,
    }


def release_refusal(share: RecordShare) -> str | None:
    """Why the copy cannot be released today (French), or None."""
    today = timezone.localdate()
    if share.kind != ShareKind.THIRD_PARTY_COPY:
        return _("Seule une copie à un tiers se remet.")
    if share.revoked_at is not None:
        return _("Cette communication a été retirée : la copie ne peut plus être remise.")
    if record_sharing.is_held(share.available_from, today):
        return hold_message(share)
    state = share.consent.state(today)
    if state != consent_logic.VALID:
        return _(
            "Le consentement au partage n'est plus valide (%(state)s) : la copie ne peut pas être remise."
        ) % {
            "state": {
                consent_logic.REVOKED: _("révoqué"),
                consent_logic.EXPIRED: _("expiré"),
            }.get(state, state)
        }
    return None


@dataclass(frozen=True)
class ReleasedCopy:
    share: RecordShare
    content: bytes
    filename: str


def release_copy(user: Any, share: RecordShare) -> ReleasedCopy:
    """The copy (PDF of the record header and its SIGNED entries), only on or after available_from and
    while the consent holds. The first release sets released_at; every release is audited."""
    if not user.has_perm("records.manage_share", share):
        raise PermissionDenied
    with transaction.atomic():
        current = (
            RecordShare.objects.select_for_update(of=("self",))
            .select_related("record__student__school", "record__professional", "consent")
            .get(pk=share.pk)
        )
        refusal = release_refusal(current)
        if refusal:
            raise ValidationError(refusal)
        now = timezone.now()
        content = copy_pdf.render(current, produced_at=now)
        first = current.released_at is None
        if first:
            current.released_at = now
            current.save(update_fields=["released_at"])
        log_event(
            user,
            current,
            event="record_copy_released",
            record_id=current.record_id,
            student_id=current.record.student_id,
            consent_id=current.consent_id,
            first_release=first,
            sha256=copy_pdf.digest(content),
        )
    return ReleasedCopy(current, content, f"copie-dossier-{current.record_id}-{current.pk}.pdf")


def revoke_share(user: Any, share: RecordShare) -> RecordShare:
    """The record's professional withdraws a share: the other professional stops reading at once; a copy
    not yet released will not be."""
    if not user.has_perm("records.manage_share", share):
        raise PermissionDenied
    with transaction.atomic():
        current = RecordShare.objects.select_for_update().get(pk=share.pk)
        if current.revoked_at is not None:
            raise ValidationError(_("Cette communication est déjà retirée."))
        current.revoked_at = timezone.now()
        current.revoked_by = user
        current.save(update_fields=["revoked_at", "revoked_by"])
        log_event(
            user,
            current,
            event="record_share_revoked",
            kind=current.kind,
            record_id=current.record_id,
            student_id=share.record.student_id,
        )
    return current
