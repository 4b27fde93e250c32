"""The kinds of records the retention schedule governs, each with what starts its clock, how to find the
items due and how to destroy one (`privacy.destroyers`). A future capability adds its kind with
`register_kind(Kind(...))`; the PIA page shows every rule.

Professional records keep the rule of their order (`records`: retention_until computed at closing from
RECORD_RETENTION_*); every other kind reads settings.RETENTION_SCHEDULE."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Max, Q
from django.utils.translation import gettext_lazy as _

from lib import retention_schedule
from lib.retention import add_years
from lib.retention_schedule import Rule


@dataclass(frozen=True)
class Due:
    kind: str
    object_id: int
    student_id: int | None
    due_on: dt.date
    rule: str
    count: int = 1


@dataclass(frozen=True)
class Kind:
    key: str
    label: Any  # lazy translation
    starts: Any  # what starts the clock (lazy translation)
    collect: Callable[[Any, dt.date], Iterable[Due]]  # (centre, as_of) -> items due
    destroy: Callable[[int], bool]  # object id -> False when it was already gone
    student_of: Callable[[int], int | None]  # object id -> student id (for legal holds)


_kinds: dict[str, Kind] = {}


def register_kind(kind: Kind) -> Kind:
    _kinds[kind.key] = kind
    return kind


def kinds() -> dict[str, Kind]:
    if not _kinds:
        from privacy import destroyers

        destroyers.register_all()
    return _kinds


def rules() -> dict[str, Rule]:
    return retention_schedule.parse(settings.RETENTION_SCHEDULE)


def rule_label(rule: Rule) -> str:
    return f"{rule.code} ({rule.years} ans)" if rule.code else f"{rule.years} ans"


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        return timezone.localtime(value).date()
    return value


def due_items(kind: str, rows: Iterable[tuple[int, int | None, Any]], as_of: dt.date) -> list[Due]:
    """(id, student id, clock start) rows → the items whose retention under the schedule ended."""
    rule = rules()[kind]
    found = []
    for pk, student_id, start in rows:
        clock = _date(start)
        if clock is not None and rule.is_due(clock, as_of):
            found.append(Due(kind, pk, student_id, rule.due_on(clock), rule_label(rule)))
    return found


def cutoff(kind: str, as_of: dt.date) -> dt.date:
    """The latest clock start that is due on `as_of` (for querying before filtering exactly)."""
    return add_years(as_of, -rules()[kind].years)


# --- Collectors -----------------------------------------------------------------------------------------


def records_due(centre: Any, as_of: dt.date) -> list[Due]:
    from records.models import ProfessionalRecord, RecordStatus

    qs = ProfessionalRecord.objects.filter(
        student__school__centre=centre, status=RecordStatus.CLOSED, retention_until__lt=as_of
    ).values_list("pk", "student_id", "retention_until", "profession")
    by_profession = settings.RECORD_RETENTION_BY_PROFESSION
    return [
        Due(
            "professional_record",
            pk,
            student_id,
            until + dt.timedelta(days=1),
            f"RECORD_RETENTION_{profession.upper()} "
            f"({by_profession.get(profession, settings.RECORD_RETENTION_YEARS)} ans)",
        )
        for pk, student_id, until, profession in qs
        if until is not None
    ]


def consents_due(centre: Any, as_of: dt.date) -> list[Due]:
    """Revoked or expired consents, kept N years after they ended, unless a record share still rests on
    them (the share goes with its record first)."""
    from consents.models import Consent

    limit = cutoff("consent", as_of)
    qs = (
        Consent.objects.filter(student__school__centre=centre, record_shares__isnull=True)
        .filter(Q(revoked_at__date__lte=limit) | Q(revoked_at__isnull=True, expires_on__lte=limit))
        .values_list("pk", "student_id", "revoked_at", "expires_on")
    )
    return due_items("consent", ((pk, s, revoked or expires) for pk, s, revoked, expires in qs), as_of)


def consent_requests_due(centre: Any, as_of: dt.date) -> list[Due]:
    from consents.models import ConsentRequest

    qs = ConsentRequest.objects.filter(
        student__school__centre=centre,
        status=ConsentRequest.Status.CANCELLED,
        closed_at__date__lte=cutoff("consent_request", as_of),
    ).values_list("pk", "student_id", "closed_at")
    return due_items("consent_request", qs, as_of)


def documents_due(centre: Any, as_of: dt.date) -> list[Due]:
    from documents.models import Document

    limit = cutoff("document", as_of)
    qs = (
        Document.objects.filter(student__school__centre=centre)
        .filter(Q(withdrawn_at__date__lte=limit) | Q(withdrawn_at__isnull=True, uploaded_at__date__lte=limit))
        .values_list("pk", "student_id", "withdrawn_at", "uploaded_at")
    )
    return due_items("document", ((pk, s, w or u) for pk, s, w, u in qs), as_of)


def plans_due(centre: Any, as_of: dt.date) -> list[Due]:
    from plans.models import InterventionPlan, PlanStatus

    qs = InterventionPlan.objects.filter(
        student__school__centre=centre,
        status=PlanStatus.CLOSED,
        closed_at__date__lte=cutoff("plan", as_of),
    ).values_list("pk", "student_id", "closed_at")
    return due_items("plan", qs, as_of)


def service_requests_due(centre: Any, as_of: dt.date) -> list[Due]:
    """Closed requests; one whose episode still has a professional record waits for the record."""
    from intake.models import OPEN_STATUSES, ServiceRequest

    qs = (
        ServiceRequest.objects.filter(
            student__school__centre=centre, closed_at__date__lte=cutoff("service_request", as_of)
        )
        .exclude(status__in=OPEN_STATUSES)
        .exclude(episode__record__isnull=False)
        .values_list("pk", "student_id", "closed_at")
    )
    return due_items("service_request", qs, as_of)


def access_requests_due(centre: Any, as_of: dt.date) -> list[Due]:
    from privacy.models import AccessRequest, RequestStatus

    qs = AccessRequest.objects.filter(
        centre=centre, status=RequestStatus.ANSWERED, answered_on__lte=cutoff("access_request", as_of)
    ).values_list("pk", "student_id", "answered_on")
    return due_items("access_request", qs, as_of)


def audit_due(centre: Any, as_of: dt.date) -> list[Due]:
    """Audit entries older than the schedule, as one batch (the oldest entries, up to the highest id due):
    deleting a prefix keeps the rest of the trail intact. The audit is the platform's, not one centre's:
    it is listed only for a centre that holds the oldest staff."""
    from auditlog.models import LogEntry

    rule = rules()["audit_entry"]
    limit = add_years(as_of, -rule.years) - dt.timedelta(days=1)
    old = LogEntry.objects.filter(timestamp__date__lte=limit)
    summary = old.aggregate(top=Max("pk"))
    if summary["top"] is None:
        return []
    count = LogEntry.objects.filter(pk__lte=summary["top"]).count()
    return [Due("audit_entry", summary["top"], None, rule.due_on(limit), rule_label(rule), count=count)]


LABELS = {
    "professional_record": (_("Dossier professionnel"), _("dernier service, selon l'ordre professionnel")),
    "consent": (_("Consentement"), _("révocation ou échéance du consentement")),
    "consent_request": (_("Demande de consentement annulée"), _("annulation de la demande")),
    "document": (_("Document"), _("retrait du document, sinon son dépôt")),
    "plan": (_("Plan d'intervention"), _("fermeture du plan")),
    "service_request": (_("Demande de service"), _("fermeture de la demande")),
    "access_request": (_("Demande d'accès"), _("réponse à la demande")),
    "audit_entry": (_("Entrées du journal d'audit"), _("date de l'entrée")),
}
