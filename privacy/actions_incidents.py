"""Named state changes of the incident register: a candidate raised by the scan (idempotent), a manual
declaration, qualification, updates, closing, dismissal. Each writes its audit event, without content."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from lib import incident_register
from privacy.models import Detector, Incident, IncidentStatus

REGISTER_FIELDS = tuple(f.name for f in dataclasses.fields(incident_register.Entry))


def _entry_of(incident: Incident) -> incident_register.Entry:
    return incident_register.Entry(**{name: getattr(incident, name) for name in REGISTER_FIELDS})


def _apply(incident: Incident, data: incident_register.Entry) -> None:
    for name in REGISTER_FIELDS:
        value = getattr(data, name)
        setattr(incident, name, value.strip() if isinstance(value, str) else value)


def _require(user: Any, incident: Incident | None = None) -> None:
    if not user.has_perm("privacy.manage"):
        raise PermissionDenied
    if incident is not None and incident.centre_id != user.centre_id:
        raise PermissionDenied


def _locked(incident: Incident, *statuses: str) -> Incident:
    current = Incident.objects.select_for_update().get(pk=incident.pk)
    if current.status not in statuses:
        raise ValidationError(
            _("Cet incident est « %(status)s » : cette action n'est plus possible.")
            % {"status": current.get_status_display()}
        )
    return current


def raise_candidate(
    *,
    detector: str,
    fingerprint: str,
    centre_id: int,
    signal: dict[str, Any],
    subject_user: Any = None,
    occurred_on: Any = None,
) -> Incident | None:
    """A candidate from the audit scan; None when this signal was already raised (never twice)."""
    if Incident.objects.filter(detector=detector, fingerprint=fingerprint).exists():
        return None
    try:
        with transaction.atomic():
            incident = Incident.objects.create(
                centre_id=centre_id,
                detector=detector,
                fingerprint=fingerprint,
                signal=signal,
                subject_user=subject_user,
                occurred_from=occurred_on,
            )
            log_event(None, incident, event="incident_candidate_raised", detector=detector)
    except IntegrityError:  # a concurrent scan raised it first
        return None
    return incident


def declare_incident(user: Any, data: incident_register.Entry) -> Incident:
    """The privacy officer enters an incident learned outside the platform (a misdirected e-mail): it is
    qualified at once."""
    _require(user)
    gaps = incident_register.qualification_gaps(data, timezone.localdate())
    if gaps:
        raise ValidationError(gaps)
    with transaction.atomic():
        now = timezone.now()
        incident = Incident(
            centre_id=user.centre_id,
            detector=Detector.MANUAL,
            status=IncidentStatus.OPEN,
            created_by=user,
            qualified_at=now,
            qualified_by=user,
        )
        _apply(incident, data)
        incident.save()
        log_event(user, incident, event="incident_declared")
    return incident


def qualify_incident(user: Any, incident: Incident, data: incident_register.Entry) -> Incident:
    """A candidate becomes an incident of the register (status open), with at least its description."""
    _require(user, incident)
    gaps = incident_register.qualification_gaps(data, timezone.localdate())
    if gaps:
        raise ValidationError(gaps)
    with transaction.atomic():
        current = _locked(incident, IncidentStatus.CANDIDATE)
        _apply(current, data)
        current.status = IncidentStatus.OPEN
        current.qualified_at = timezone.now()
        current.qualified_by = user
        current.save()
        log_event(user, current, event="incident_qualified", detector=current.detector)
    return current


def update_incident(user: Any, incident: Incident, data: incident_register.Entry) -> Incident:
    """An open incident's register entry as the assessment progresses (risk, notices, measures)."""
    _require(user, incident)
    gaps = incident_register.qualification_gaps(data, timezone.localdate())
    if gaps:
        raise ValidationError(gaps)
    with transaction.atomic():
        current = _locked(incident, IncidentStatus.OPEN)
        before = _entry_of(current)
        _apply(current, data)
        current.save()
        changed = [n for n in REGISTER_FIELDS if getattr(before, n) != getattr(_entry_of(current), n)]
        log_event(user, current, event="incident_updated", fields=changed)
    return current


def close_incident(user: Any, incident: Incident) -> Incident:
    """Closed once the risk is assessed, the measures written and, for a serious risk, the notices given."""
    _require(user, incident)
    with transaction.atomic():
        current = _locked(incident, IncidentStatus.OPEN)
        gaps = incident_register.closing_gaps(_entry_of(current), timezone.localdate())
        if gaps:
            raise ValidationError(gaps)
        current.status = IncidentStatus.CLOSED
        current.closed_at = timezone.now()
        current.closed_by = user
        current.save(update_fields=["status", "closed_at", "closed_by"])
        log_event(user, current, event="incident_closed", serious_risk=current.serious_risk)
    return current


def dismiss_incident(user: Any, incident: Incident, reason: str) -> Incident:
    """A candidate that is not an incident (a legitimate emergency access), with the reason."""
    _require(user, incident)
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError(_("Écrivez pourquoi ce signalement est écarté (au moins 10 caractères)."))
    with transaction.atomic():
        current = _locked(incident, IncidentStatus.CANDIDATE)
        current.status = IncidentStatus.DISMISSED
        current.dismissal_reason = reason
        current.closed_at = timezone.now()
        current.closed_by = user
        current.save(update_fields=["status", "dismissal_reason", "closed_at", "closed_by"])
        log_event(user, current, event="incident_dismissed", detector=current.detector)
    return current
