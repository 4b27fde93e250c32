"""Named state changes of access requests (A-2.1, art. 83 to 98): registering a request, extending its
deadline once (art. 98), preparing the requester's readable copy, answering.

The copy is produced *as the requester* (`students.copy.parts_for`: each capability's provider decides what
this guardian or this student may receive), then offered to them in their portal, where every read is
audited. The privacy officer gets its manifest (parts, item counts) and its SHA-256 digest, never its
content: the officer handles the request, not the file."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from lib import access_deadlines
from privacy.models import AccessRequest, Decision, RequesterCapacity, RequestStatus
from students import copy as student_copy


def _require(user: Any, request: AccessRequest | None = None) -> None:
    if not user.has_perm("privacy.manage"):
        raise PermissionDenied
    if request is not None and request.centre_id != user.centre_id:
        raise PermissionDenied


@dataclass(frozen=True)
class RequestData:
    student: Any
    requester_name: str
    requester_capacity: str
    received_on: dt.date
    requester_user: Any = None
    details: str = ""


def register_request(user: Any, data: RequestData) -> AccessRequest:
    _require(user)
    errors = []
    if data.student is None or data.student.school.centre_id != user.centre_id:
        errors.append(_("Choisissez un élève de votre centre de services."))
    if not data.requester_name.strip():
        errors.append(_("Indiquez le nom de la personne qui fait la demande."))
    if data.requester_capacity not in RequesterCapacity.values:
        errors.append(_("Choisissez la qualité de la personne qui fait la demande."))
    if data.received_on > timezone.localdate():
        errors.append(_("La date de réception ne peut pas être dans le futur."))
    if (
        data.requester_user is not None
        and data.student is not None
        and student_copy.copy_reason(data.requester_user, data.student) is None
    ):
        errors.append(
            _(
                "Ce compte du portail ne peut pas recevoir la copie de cet élève (parent sans autorité "
                "parentale, élève de moins de 14 ans ou compte sans lien avec l'élève)."
            )
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = AccessRequest.objects.create(
            centre_id=user.centre_id,
            student=data.student,
            requester_name=data.requester_name.strip(),
            requester_capacity=data.requester_capacity,
            requester_user=data.requester_user,
            received_on=data.received_on,
            details=data.details.strip(),
            created_by=user,
        )
        log_event(user, request, event="access_request_registered", student_id=data.student.pk)
    return request


def _locked(request: AccessRequest) -> AccessRequest:
    current = AccessRequest.objects.select_for_update().get(pk=request.pk)
    if current.status == RequestStatus.ANSWERED:
        raise ValidationError(_("Cette demande est déjà répondue."))
    return current


def extend_request(user: Any, request: AccessRequest, notice_on: dt.date) -> AccessRequest:
    """The deadline moves by 10 days, once, with the notice sent to the requester before the 20 days end."""
    _require(user, request)
    today = timezone.localdate()
    with transaction.atomic():
        current = _locked(request)
        refusal = access_deadlines.may_extend(current.received_on, today, already=current.extended)
        if refusal:
            raise ValidationError(refusal)
        first_due = access_deadlines.due_on(current.received_on, extended=False)
        if notice_on > today or notice_on < current.received_on or notice_on > first_due:
            raise ValidationError(
                _(
                    "L'avis de prolongation est daté entre la réception et le %(date)s, sans dépasser "
                    "aujourd'hui."
                )
                % {"date": first_due.isoformat()}
            )
        current.extended = True
        current.extension_notice_on = notice_on
        current.status = RequestStatus.IN_PROGRESS
        current.save(update_fields=["extended", "extension_notice_on", "status"])
        log_event(user, current, event="access_request_extended", due_on=current.due_on.isoformat())
    return current


def prepare_copy(user: Any, request: AccessRequest) -> AccessRequest:
    """The requester's readable copy, produced as they would receive it, offered in their portal (an e-mail
    says where, without the student's name). Kept: its manifest and digest, never its content."""
    _require(user, request)
    requester = request.requester_user
    if requester is None:
        raise ValidationError(
            _("La copie se prépare pour un compte du portail : associez d'abord le compte du demandeur.")
        )
    student = request.student
    if student_copy.copy_reason(requester, student) is None:
        raise ValidationError(
            _(
                "Ce compte ne peut plus recevoir la copie de cet élève : vérifiez l'autorité parentale "
                "ou l'âge."
            )
        )
    with transaction.atomic():
        current = _locked(request)
        now = timezone.now()
        parts = student_copy.parts_for(requester, student)
        copy = student_copy.ReadableCopy(
            student=student,
            requester=requester,
            reason=str(student_copy.copy_reason(requester, student)),
            parts=parts,
            generated_at=now,
        )
        body = json.dumps(copy.as_json(), sort_keys=True, ensure_ascii=False)
        current.copy_manifest = [{"key": p.key, "title": str(p.title), "items": len(p.items)} for p in parts]
        current.copy_sha256 = hashlib.sha256(body.encode("utf-8")).hexdigest()
        current.copy_produced_at = now
        current.status = RequestStatus.IN_PROGRESS
        current.save(update_fields=["copy_manifest", "copy_sha256", "copy_produced_at", "status"])
        keys = [p.key for p in parts]
        log_event(user, current, event="access_request_copy_prepared", parts=keys, sha256=current.copy_sha256)
        log_event(user, student, event="readable_copy_prepared", access_request_id=current.pk, parts=keys)
        email, pk = requester.email, student.pk
        if email:
            transaction.on_commit(lambda: _notify_requester(email, pk))
    return current


def _notify_requester(email: str, student_id: int) -> None:
    send_mail(
        subject="[Élève 360] Votre demande d'accès : la copie est prête",
        message=(
            "La copie des renseignements que vous avez demandée est prête. Elle vous attend dans le portail "
            f"Élève 360, après connexion : {reverse('students:copy', args=[student_id])}\n"
            "Le responsable de la protection des renseignements personnels ne l'a pas consultée.\n"
        ),
        from_email=None,
        recipient_list=[email],
    )


def answer_request(
    user: Any, request: AccessRequest, *, decision: str, note: str, answered_on: dt.date
) -> AccessRequest:
    """The answer: its decision and date; a refusal (even partial) gives its reasons (art. 100)."""
    _require(user, request)
    note = (note or "").strip()
    errors = []
    if decision not in Decision.values:
        errors.append(_("Choisissez la décision."))
    if decision in (Decision.REFUSED, Decision.PARTIAL) and len(note) < 10:
        errors.append(
            _("Un refus, même partiel, est motivé : écrivez les motifs et les dispositions invoquées.")
        )
    if answered_on > timezone.localdate() or answered_on < request.received_on:
        errors.append(_("La date de la réponse est entre la réception et aujourd'hui."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = _locked(request)
        if decision in (Decision.GRANTED, Decision.PARTIAL) and current.copy_produced_at is None:
            raise ValidationError(
                _("Préparez d'abord la copie des renseignements : l'accès accordé la remet au demandeur.")
            )
        current.status = RequestStatus.ANSWERED
        current.decision = decision
        current.decision_note = note
        current.answered_on = answered_on
        current.save(update_fields=["status", "decision", "decision_note", "answered_on"])
        late = answered_on > current.due_on
        log_event(user, current, event="access_request_answered", decision=decision, late=late)
    return current
