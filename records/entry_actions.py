"""Named state changes of entries: drafts, signature, corrections (re-exported by records.actions).

A signed entry never changes (docs/adr/0008): a correction is a new entry pointing to the one it corrects.
The correction starts as a draft, like every entry, and is signed by its author when it is right; the
original is shown as « corrigée » once its correction is signed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from lib import record_profiles
from records.models import Entry, EntryModality, EntryStatus, ProfessionalRecord

TEXT_MAX = 20_000
SHORT_MAX = 500
DURATION_MAX = 600


def signed_message() -> str:
    return _(
        "Cette entrée est signée : elle ne peut plus être modifiée ni supprimée. Ajoutez une correction."
    )


def clean_text(value: str) -> str:
    """Line ends as \\n and Unicode composed (NFC): what is stored is what the signature covers."""
    return unicodedata.normalize("NFC", (value or "").replace("\r\n", "\n").replace("\r", "\n")).strip()


# --- Entries --------------------------------------------------------------------------------------


def _entry_fields(record: ProfessionalRecord, data: dict[str, Any]) -> dict[str, Any]:
    """Validated entry fields (French messages, all problems at once)."""
    profile = record_profiles.profile_for(record.profession)
    kind = data.get("kind") or ""
    service_date = data.get("service_date")
    modality = data.get("modality") or ""
    location = clean_text(data.get("student_location") or "")
    text = clean_text(data.get("text") or "")
    duration = data.get("duration_minutes")
    errors = []
    if not profile.offers(kind):
        errors.append(
            _("Ce type d'entrée n'est pas prévu par les règles de votre ordre (%(rules)s).")
            % {"rules": profile.rules_label}
        )
    if not isinstance(service_date, dt.date):
        errors.append(_("Indiquez la date du service."))
    elif service_date > timezone.localdate():
        errors.append(_("La date du service ne peut pas être dans le futur."))
    if modality and modality not in EntryModality.values:
        errors.append(_("Modalité inconnue."))
    if modality == EntryModality.TELEPRACTICE and not location:
        errors.append(
            _(
                "En télépratique, indiquez où se trouvait l'élève pendant la rencontre "
                "(par exemple : à la maison)."
            )
        )
    if duration is not None and not (0 < int(duration) <= DURATION_MAX):
        errors.append(_("La durée doit être entre 1 et %(max)s minutes.") % {"max": DURATION_MAX})
    if not text:
        errors.append(_("Le texte de l'entrée est vide."))
    if len(text) > TEXT_MAX or len(location) > SHORT_MAX:
        errors.append(_("Le texte est trop long (%(max)s caractères au plus).") % {"max": TEXT_MAX})
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "service_date": service_date,
        "modality": modality,
        "student_location": location,
        "text": text,
        "duration_minutes": duration,
    }


def create_entry(user: Any, record: ProfessionalRecord, **data: Any) -> Entry:
    """A new draft entry in the record (kind, service_date, text, modality, duration_minutes,
    student_location)."""
    if not user.has_perm("records.write", record):
        raise PermissionDenied
    fields = _entry_fields(record, data)
    with transaction.atomic():
        entry = Entry.objects.create(record=record, author=user, **fields)
        log_event(user, entry, event="entry_created", record_id=record.pk, kind=entry.kind)
    return entry


def _locked_draft(user: Any, entry: Entry) -> Entry:
    """The entry re-read under lock; a French refusal when it was signed meanwhile."""
    current = Entry.objects.select_for_update().select_related("record").get(pk=entry.pk)
    if current.status == EntryStatus.SIGNED:
        raise ValidationError(signed_message())
    if not user.has_perm("records.edit_draft", current):
        raise PermissionDenied
    return current


def _refuse_signed(entry: Entry) -> None:
    if entry.status == EntryStatus.SIGNED:
        raise ValidationError(signed_message())


def update_draft(user: Any, entry: Entry, **data: Any) -> Entry:
    _refuse_signed(entry)
    if not user.has_perm("records.edit_draft", entry):
        raise PermissionDenied
    with transaction.atomic():
        current = _locked_draft(user, entry)
        fields = _entry_fields(current.record, {"kind": current.kind, **data})
        if current.corrects_id is not None:  # a correction keeps the kind and date of what it corrects
            fields["kind"], fields["service_date"] = current.kind, current.service_date
        for name, value in fields.items():
            setattr(current, name, value)
        current.updated_at = timezone.now()
        current.save(update_fields=[*fields, "updated_at"])
        log_event(user, current, event="entry_draft_updated", record_id=current.record_id)
    return current


def delete_draft(user: Any, entry: Entry) -> None:
    _refuse_signed(entry)
    if not user.has_perm("records.edit_draft", entry):
        raise PermissionDenied
    with transaction.atomic():
        current = _locked_draft(user, entry)
        log_event(user, current.record, event="entry_draft_deleted", entry_id=current.pk)
        for attachment in current.attachments.all():
            attachment.delete()
        current.delete()


def canonical_form(entry: Entry, attachment_hashes: list[str]) -> bytes:
    """What the signature covers: kind, date, text and the student's location (plus modality, duration,
    the corrected entry and the attachments' SHA-256), as sorted compact JSON in UTF-8."""
    data = {
        "kind": entry.kind,
        "service_date": entry.service_date.isoformat(),
        "text": clean_text(entry.text),
        "student_location": clean_text(entry.student_location),
        "modality": entry.modality,
        "duration_minutes": entry.duration_minutes,
        "corrects": entry.corrects_id,
        "attachments": sorted(attachment_hashes),
    }
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def signature_of(entry: Entry) -> str:
    hashes = list(entry.attachments.values_list("sha256", flat=True))
    return hashlib.sha256(canonical_form(entry, hashes)).hexdigest()


def signature_holds(entry: Entry) -> bool:
    """Whether a signed entry still matches its signature (integrity check for display and audits)."""
    return entry.is_signed and signature_of(entry) == entry.signature_sha256


def sign_entry(user: Any, entry: Entry) -> Entry:
    """Sign a draft: from now on it never changes. A direct service moves the record's last service."""
    _refuse_signed(entry)
    if not user.has_perm("records.sign", entry):
        raise PermissionDenied
    with transaction.atomic():
        current = _locked_draft(user, entry)
        _entry_fields(current.record, current.__dict__)  # still complete (telepractice location, text)
        current.status = EntryStatus.SIGNED
        current.signed_at = timezone.now()
        current.signature_sha256 = signature_of(current)
        current.save(update_fields=["status", "signed_at", "signature_sha256"])
        record = ProfessionalRecord.objects.select_for_update().get(pk=current.record_id)
        if record_profiles.moves_last_service(current.kind) and (
            record.last_service_on is None or current.service_date > record.last_service_on
        ):
            record.last_service_on = current.service_date
            record.save(update_fields=["last_service_on"])
        log_event(
            user,
            current,
            event="entry_signed",
            record_id=current.record_id,
            sha256=current.signature_sha256,
            corrects=current.corrects_id,
        )
    return current


def correct_entry(user: Any, entry: Entry, *, text: str, student_location: str | None = None) -> Entry:
    """A draft correction of a signed entry (same kind, date and modality); the original stays as is."""
    entry = Entry.objects.select_related("record").get(pk=entry.pk)  # its state now, not the caller's copy
    if entry.status != EntryStatus.SIGNED:
        raise ValidationError(_("Seule une entrée signée se corrige ; un brouillon se modifie directement."))
    if not user.has_perm("records.correct", entry):
        raise PermissionDenied
    pending = Entry.objects.filter(corrects=entry, status=EntryStatus.DRAFT).first()
    if pending is not None:
        raise ValidationError(
            _("Une correction de cette entrée attend déjà votre signature (entrée nº %(id)s).")
            % {"id": pending.pk}
        )
    location = entry.student_location if student_location is None else student_location
    data = {
        "kind": entry.kind,
        "service_date": entry.service_date,
        "modality": entry.modality,
        "duration_minutes": entry.duration_minutes,
        "student_location": location,
        "text": text,
    }
    fields = _entry_fields(entry.record, data)
    with transaction.atomic():
        correction = Entry.objects.create(record=entry.record, author=user, corrects=entry, **fields)
        log_event(
            user, correction, event="entry_correction_created", record_id=entry.record_id, corrects=entry.pk
        )
    return correction
