"""Named state changes of a service request. Each checks permission, changes the request under a row
lock with an expected version (two coordinators at once: one wins, the other gets a clear message),
writes the history row and the audit row, and schedules the e-mails on commit — in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import DateTimeField, F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from consents.actions import require
from core.audit import log_event
from core.models import ServiceDomain, User
from intake import notifications
from intake.config import settings_for
from intake.consent_status import start_scopes
from intake.models import (
    OPEN_STATUSES,
    MandateOrigin,
    RequestEvent,
    ServiceEpisode,
    ServiceRequest,
    Status,
)
from lib.priority import DEFAULT_WEIGHTS, PriorityInput, compute_priority
from students.models import Caseload, Student


class ConflictError(Exception):
    """Someone else changed the request first; the message says who and what to do."""


@dataclass(frozen=True)
class RequestData:
    reasons: list[str]
    details: str
    already_tried: str
    tried_weeks: int
    tier: int
    urgency: str
    schooling_impact: str
    availability: str
    modality: str
    mandate_origin: str


def open_request_for(student: Student, domain: ServiceDomain) -> ServiceRequest | None:
    return ServiceRequest.objects.filter(student=student, domain=domain, status__in=OPEN_STATUSES).first()


def duplicate_message(existing: ServiceRequest) -> str:
    return _(
        "Une demande en %(domain)s est déjà ouverte pour cet élève : demande nº %(id)s du %(date)s "
        "(%(status)s). Complétez-la plutôt que d'en ouvrir une deuxième."
    ) % {
        "domain": existing.domain.name.lower(),
        "id": existing.pk,
        "date": date_format(timezone.localtime(existing.created_at).date(), "SHORT_DATE_FORMAT"),
        "status": existing.get_status_display().lower(),
    }


def file_request(
    user: Any, student: Student, domains: Iterable[ServiceDomain], data: RequestData
) -> list[ServiceRequest]:
    """One request per service domain wanted; refused whole if one domain already has an open request."""
    if not user.has_perm("intake.file_request", student):
        raise PermissionDenied
    domains = list(domains)
    if not domains:
        raise ValidationError(_("Choisissez au moins un service."))
    errors = [duplicate_message(found) for d in domains if (found := open_request_for(student, d))]
    if errors:
        raise ValidationError(errors)
    mandate = MandateOrigin.FAMILY if user.role == "guardian" else data.mandate_origin
    created = []
    try:
        with transaction.atomic():
            for domain in domains:
                request = ServiceRequest.objects.create(
                    student=student,
                    domain=domain,
                    network=student.school.network,
                    requested_by=user,
                    reasons=sorted(set(data.reasons)),
                    details=data.details,
                    already_tried=data.already_tried,
                    tried_weeks=data.tried_weeks,
                    tier=data.tier,
                    urgency=data.urgency,
                    schooling_impact=data.schooling_impact,
                    availability=data.availability,
                    modality=data.modality,
                    mandate_origin=mandate,
                )
                _record(user, request, "", Status.SUBMITTED, "")
                created.append(request)
    except IntegrityError as exc:  # a concurrent filing for the same student and domain won
        found = next((r for d in domains if (r := open_request_for(student, d))), None)
        raise ValidationError(duplicate_message(found) if found else str(exc)) from exc
    return created


def _locked(request: ServiceRequest, expected_version: int, allowed_from: Iterable[str]) -> ServiceRequest:
    current = (
        ServiceRequest.objects.select_for_update()
        .select_related("student__school", "domain")
        .get(pk=request.pk)
    )
    if current.version != expected_version:
        last = current.events.select_related("actor").last()
        who = last.actor if last else None
        raise ConflictError(
            _(
                "Cette demande vient d'être modifiée par %(who)s (statut : %(status)s). "
                "Votre action n'a pas été appliquée ; relisez la demande puis recommencez au besoin."
            )
            % {"who": who or _("une autre personne"), "status": current.get_status_display().lower()}
        )
    if current.status not in allowed_from:
        raise ValidationError(
            _("Action impossible : la demande est « %(status)s ».") % {"status": current.get_status_display()}
        )
    return current


def _record(user: Any, request: ServiceRequest, from_status: str, to_status: str, note: str) -> None:
    RequestEvent.objects.create(
        request=request, actor=user, from_status=from_status, to_status=to_status, note=note
    )
    log_event(user, request, event=f"request_{to_status}", request_id=request.pk, from_status=from_status)
    if from_status:
        transaction.on_commit(lambda: notifications.status_changed(request.pk))


def _transition(
    user: Any,
    request: ServiceRequest,
    version: int,
    allowed_from: Iterable[str],
    to_status: str,
    note: str = "",
    **changes: Any,
) -> ServiceRequest:
    with transaction.atomic():
        current = _locked(request, version, allowed_from)
        from_status = current.status
        if "triaged_at" in changes:  # the first triage step counts (a question, then the acceptance)
            changes["triaged_at"] = Coalesce(
                F("triaged_at"), Value(changes["triaged_at"], output_field=DateTimeField())
            )
        fields = {"status": to_status, "status_note": note, "version": F("version") + 1, **changes}
        ServiceRequest.objects.filter(pk=current.pk).update(**fields)
        current.refresh_from_db()
        _record(user, current, from_status, to_status, note)
    return current


def _require_triage(user: Any, request: ServiceRequest) -> None:
    if not user.has_perm("intake.triage", request):
        raise PermissionDenied


def ask_for_information(user: Any, request: ServiceRequest, version: int, question: str) -> ServiceRequest:
    _require_triage(user, request)
    if not question.strip():
        raise ValidationError(_("Écrivez la question à poser au demandeur."))
    return _transition(
        user,
        request,
        version,
        [Status.SUBMITTED],
        Status.INFO_REQUESTED,
        question.strip(),
        triaged_at=timezone.now(),
    )


def answer_information(user: Any, request: ServiceRequest, version: int, answer: str) -> ServiceRequest:
    if not user.has_perm("intake.answer_info_request", request):
        raise PermissionDenied
    if not answer.strip():
        raise ValidationError(_("Écrivez la réponse."))
    return _transition(user, request, version, [Status.INFO_REQUESTED], Status.SUBMITTED, answer.strip())


def redirect_request(
    user: Any, request: ServiceRequest, version: int, domain: ServiceDomain, note: str
) -> ServiceRequest:
    """Close this request as redirected and open one for the other service, keeping the same facts."""
    _require_triage(user, request)
    if domain.pk == request.domain_id:
        raise ValidationError(_("Choisissez un autre service que celui demandé."))
    with transaction.atomic():
        closed = _transition(
            user,
            request,
            version,
            [Status.SUBMITTED, Status.INFO_REQUESTED],
            Status.REDIRECTED,
            note.strip(),
            redirected_to=domain,
            triaged_at=timezone.now(),
            closed_at=timezone.now(),
        )
        existing = open_request_for(closed.student, domain)
        if existing is not None:
            raise ValidationError(duplicate_message(existing))
        new = ServiceRequest.objects.create(
            **{
                f.name: getattr(closed, f.name)
                for f in ServiceRequest._meta.concrete_fields
                if f.name
                in {
                    "student",
                    "requested_by",
                    "reasons",
                    "details",
                    "already_tried",
                    "tried_weeks",
                    "tier",
                    "urgency",
                    "schooling_impact",
                    "availability",
                    "modality",
                    "mandate_origin",
                    "network",
                }
            },
            domain=domain,
            created_at=closed.created_at,
        )
        _record(
            user, new, "", Status.SUBMITTED, _("Réorientée depuis la demande nº %(id)s") % {"id": closed.pk}
        )
    return closed


def refuse_request(user: Any, request: ServiceRequest, version: int, reason: str) -> ServiceRequest:
    _require_triage(user, request)
    if not reason.strip():
        raise ValidationError(_("Le motif du refus est obligatoire : il est transmis au demandeur."))
    return _transition(
        user,
        request,
        version,
        [Status.SUBMITTED, Status.INFO_REQUESTED],
        Status.REFUSED,
        reason.strip(),
        triaged_at=timezone.now(),
        closed_at=timezone.now(),
    )


def priority_for(request: ServiceRequest, urgency: str, impact: str, tier: int) -> tuple[int, dict[str, int]]:
    config = settings_for(request.student.school.centre)
    waited = (timezone.now() - request.created_at).days / 7
    result = compute_priority(
        PriorityInput(
            urgency=urgency,
            schooling_impact=impact,
            tier=tier,
            waited_weeks=waited,
            imse_decile=request.student.school.imse_decile,
        ),
        config.grid(),
        config.waited_cap_weeks,
    )
    return result.score, result.parts


def accept_request(
    user: Any,
    request: ServiceRequest,
    version: int,
    *,
    urgency: str,
    schooling_impact: str,
    tier: int,
    note: str = "",
) -> ServiceRequest:
    """Put the request on the waiting list of its domain and network, with an explainable priority."""
    _require_triage(user, request)
    score, parts = priority_for(request, urgency, schooling_impact, tier)
    now = timezone.now()
    return _transition(
        user,
        request,
        version,
        [Status.SUBMITTED, Status.INFO_REQUESTED],
        Status.WAITING,
        note.strip(),
        urgency=urgency,
        schooling_impact=schooling_impact,
        tier=tier,
        priority=score,
        priority_parts=parts,
        triaged_at=now,
        accepted_at=now,
    )


def assign_request(user: Any, request: ServiceRequest, version: int, professional: User) -> ServiceEpisode:
    """Assign a professional serving the request's network: opens the episode and the caseload."""
    _require_triage(user, request)
    from intake.suggestions import eligible_professionals

    if not eligible_professionals(request).filter(pk=professional.pk).exists():
        raise ValidationError(
            _("%(name)s n'offre pas ce service dans ce réseau d'écoles.") % {"name": professional}
        )
    with transaction.atomic():
        current = _transition(
            user,
            request,
            version,
            [Status.WAITING],
            Status.ASSIGNED,
            _("Assignée à %(name)s") % {"name": professional},
            assigned_to=professional,
            assigned_at=timezone.now(),
        )
        episode = ServiceEpisode.objects.create(request=current, professional=professional)
        if not Caseload.objects.active().filter(professional=professional, student=current.student).exists():
            Caseload.objects.create(professional=professional, student=current.student)
    return episode


def record_first_service(user: Any, episode: ServiceEpisode, when: Any = None) -> ServiceEpisode:
    if episode.professional_id != user.pk:
        raise PermissionDenied
    if episode.first_service_at is None:
        request = episode.request
        require(request.student, start_scopes(request), request.domain)  # names the missing consent
        with transaction.atomic():
            episode.first_service_at = when or timezone.now()
            episode.save(update_fields=["first_service_at"])
            log_event(user, episode.request, event="first_service", request_id=episode.request_id)
    return episode


class Outcome:
    CHOICES = [
        ("goals_met", "Objectifs atteints"),
        ("partly_met", "Objectifs partiellement atteints"),
        ("not_met", "Objectifs non atteints"),
        ("referred", "Orienté vers une ressource externe"),
        ("ended_by_family", "Fin demandée par la famille"),
        ("moved", "Élève parti"),
    ]


def close_episode(
    user: Any, request: ServiceRequest, version: int, outcome: str, note: str
) -> ServiceRequest:
    if not user.has_perm("intake.close_episode", request):
        raise PermissionDenied
    if outcome not in dict(Outcome.CHOICES):
        raise ValidationError(_("Choisissez l'issue du suivi."))
    if not note.strip():
        raise ValidationError(_("La note de fermeture est obligatoire."))
    now = timezone.now()
    with transaction.atomic():
        current = _transition(
            user,
            request,
            version,
            [Status.ASSIGNED],
            Status.CLOSED,
            dict(Outcome.CHOICES)[outcome],
            closed_at=now,
        )
        ServiceEpisode.objects.filter(request=current).update(
            closed_at=now, outcome=outcome, closing_note=note.strip()
        )
        if not ServiceRequest.objects.filter(
            student=current.student, assigned_to=user, status=Status.ASSIGNED
        ).exists():
            Caseload.objects.active().filter(professional=user, student=current.student).update(
                ended_on=now.date()
            )
    return current


def withdraw_request(user: Any, request: ServiceRequest, version: int, note: str = "") -> ServiceRequest:
    if request.requested_by_id != user.pk:
        raise PermissionDenied
    return _transition(
        user,
        request,
        version,
        [Status.SUBMITTED, Status.INFO_REQUESTED, Status.WAITING],
        Status.WITHDRAWN,
        note.strip(),
        closed_at=timezone.now(),
    )


SETTING_FIELDS = ("waited_cap_weeks", "wait_limit_days", "throughput_window_weeks", "allow_self_referral")


def update_settings(user: Any, weights: dict[str, int], **values: Any) -> Any:
    """The manager changes their centre's priority grid, wait limit, throughput window or self-referral.

    Priorities already given stay as they were (they were explained with the grid of their day); the
    new grid applies to the requests accepted from now on. The audit row keeps the old and new values.
    """
    if not user.has_perm("intake.configure"):
        raise PermissionDenied
    unknown = set(weights) - set(DEFAULT_WEIGHTS) or set(values) - set(SETTING_FIELDS)
    if unknown:
        raise ValidationError(_("Réglage inconnu : %(names)s") % {"names": ", ".join(sorted(unknown))})
    if any(w < 0 for w in weights.values()) or sum(weights.values()) == 0:
        raise ValidationError(_("Les poids de la grille sont positifs et au moins un n'est pas nul."))
    with transaction.atomic():
        config = settings_for(user.centre)
        before = {"weights": config.grid(), **{name: getattr(config, name) for name in values}}
        config.weights = dict(weights)
        for name, value in values.items():
            setattr(config, name, value)
        config.save()
        after = {"weights": config.grid(), **{name: getattr(config, name) for name in values}}
        log_event(user, config, event="intake_settings_changed", before=before, after=after)
    return config
