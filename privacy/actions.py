"""Named state changes of the privacy registers (permission, change, audit row, one transaction).

`record_communication` is the one entry point for every capability through which personal information
leaves without the person's consent (A-2.1, art. 67.3): call it inside the transaction that makes the
communication, so that the register and the communication stand or fall together.

Incidents: `privacy.actions_incidents`; access requests: `privacy.actions_requests`; destruction runs:
`privacy.retention`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from privacy.models import Communication, LegalBasis, LegalHold
from privacy.schedule import kinds


def record_communication(
    *,
    actor: Any,
    recipient: str,
    purpose: str,
    legal_basis: str,
    information: str,
    centre: Any = None,
    student: Any = None,
    persons_count: int = 1,
    communicated_on: dt.date | None = None,
    outside_quebec: bool = False,
    legal_basis_detail: str = "",
    source: str = "manual",
    source_ref: str = "",
) -> Communication:
    """Write one entry of the register of communications made without consent and its audit event.

    `actor` is who communicates (the register's "who"); `centre` defaults to the actor's, else the
    student's. `legal_basis` is a `LegalBasis` value. The caller has already checked that `actor` may make
    the communication; this function checks the entry is complete and raises ValidationError (French)
    otherwise. The audit event names the entry, never the recipient or the information.
    """
    centre_id: Any = getattr(centre, "pk", centre) or getattr(actor, "centre_id", None)
    if centre_id is None and student is not None:
        centre_id = student.school.centre_id
    fields = {
        "recipient": (recipient or "").strip(),
        "purpose": (purpose or "").strip(),
        "information": (information or "").strip(),
        "legal_basis_detail": (legal_basis_detail or "").strip(),
    }
    errors = []
    if centre_id is None:
        errors.append(_("Le centre de services de la communication est inconnu."))
    if not fields["recipient"]:
        errors.append(_("Indiquez la personne ou l'organisme qui reçoit les renseignements."))
    if not fields["purpose"]:
        errors.append(_("Indiquez la fin pour laquelle les renseignements sont communiqués."))
    if not fields["information"]:
        errors.append(_("Indiquez la nature ou le type des renseignements communiqués."))
    if legal_basis not in LegalBasis.values:
        errors.append(_("Choisissez la disposition de la loi qui permet la communication."))
    elif legal_basis == LegalBasis.OTHER and not fields["legal_basis_detail"]:
        errors.append(_("Précisez la disposition de la loi qui permet la communication."))
    if persons_count < 1:
        errors.append(_("Le nombre de personnes concernées est d'au moins 1."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        entry = Communication.objects.create(
            centre_id=centre_id,
            communicated_on=communicated_on or timezone.localdate(),
            legal_basis=legal_basis,
            outside_quebec=outside_quebec,
            student=student,
            persons_count=persons_count,
            source=source,
            source_ref=source_ref[:100],
            recorded_by=actor,
            **fields,
        )
        log_event(actor, entry, event="communication_recorded", source=source, legal_basis=legal_basis)
    return entry


@dataclass(frozen=True)
class CommunicationData:
    communicated_on: dt.date
    recipient: str
    purpose: str
    legal_basis: str
    legal_basis_detail: str
    information: str
    outside_quebec: bool
    persons_count: int
    student: Any = None


def add_communication(user: Any, data: CommunicationData) -> Communication:
    """The privacy officer writes a communication made outside the platform (police, DPJ, a coroner)."""
    if not user.has_perm("privacy.manage"):
        raise PermissionDenied
    if data.student is not None and data.student.school.centre_id != user.centre_id:
        raise ValidationError(_("Cet élève n'est pas de votre centre de services."))
    if data.communicated_on > timezone.localdate():
        raise ValidationError(_("La date de la communication ne peut pas être dans le futur."))
    return record_communication(
        actor=user,
        centre=user.centre_id,
        recipient=data.recipient,
        purpose=data.purpose,
        legal_basis=data.legal_basis,
        legal_basis_detail=data.legal_basis_detail,
        information=data.information,
        outside_quebec=data.outside_quebec,
        persons_count=data.persons_count,
        communicated_on=data.communicated_on,
        student=data.student,
        source="manual",
    )


# --- Legal holds ------------------------------------------------------------------------------------------


def place_hold(
    user: Any, *, reason: str, student: Any = None, kind: str = "", object_id: int | None = None
) -> LegalHold:
    """Suspend destruction for a student (everything about them) or for one item (kind + number)."""
    if not user.has_perm("privacy.manage"):
        raise PermissionDenied
    reason = (reason or "").strip()
    errors = []
    if len(reason) < 10:
        errors.append(_("Écrivez le motif de la suspension (au moins 10 caractères)."))
    if student is None and not (kind and object_id):
        errors.append(_("Choisissez un élève, ou un type de document et son numéro."))
    if kind and kind not in kinds():
        errors.append(_("Ce type de document n'est pas au calendrier de conservation."))
    if student is not None and student.school.centre_id != user.centre_id:
        errors.append(_("Cet élève n'est pas de votre centre de services."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        hold = LegalHold.objects.create(
            centre_id=user.centre_id,
            student=student,
            kind=kind if student is None else "",
            object_id=object_id if student is None else None,
            reason=reason,
            placed_by=user,
        )
        log_event(user, hold, event="legal_hold_placed", student_id=getattr(student, "pk", None), kind=kind)
    return hold


def release_hold(user: Any, hold: LegalHold, reason: str) -> LegalHold:
    if not user.has_perm("privacy.manage") or hold.centre_id != user.centre_id:
        raise PermissionDenied
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError(_("Écrivez pourquoi la suspension est levée (au moins 10 caractères)."))
    with transaction.atomic():
        current = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if current.released_at is not None:
            raise ValidationError(_("Cette suspension est déjà levée."))
        current.released_at = timezone.now()
        current.released_by = user
        current.release_reason = reason
        current.save(update_fields=["released_at", "released_by", "release_reason"])
        log_event(user, current, event="legal_hold_released")
    return current
