"""Transferring records when a professional leaves (domain notes §4): a named state change.

The coordinator of the service centre moves records to another professional of the same profession who
serves the student's school (directly or through its network), without reading them: the record's
holder changes, a RecordTransfer row and an audit event are written, the old professional's caseload for
the student ends and the new one's opens, and the open service episode linked to the record follows.
Entries, publications and shares are not touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from records.models import ProfessionalRecord, RecordStatus, RecordTransfer
from records.queries_sharing import transfer_targets

REASON_MAX = 200


def _move_caseload(student_id: int, from_id: int, to_id: int) -> None:
    from students.models import Caseload

    today = timezone.localdate()
    still_holds = ProfessionalRecord.objects.filter(
        professional_id=from_id, student_id=student_id, status=RecordStatus.OPEN
    ).exists()
    if not still_holds:  # another open record of theirs for this student keeps them serving
        for caseload in Caseload.objects.active().filter(professional_id=from_id, student_id=student_id):
            caseload.ended_on = today
            caseload.save(update_fields=["ended_on"])
    if not Caseload.objects.active().filter(professional_id=to_id, student_id=student_id).exists():
        Caseload.objects.create(professional_id=to_id, student_id=student_id, started_on=today)


def _move_episode(record: ProfessionalRecord, to_professional: Any) -> int | None:
    from intake.models import ServiceEpisode

    if record.episode_id is None:
        return None
    episode = ServiceEpisode.objects.select_for_update().filter(pk=record.episode_id).first()
    if episode is None or episode.closed_at is not None:
        return None
    episode.professional = to_professional
    episode.save(update_fields=["professional"])
    return episode.pk


def transfer_records(
    user: Any, records: Iterable[ProfessionalRecord], to_professional: Any, reason: str
) -> list[RecordTransfer]:
    """Move these records (all of one professional) to `to_professional`; all or nothing."""
    chosen = list(records)
    reason = (reason or "").strip()
    if not chosen:
        raise ValidationError(_("Cochez au moins un dossier à transférer."))
    holders = {r.professional_id for r in chosen}
    if len(holders) != 1:
        raise ValidationError(
            _("Transférez les dossiers d'un seul professionnel ou d'une seule professionnelle à la fois.")
        )
    from_professional = chosen[0].professional
    if not user.has_perm("records.transfer_from", from_professional):
        raise PermissionDenied
    if not reason:
        raise ValidationError(_("Indiquez le motif du transfert (par exemple : départ à la retraite)."))
    if len(reason) > REASON_MAX:
        raise ValidationError(_("Le motif du transfert : %(max)s caractères au plus.") % {"max": REASON_MAX})
    if to_professional is None:
        raise ValidationError(_("Choisissez le ou la professionnel·le qui reprend les dossiers."))
    with transaction.atomic():
        locked = list(
            ProfessionalRecord.objects.select_for_update(of=("self",))
            .select_related("student__school")
            .filter(pk__in=[r.pk for r in chosen], professional=from_professional)
            .order_by("pk")
        )
        if len(locked) != len(chosen):
            raise ValidationError(
                _("Un des dossiers a changé de responsable entre-temps : rechargez la page.")
            )
        refused = [r for r in locked if not transfer_targets(user, r).filter(pk=to_professional.pk).exists()]
        if refused:
            names = ", ".join(sorted(r.student.full_name for r in refused))
            raise ValidationError(
                _(
                    "%(name)s ne peut pas reprendre le dossier de : %(students)s. Il faut la même profession "
                    "et desservir l'école de l'élève."
                )
                % {"name": to_professional.get_full_name() or to_professional.username, "students": names}
            )
        clash = [
            r
            for r in locked
            if r.status == RecordStatus.OPEN
            and ProfessionalRecord.objects.filter(
                professional=to_professional,
                student_id=r.student_id,
                mandate_origin=r.mandate_origin,
                status=RecordStatus.OPEN,
            ).exists()
        ]
        if clash:
            names = ", ".join(sorted(r.student.full_name for r in clash))
            raise ValidationError(
                _(
                    "%(name)s a déjà un dossier ouvert pour le même mandat : %(students)s. Transférez les "
                    "autres dossiers, puis réglez ceux-là avec les professionnels concernés."
                )
                % {"name": to_professional.get_full_name() or to_professional.username, "students": names}
            )
        transfers = []
        for record in locked:
            record.professional = to_professional
            record.save(update_fields=["professional"])
            transfer = RecordTransfer.objects.create(
                record=record,
                from_professional=from_professional,
                to_professional=to_professional,
                transferred_by=user,
                reason=reason,
            )
            _move_caseload(record.student_id, from_professional.pk, to_professional.pk)
            episode_id = _move_episode(record, to_professional)
            log_event(
                user,
                record,
                event="record_transferred",
                transfer_id=transfer.pk,
                student_id=record.student_id,
                from_professional_id=from_professional.pk,
                to_professional_id=to_professional.pk,
                episode_id=episode_id,
            )
            transfers.append(transfer)
    return transfers
