"""How each kind of record is destroyed: the row, its encrypted content and the rows that exist only for it,
deleted from the database in one transaction, with auditlog's own change rows switched off (they would
copy the deleted values into the audit); the destruction run's items are the log (`privacy.retention`).

Signed entries of a professional record are never deleted one by one (docs/adr/0008): the whole record
goes at the end of its retention, through this module only."""

from __future__ import annotations

from collections.abc import Callable

from auditlog.context import disable_auditlog
from django.db import transaction

from core.audit import prune_entries
from privacy.schedule import (
    LABELS,
    Kind,
    access_requests_due,
    audit_due,
    consent_requests_due,
    consents_due,
    documents_due,
    plans_due,
    records_due,
    register_kind,
    service_requests_due,
)


def _student(model: type, pk: int) -> int | None:
    return model.objects.filter(pk=pk).values_list("student_id", flat=True).first()  # type: ignore[attr-defined]


def destroy_record(pk: int) -> bool:
    from records.models import (
        Entry,
        EntryAttachment,
        ProfessionalRecord,
        Publication,
        RecordShare,
        RecordTransfer,
    )

    with transaction.atomic(), disable_auditlog():
        record = ProfessionalRecord.objects.select_for_update().filter(pk=pk).first()
        if record is None:
            return False
        EntryAttachment.objects.filter(entry__record=record).delete()
        Entry.objects.filter(record=record).update(corrects=None)
        Entry.objects.filter(record=record).delete()
        Publication.objects.filter(record=record).delete()
        RecordShare.objects.filter(record=record).delete()
        RecordTransfer.objects.filter(record=record).delete()
        ProfessionalRecord.objects.filter(pk=pk).delete()
    return True


def destroy_consent(pk: int) -> bool:
    from consents.models import Consent, ConsentDocument, ConsentRequest

    with transaction.atomic(), disable_auditlog():
        consent = Consent.objects.select_for_update().filter(pk=pk).first()
        if consent is None:
            return False
        ConsentDocument.objects.filter(consent=consent).delete()
        request_id = consent.request_id
        Consent.objects.filter(pk=pk).delete()
        if request_id is not None:
            ConsentRequest.objects.filter(pk=request_id).delete()
    return True


def destroy_consent_request(pk: int) -> bool:
    from consents.models import ConsentRequest

    with transaction.atomic(), disable_auditlog():
        deleted, _ = ConsentRequest.objects.filter(pk=pk, consent__isnull=True).delete()
    return deleted > 0


def destroy_document(pk: int) -> bool:
    from documents.models import Document, DocumentContent

    with transaction.atomic(), disable_auditlog():
        DocumentContent.objects.filter(document_id=pk).delete()
        deleted, _ = Document.objects.filter(pk=pk).delete()
    return deleted > 0


def destroy_plan(pk: int) -> bool:
    from plans.models import InterventionPlan

    with transaction.atomic(), disable_auditlog():
        deleted, _ = InterventionPlan.objects.filter(pk=pk).delete()  # needs, objectives, means… cascade
    return deleted > 0


def destroy_service_request(pk: int) -> bool:
    from intake.models import ServiceEpisode, ServiceRequest

    with transaction.atomic(), disable_auditlog():
        ServiceEpisode.objects.filter(request_id=pk, record__isnull=True).delete()
        deleted, _ = ServiceRequest.objects.filter(pk=pk).delete()  # its events cascade
    return deleted > 0


def destroy_access_request(pk: int) -> bool:
    from privacy.models import AccessRequest

    with transaction.atomic(), disable_auditlog():
        deleted, _ = AccessRequest.objects.filter(pk=pk).delete()
    return deleted > 0


def destroy_audit(top: int) -> bool:
    with transaction.atomic():
        deleted = prune_entries(top)
    return deleted > 0


def _model_student(label: str) -> Callable[[int], int | None]:
    def student_of(pk: int) -> int | None:
        from django.apps import apps

        return _student(apps.get_model(label), pk)

    return student_of


def register_all() -> None:
    for key, collect, destroy, label in (
        ("professional_record", records_due, destroy_record, "records.ProfessionalRecord"),
        ("consent", consents_due, destroy_consent, "consents.Consent"),
        ("consent_request", consent_requests_due, destroy_consent_request, "consents.ConsentRequest"),
        ("document", documents_due, destroy_document, "documents.Document"),
        ("plan", plans_due, destroy_plan, "plans.InterventionPlan"),
        ("service_request", service_requests_due, destroy_service_request, "intake.ServiceRequest"),
        ("access_request", access_requests_due, destroy_access_request, "privacy.AccessRequest"),
    ):
        name, starts = LABELS[key]
        register_kind(Kind(key, name, starts, collect, destroy, _model_student(label)))
    name, starts = LABELS["audit_entry"]
    register_kind(Kind("audit_entry", name, starts, audit_due, destroy_audit, lambda pk: None))
