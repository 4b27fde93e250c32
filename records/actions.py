"""Named state changes of professional records. Each checks permission, makes the change and writes its
audit row (no content, ever) in one transaction.

Opening and closing live here; the entries' actions (drafts, signature, corrections) in
`records.entry_actions`, attachments in `records.attachments`; all are reachable from this module.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from lib import record_profiles, retention
from records.entry_actions import (
    DURATION_MAX,
    SHORT_MAX,
    TEXT_MAX,
    canonical_form,
    clean_text,
    correct_entry,
    create_entry,
    delete_draft,
    sign_entry,
    signature_holds,
    signature_of,
    update_draft,
)
from records.models import Entry, EntryStatus, ProfessionalRecord, RecordStatus

__all__ = [
    "DURATION_MAX",
    "SHORT_MAX",
    "TEXT_MAX",
    "canonical_form",
    "clean_text",
    "close_record",
    "correct_entry",
    "create_entry",
    "delete_draft",
    "open_record",
    "sign_entry",
    "signature_holds",
    "signature_of",
    "update_draft",
]

OPENING_SCOPES = ("evaluation", "services")


# --- Opening --------------------------------------------------------------------------------------


def _check_episode(user: Any, student: Any, episode: Any) -> None:
    if episode.professional_id != user.pk or episode.request.student_id != student.pk:
        raise PermissionDenied
    if episode.closed_at is not None:
        raise ValidationError(_("Cet épisode de service est fermé : un dossier ne peut plus s'y rattacher."))
    existing = ProfessionalRecord.objects.filter(episode=episode).first()
    if existing is not None:
        raise ValidationError(
            _("Cet épisode de service a déjà son dossier (dossier nº %(id)s).") % {"id": existing.pk}
        )


def _require_opening_consent(user: Any, student: Any) -> None:
    """A valid consent to evaluation or to follow-up services, for this profession's service."""
    from consents.queries import missing_for, missing_message
    from core.domains import domain_for_profession
    from core.models import ServiceDomain

    domain = ServiceDomain.objects.filter(code=domain_for_profession(user.profession)).first()
    if len(missing_for(student, OPENING_SCOPES, domain)) < len(OPENING_SCOPES):
        return  # one of the two is valid: enough
    message = missing_message(student, OPENING_SCOPES, domain)
    raise ValidationError(
        f"{message} "
        + _("Un consentement à l'évaluation ou aux services de suivi suffit pour ouvrir le dossier."),
        code="consent_missing",
    )


def open_record(
    user: Any,
    student: Any,
    *,
    mandate_origin: str,
    reasons: str,
    parent_name: str = "",
    episode: Any = None,
) -> ProfessionalRecord:
    """Open a record for a student the professional serves (caseload) or from their service episode."""
    from intake.models import MandateOrigin
    from students.models import Student

    if not user.has_perm("records.open", student):
        raise PermissionDenied
    if episode is not None:
        _check_episode(user, student, episode)
        mandate_origin = episode.request.mandate_origin
    if mandate_origin not in MandateOrigin.values:
        raise ValidationError(_("Indiquez l'origine du mandat : l'école ou la famille."))
    profile = record_profiles.profile_for(user.profession)
    reasons, parent_name = clean_text(reasons), clean_text(parent_name)
    errors = []
    if not reasons:
        errors.append(_("Décrivez brièvement les motifs de la consultation."))
    if record_profiles.PARENT_NAME in profile.required_fields(student.age()) and not parent_name:
        errors.append(
            _("%(rules)s : le nom du parent ou du tuteur est exigé pour un élève mineur.")
            % {"rules": profile.rules_label}
        )
    if len(reasons) > TEXT_MAX or len(parent_name) > SHORT_MAX:
        errors.append(_("Un des textes est trop long."))
    if errors:
        raise ValidationError(errors)
    _require_opening_consent(user, student)
    with transaction.atomic():
        Student.objects.select_for_update().filter(pk=student.pk).first()
        existing = ProfessionalRecord.objects.filter(
            professional=user, student=student, mandate_origin=mandate_origin, status=RecordStatus.OPEN
        ).first()
        if existing is not None:
            raise ValidationError(
                _(
                    "Vous avez déjà un dossier ouvert pour cet élève et ce mandat (dossier nº %(id)s) : "
                    "ajoutez-y vos notes plutôt que d'en ouvrir un autre."
                )
                % {"id": existing.pk},
                code="already_open",
            )
        try:
            with transaction.atomic():
                record = ProfessionalRecord.objects.create(
                    professional=user,
                    student=student,
                    profession=user.profession,
                    mandate_origin=mandate_origin,
                    episode=episode,
                    opened_by=user,
                    reasons=reasons,
                    parent_name=parent_name,
                )
        except IntegrityError:  # opened at the same instant in another tab
            raise ValidationError(_("Un dossier vient d'être ouvert pour cet élève et ce mandat.")) from None
        log_event(
            user,
            record,
            event="record_opened",
            student_id=student.pk,
            mandate_origin=mandate_origin,
            profession=user.profession,
            episode_id=getattr(episode, "pk", None),
        )
    return record


# --- Closing --------------------------------------------------------------------------------------


def close_record(user: Any, record: ProfessionalRecord, closing_note: str) -> ProfessionalRecord:
    """Close with a closing note; no draft may be left. The retention period starts from the last
    service (or today when no service was given). The caseload is intake's business, not ours."""
    if not user.has_perm("records.close", record):
        raise PermissionDenied
    note = clean_text(closing_note)
    if not note:
        raise ValidationError(
            _("La note de fermeture est obligatoire (règles de votre ordre professionnel).")
        )
    if len(note) > TEXT_MAX:
        raise ValidationError(_("La note de fermeture est trop longue."))
    with transaction.atomic():
        current = ProfessionalRecord.objects.select_for_update().get(pk=record.pk)
        if not current.is_open:
            raise ValidationError(_("Ce dossier est déjà fermé."))
        drafts = list(
            Entry.objects.filter(record=current, status=EntryStatus.DRAFT).order_by("service_date", "pk")
        )
        if drafts:
            listed = ", ".join(str(d) for d in drafts)
            raise ValidationError(
                _("Signez ou supprimez d'abord les brouillons de ce dossier : %(list)s.") % {"list": listed},
                code="drafts_left",
            )
        today = timezone.localdate()
        current.status = RecordStatus.CLOSED
        current.closed_at = timezone.now()
        current.closed_by = user
        current.closing_note = note
        current.retention_until = retention.retention_for(
            current.profession,
            current.last_service_on or today,
            settings.RECORD_RETENTION_BY_PROFESSION,
            settings.RECORD_RETENTION_YEARS,
        )
        current.save(update_fields=["status", "closed_at", "closed_by", "closing_note", "retention_until"])
        log_event(
            user,
            current,
            event="record_closed",
            student_id=current.student_id,
            retention_until=current.retention_until.isoformat(),
        )
    return current
