"""The privacy officer's pages: the dashboard and the incident register (candidates, qualification,
closing, dismissal, exports). Thin: reads through `privacy.queries`, changes through the actions. No page
here shows clinical content: a candidate's signal is metadata (who, when, how many), never what was read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.audit import log_event
from privacy import actions_incidents, export, forms
from privacy.models import IncidentStatus, RequestStatus, RunStatus
from privacy.queries import get_for, holds_for, incidents_for, requests_for, runs_for

# What each key of a candidate's signal means (the signal holds metadata only).
SIGNAL_LABELS = {
    "break_glass_id": gettext_lazy("Accès d'urgence nº"),
    "user_id": gettext_lazy("Compte nº"),
    "student_id": gettext_lazy("Élève nº"),
    "opened_at": gettext_lazy("Ouvert le"),
    "reviewed": gettext_lazy("Révisé"),
    "start": gettext_lazy("Début"),
    "end": gettext_lazy("Fin"),
    "entries": gettext_lazy("Entrées du journal"),
    "students": gettext_lazy("Élèves distincts"),
    "refusals": gettext_lazy("Refus"),
    "first_entry_id": gettext_lazy("Première entrée nº"),
    "last_entry_id": gettext_lazy("Dernière entrée nº"),
    "entry_id": gettext_lazy("Entrée du journal nº"),
    "reason": gettext_lazy("Motif inscrit"),
    "problem": gettext_lazy("Anomalie"),
    "at": gettext_lazy("Le"),
    "event": gettext_lazy("Événement"),
    "rows": gettext_lazy("Lignes exportées"),
}
PROBLEMS = {
    "role": gettext_lazy("le motif ne correspond pas au rôle"),
    "no_caseload": gettext_lazy("aucune charge de cas ce jour-là"),
    "no_break_glass": gettext_lazy("aucun accès d'urgence en cours"),
}


def _moment(text: str) -> str:
    """An ISO 8601 moment as Montréal time, to the minute (the text itself when it is not one)."""
    try:
        return timezone.localtime(dt.datetime.fromisoformat(text)).strftime("%Y-%m-%d %H:%M")
    except (ValueError, TypeError):
        return text


def signal_rows(signal: dict[str, Any]) -> list[tuple[Any, Any]]:
    rows = []
    for key, value in signal.items():
        if key == "problem":
            value = PROBLEMS.get(value, value)
        elif key == "reviewed":
            value = _("Oui") if value else _("Non")
        elif key in ("opened_at", "start", "end", "at") and isinstance(value, str):
            value = _moment(value)
        rows.append((SIGNAL_LABELS.get(key, key), value))
    return rows


STATUS_FILTERS = {
    "a-examiner": IncidentStatus.CANDIDATE,
    "ouverts": IncidentStatus.OPEN,
    "fermes": IncidentStatus.CLOSED,
    "ecartes": IncidentStatus.DISMISSED,
}


def officer_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, and the privacy officer of a centre; everybody else gets 403."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("privacy.manage"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def account(request: HttpRequest) -> Any:
    """The signed-in account, as the object of an audit event."""
    return request.user


def errors_of(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@officer_only
def dashboard(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    today = timezone.localdate()
    incidents = incidents_for(user)
    open_requests = list(requests_for(user).exclude(status=RequestStatus.ANSWERED))
    context = {
        "candidates": incidents.filter(status=IncidentStatus.CANDIDATE).count(),
        "open_incidents": incidents.filter(status=IncidentStatus.OPEN).count(),
        "overdue": sum(1 for r in open_requests if r.deadline_state(today) == "overdue"),
        "due_soon": sum(1 for r in open_requests if r.deadline_state(today) == "due_soon"),
        "open_requests": len(open_requests),
        "holds": holds_for(user).filter(released_at__isnull=True).count(),
        "runs_waiting": runs_for(user).filter(status=RunStatus.PREPARED).count(),
    }
    return render(request, "privacy/dashboard.html", context)


@officer_only
def incident_list(request: HttpRequest) -> HttpResponse:
    qs = incidents_for(request.user)
    status = request.GET.get("statut", "")
    if status in STATUS_FILTERS:
        qs = qs.filter(status=STATUS_FILTERS[status])
    return render(
        request,
        "privacy/incidents.html",
        {
            "incidents": qs[:500],
            "status": status,
            "filters": STATUS_FILTERS,
            "labels": dict(IncidentStatus.choices),
        },
    )


EVENTS = {
    "incident_candidate_raised": gettext_lazy("Signalement levé par l'analyse du journal"),
    "incident_declared": gettext_lazy("Incident déclaré"),
    "incident_qualified": gettext_lazy("Incident qualifié"),
    "incident_updated": gettext_lazy("Registre mis à jour"),
    "incident_closed": gettext_lazy("Incident fermé"),
    "incident_dismissed": gettext_lazy("Signalement écarté"),
}


def _history(incident: Any) -> list[dict[str, Any]]:
    from auditlog.models import LogEntry

    entries = LogEntry.objects.get_for_object(incident).select_related("actor").order_by("timestamp", "pk")
    return [
        {
            "at": e.timestamp,
            "actor": e.actor,
            "what": EVENTS.get((e.additional_data or {}).get("event", ""), e.get_action_display()),
        }
        for e in entries
    ]


@officer_only
def incident_detail(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident = get_for(incidents_for(request.user), incident_id)
    form = forms.IncidentForm.for_incident(incident)
    context = {
        "incident": incident,
        "form": form,
        "dismiss_form": forms.DismissForm(),
        "history": _history(incident),
        "signal": signal_rows(incident.signal if isinstance(incident.signal, dict) else {}),
        "fields": export.incident_fields(incident),
    }
    return render(request, "privacy/incident.html", context)


@officer_only
def incident_edit(request: HttpRequest, incident_id: int) -> HttpResponse:
    """Qualify a candidate, or update an open incident, with the register's fields."""
    incident = get_for(incidents_for(request.user), incident_id)
    if incident.status not in (IncidentStatus.CANDIDATE, IncidentStatus.OPEN):
        raise PermissionDenied
    form = forms.IncidentForm.for_incident(incident, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if incident.status == IncidentStatus.CANDIDATE:
                incident = actions_incidents.qualify_incident(request.user, incident, form.entry())
                messages.success(request, _("Incident qualifié et inscrit au registre."))
            else:
                incident = actions_incidents.update_incident(request.user, incident, form.entry())
                messages.success(request, _("Inscription au registre mise à jour."))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("privacy:incident", incident_id=incident.pk)
    return render(request, "privacy/incident_form.html", {"incident": incident, "form": form})


@officer_only
def incident_declare(request: HttpRequest) -> HttpResponse:
    form = forms.IncidentForm(request.POST or None, initial={"discovered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            incident = actions_incidents.declare_incident(request.user, form.entry())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Incident déclaré et inscrit au registre."))
            return redirect("privacy:incident", incident_id=incident.pk)
    return render(request, "privacy/incident_form.html", {"incident": None, "form": form})


@officer_only
@require_POST
def incident_close(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident = get_for(incidents_for(request.user), incident_id)
    try:
        actions_incidents.close_incident(request.user, incident)
    except ValidationError as exc:
        messages.error(request, errors_of(exc))
    else:
        messages.success(request, _("Incident fermé."))
    return redirect("privacy:incident", incident_id=incident.pk)


@officer_only
@require_POST
def incident_dismiss(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident = get_for(incidents_for(request.user), incident_id)
    form = forms.DismissForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Écrivez pourquoi ce signalement est écarté (au moins 10 caractères)."))
        return redirect("privacy:incident", incident_id=incident.pk)
    try:
        actions_incidents.dismiss_incident(request.user, incident, form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, errors_of(exc))
    else:
        messages.success(request, _("Signalement écarté."))
    return redirect("privacy:incidents")


def _register(user: Any) -> Any:
    return (
        incidents_for(user)
        .filter(status__in=(IncidentStatus.OPEN, IncidentStatus.CLOSED))
        .order_by("created_at", "pk")
    )


@officer_only
def incidents_export_csv(request: HttpRequest) -> HttpResponse:
    register = list(_register(request.user))
    log_event(
        request.user, account(request), event="incident_register_exported", format="csv", count=len(register)
    )
    day = timezone.localdate().isoformat()
    return download(
        export.incidents_csv(register).encode("utf-8"),
        "text/csv; charset=utf-8",
        f"registre-incidents-{day}.csv",
    )


@officer_only
def incidents_export_pdf(request: HttpRequest) -> HttpResponse:
    register = list(_register(request.user))
    log_event(
        request.user, account(request), event="incident_register_exported", format="pdf", count=len(register)
    )
    day = timezone.localdate().isoformat()
    content = export.incidents_pdf(register, request.user.centre)  # type: ignore[union-attr]
    return download(content, "application/pdf", f"registre-incidents-{day}.pdf")
