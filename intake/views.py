"""Pages of the guichet unique. Thin: every read goes through `requests_visible_to`, every state change
through `intake.actions`; the views only check which page a role may open and map forms to actions."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import log_access, log_event
from core.models import STAFF_ROLES, Network, Role, ServiceDomain
from intake import actions, consent_status, exports, forms, waiting
from intake import indicators as figures
from intake.config import settings_for
from intake.models import (
    IntakeSettings,
    ReasonChoice,
    RequestEvent,
    SchoolingImpact,
    ServiceEpisode,
    ServiceRequest,
    Status,
    Urgency,
)
from intake.queries import requests_visible_to
from intake.suggestions import eligible_professionals, suggest_professionals
from students.access import get_student_for

# Roles with a window on service requests (the privacy officer's window is the audit log).
INTAKE_ROLES = frozenset(
    {
        Role.TEACHER,
        Role.PRINCIPAL,
        Role.PROFESSIONAL,
        Role.GUARDIAN,
        Role.STUDENT,
        Role.COORDINATOR,
        Role.MANAGER,
    }
)
EXPORT_ROLES = INTAKE_ROLES & STAFF_ROLES
PAGE_SIZE = 25
RELATED = ("student__school", "domain", "network", "assigned_to")


def _require_role(user: Any, roles: frozenset[str]) -> None:
    if getattr(user, "role", "") not in roles:
        raise PermissionDenied


def get_request_for(user: Any, request_id: int) -> ServiceRequest:
    """The request if this user may see it; else a 404, the same for missing and forbidden."""
    found = (
        requests_visible_to(user)
        .select_related(*RELATED, "student__school__network", "requested_by", "redirected_to")
        .filter(pk=request_id)
        .first()
    )
    if found is None:
        raise Http404("Demande introuvable")
    return found


def access_reason(user: Any, sr: ServiceRequest) -> str:
    """Why this user sees the request, for the audit row."""
    if sr.requested_by_id == user.pk:
        return "requester"
    if sr.assigned_to_id == user.pk:
        return "assigned"
    return {
        Role.COORDINATOR: "coordinator",
        Role.MANAGER: "manager",
        Role.PRINCIPAL: "school",
        Role.GUARDIAN: "guardian",
        Role.STUDENT: "self",
    }.get(user.role, str(user.role))


def may_read_details(user: Any, sr: ServiceRequest) -> bool:
    """The free texts (situation, what was tried): requester, coordinator, the school's principal,
    the assigned professional. Not the family (unless they wrote them), not the manager."""
    if user.pk in (sr.requested_by_id, sr.assigned_to_id) or user.has_perm("intake.triage", sr):
        return True
    return user.role == Role.PRINCIPAL and sr.student.school_id in user.served_school_ids()


def may_read_notes(user: Any, sr: ServiceRequest) -> bool:
    """Staff notes of the history: staff, and the requester (who must read the question to answer)."""
    return user.role in STAFF_ROLES or sr.requested_by_id == user.pk


def intake_settings(user: Any) -> IntakeSettings:
    return settings_for(user.centre) if user.centre_id else IntakeSettings()


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- Filing ---------------------------------------------------------------------------------------


@login_required
def request_create(request: HttpRequest, student_id: int) -> HttpResponse:
    user: Any = request.user
    access = get_student_for(user, student_id, view="intake:create")
    student = access.student
    if not user.has_perm("intake.file_request", student):
        raise PermissionDenied
    form = forms.RequestForm(request.POST or None, user=user)
    duplicates: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        domains = list(form.cleaned_data["domains"])
        try:
            created = actions.file_request(user, student, domains, form.request_data())
        except ValidationError as exc:
            duplicates = _duplicates(user, student, domains)
            if not duplicates:
                form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Demande transmise au guichet unique : %(domains)s.")
                % {"domains": ", ".join(r.domain.name for r in created)},
            )
            return redirect("intake:detail", request_id=created[0].pk)
    context = {
        "form": form,
        "student": student,
        "duplicates": duplicates,
        "age": student.age(),
        "consents": consent_status.status_rows(student, list(consent_status.FILING_SCOPES))
        if consent_status.may_see_status(user, student)
        else None,
    }
    return render(request, "intake/create.html", context)


def _duplicates(user: Any, student: Any, domains: list[ServiceDomain]) -> list[dict[str, Any]]:
    """The open requests that block this filing, with a link when the user may open them."""
    found = [r for d in domains if (r := actions.open_request_for(student, d))]
    visible = set(requests_visible_to(user).filter(pk__in=[r.pk for r in found]).values_list("pk", flat=True))
    return [
        {
            "message": actions.duplicate_message(r),
            "url": reverse("intake:detail", args=[r.pk]) if r.pk in visible else None,
        }
        for r in found
    ]


# --- List and export ------------------------------------------------------------------------------


def filtered_requests(request: HttpRequest) -> tuple[forms.FilterForm, QuerySet[ServiceRequest]]:
    user: Any = request.user
    visible = requests_visible_to(user)
    form = forms.FilterForm(request.GET or None, visible=visible)
    qs = form.apply(visible)
    if user.has_perm("intake.triage") and not (form.is_bound and form.data.get("status")):
        # The coordinator's inbox: new requests first.
        qs = qs.annotate(
            is_new=Case(
                When(status=Status.SUBMITTED, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        ).order_by("is_new", "-created_at", "-pk")
    else:
        qs = qs.order_by("-created_at", "-pk")
    return form, qs.select_related(*RELATED)


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_role(user, INTAKE_ROLES)
    form, qs = filtered_requests(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": _query_without_page(request),
        "is_family": user.role in (Role.GUARDIAN, Role.STUDENT),
        "can_export": user.role in EXPORT_ROLES,
        "new_count": requests_visible_to(user).filter(status=Status.SUBMITTED).count()
        if user.has_perm("intake.triage")
        else None,
    }
    return render(request, "intake/list.html", context)


@login_required
def request_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_role(user, EXPORT_ROLES)
    _form, qs = filtered_requests(request)
    response, count = exports.csv_response(qs)
    log_event(user, user, event="intake_export", rows=count, filters=_query_without_page(request))
    return response


# --- Detail and actions ---------------------------------------------------------------------------


class Act:
    """Action names in URLs (/demandes/<id>/<action>/)."""

    do_not_call_in_templates = True

    ASK = "demander-precisions"
    ANSWER = "repondre"
    REDIRECT = "reorienter"
    REFUSE = "refuser"
    ACCEPT = "accepter"
    ASSIGN = "assigner"
    FIRST_SERVICE = "premier-service"
    CLOSE = "fermer"
    WITHDRAW = "retirer"


def available_actions(user: Any, sr: ServiceRequest, episode: ServiceEpisode | None) -> set[str]:
    """What this user may do now; the actions check again, this only decides which forms to show."""
    names: set[str] = set()
    if user.has_perm("intake.triage", sr):
        if sr.status == Status.SUBMITTED:
            names.add(Act.ASK)
        if sr.status in (Status.SUBMITTED, Status.INFO_REQUESTED):
            names |= {Act.REDIRECT, Act.REFUSE, Act.ACCEPT}
        if sr.status == Status.WAITING:
            names.add(Act.ASSIGN)
    if sr.status == Status.INFO_REQUESTED and user.has_perm("intake.answer_info_request", sr):
        names.add(Act.ANSWER)
    if sr.requested_by_id == user.pk and sr.status in (
        Status.SUBMITTED,
        Status.INFO_REQUESTED,
        Status.WAITING,
    ):
        names.add(Act.WITHDRAW)
    if sr.status == Status.ASSIGNED and user.has_perm("intake.close_episode", sr):
        if episode is not None and episode.first_service_at is None:
            names.add(Act.FIRST_SERVICE)
        names.add(Act.CLOSE)
    return names


def _preview_values(sr: ServiceRequest, data: Any) -> tuple[str, str, int]:
    urgency = data.get("urgency") if data.get("urgency") in Urgency.values else sr.urgency
    impact = data.get("schooling_impact")
    impact = impact if impact in SchoolingImpact.values else sr.schooling_impact
    tier = int(data["tier"]) if data.get("tier") in ("1", "2", "3") else sr.tier
    return urgency, impact, tier


def _priority_preview(sr: ServiceRequest, data: Any) -> dict[str, Any]:
    score, parts = actions.priority_for(sr, *_preview_values(sr, data))
    return {"score": score, "parts": parts}


@login_required
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    user: Any = request.user
    sr = get_request_for(user, request_id)
    if getattr(request, "htmx", False) and request.GET.get("apercu") == "priorite":
        if not user.has_perm("intake.triage", sr):
            raise PermissionDenied
        return render(
            request, "intake/_priority_preview.html", {"preview": _priority_preview(sr, request.GET)}
        )
    log_access(user, sr, reason=access_reason(user, sr), view="intake:detail", student_id=sr.student_id)
    episode = ServiceEpisode.objects.filter(request=sr).first()
    allowed = available_actions(user, sr, episode)
    show_notes = may_read_notes(user, sr)
    events = list(RequestEvent.objects.filter(request=sr).select_related("actor"))
    context: dict[str, Any] = {
        "sr": sr,
        "episode": episode,
        "events": events,
        "show_details": may_read_details(user, sr),
        "show_notes": show_notes,
        "show_closing_note": episode is not None and episode.professional_id == user.pk,
        "is_family": user.role in (Role.GUARDIAN, Role.STUDENT),
        "can_open_student": user.has_perm("students.view_student", sr.student),
        "actions": allowed,
        "act": Act,
        "question": _open_question(sr, events) if show_notes else "",
        "reason_labels": [str(ReasonChoice(r).label) for r in sr.reasons if r in ReasonChoice.values],
    }
    if Act.ACCEPT in allowed:
        context["preview"] = _priority_preview(sr, {})
        context.update(tiers=forms.TIER_CHOICES, urgencies=Urgency.choices, impacts=SchoolingImpact.choices)
    if Act.REDIRECT in allowed:
        context["other_domains"] = ServiceDomain.objects.exclude(pk=sr.domain_id).order_by("name")
    if Act.ASSIGN in allowed:
        context["suggestions"] = suggest_professionals(sr)
        context["eligible"] = eligible_professionals(sr).order_by("last_name", "first_name")
    if Act.CLOSE in allowed:
        context["outcomes"] = actions.Outcome.CHOICES
    if sr.status in (Status.SUBMITTED, Status.INFO_REQUESTED, Status.WAITING, Status.ASSIGNED) and (
        consent_status.may_see_status(user, sr.student)
    ):
        context["consents"] = consent_status.status_rows(
            sr.student, consent_status.shown_scopes(sr), sr.domain
        )
    return render(request, "intake/detail.html", context)


def _open_question(sr: ServiceRequest, events: list[RequestEvent]) -> str:
    if sr.status != Status.INFO_REQUESTED:
        return ""
    asked = [e for e in events if e.to_status == Status.INFO_REQUESTED]
    return asked[-1].note if asked else sr.status_note


def _assign(user: Any, sr: ServiceRequest, data: dict[str, Any]) -> Any:
    professional = eligible_professionals(sr).filter(pk=data["professional"]).first()
    if professional is None:
        raise ValidationError(_("Choisissez une personne qui offre ce service dans ce réseau d'écoles."))
    return actions.assign_request(user, sr, data["version"], professional)


def _first_service(user: Any, sr: ServiceRequest, data: dict[str, Any]) -> Any:
    episode = ServiceEpisode.objects.filter(request=sr).first()
    if episode is None:
        raise ValidationError(_("Cette demande n'a pas encore d'épisode de service."))
    return actions.record_first_service(user, episode)


def _redirect(user: Any, sr: ServiceRequest, data: dict[str, Any]) -> Any:
    return actions.redirect_request(user, sr, data["version"], data["domain"], data["note"])


@dataclass(frozen=True)
class ActionSpec:
    form: type[forms.ActionForm]
    run: Callable[[Any, ServiceRequest, dict[str, Any]], Any]
    done: Any  # a lazy translation


ACTIONS: dict[str, ActionSpec] = {
    Act.ASK: ActionSpec(
        forms.AskInformationForm,
        lambda u, r, d: actions.ask_for_information(u, r, d["version"], d["question"]),
        gettext_lazy("Question envoyée au demandeur."),
    ),
    Act.ANSWER: ActionSpec(
        forms.AnswerInformationForm,
        lambda u, r, d: actions.answer_information(u, r, d["version"], d["answer"]),
        gettext_lazy("Réponse transmise au guichet unique."),
    ),
    Act.REDIRECT: ActionSpec(forms.RedirectForm, _redirect, gettext_lazy("Demande réorientée.")),
    Act.REFUSE: ActionSpec(
        forms.RefuseForm,
        lambda u, r, d: actions.refuse_request(u, r, d["version"], d["reason"]),
        gettext_lazy("Demande refusée ; le motif est transmis au demandeur."),
    ),
    Act.ACCEPT: ActionSpec(
        forms.AcceptForm,
        lambda u, r, d: actions.accept_request(
            u,
            r,
            d["version"],
            urgency=d["urgency"],
            schooling_impact=d["schooling_impact"],
            tier=d["tier"],
            note=d["note"],
        ),
        gettext_lazy("Demande acceptée et placée en liste d'attente."),
    ),
    Act.ASSIGN: ActionSpec(forms.AssignForm, _assign, gettext_lazy("Demande assignée.")),
    Act.FIRST_SERVICE: ActionSpec(
        forms.FirstServiceForm, _first_service, gettext_lazy("Premier service noté.")
    ),
    Act.CLOSE: ActionSpec(
        forms.CloseForm,
        lambda u, r, d: actions.close_episode(u, r, d["version"], d["outcome"], d["note"]),
        gettext_lazy("Suivi fermé."),
    ),
    Act.WITHDRAW: ActionSpec(
        forms.WithdrawForm,
        lambda u, r, d: actions.withdraw_request(u, r, d["version"], d["note"]),
        gettext_lazy("Demande retirée."),
    ),
}


@login_required
def request_action(request: HttpRequest, request_id: int, action: str) -> HttpResponse:
    if request.method != "POST":
        response = HttpResponse(status=405)
        response["Allow"] = "POST"
        return response
    user: Any = request.user
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("Action inconnue")
    sr = get_request_for(user, request_id)
    form = spec.form(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label} : {error}" if label else str(error))
        return redirect("intake:detail", request_id=sr.pk)
    try:
        spec.run(user, sr, form.cleaned_data)
    except actions.ConflictError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, spec.done)
    return redirect("intake:detail", request_id=sr.pk)


# --- Waiting lists and indicators -----------------------------------------------------------------


@login_required
def waiting_lists(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.has_perm("intake.view_waiting_lists"):
        raise PermissionDenied
    config = intake_settings(user)
    summaries = waiting.list_summaries(requests_visible_to(user), config.wait_limit_days)
    context = {"summaries": summaries, "config": config}
    return render(request, "intake/waiting_lists.html", context)


@login_required
def waiting_list_detail(request: HttpRequest, domain_id: int, network_id: int) -> HttpResponse:
    user: Any = request.user
    if not user.has_perm("intake.view_waiting_lists"):
        raise PermissionDenied
    domain = get_object_or_404(ServiceDomain, pk=domain_id)
    network = get_object_or_404(Network, pk=network_id, centre_id=user.centre_id) if network_id else None
    config = intake_settings(user)
    entries = waiting.waiting_list(
        requests_visible_to(user),
        domain.pk,
        network.pk if network else None,
        window_weeks=config.throughput_window_weeks,
        limit_days=config.wait_limit_days,
    )
    rows = [
        {"entry": e, "weeks": math.ceil(e.estimated_weeks) if e.estimated_weeks is not None else None}
        for e in entries
    ]
    context = {
        "domain": domain,
        "network": network,
        "rows": rows,
        "config": config,
        "can_assign": user.has_perm("intake.triage"),
        "overdue_count": sum(1 for e in entries if e.overdue),
    }
    return render(request, "intake/waiting_list.html", context)


def status_table(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Requests by domain (rows) and status (columns), with totals."""
    by_domain: dict[str, dict[str, int]] = {}
    for row in rows:
        by_domain.setdefault(row["domain__name"], {})[row["status"]] = row["count"]
    statuses = [s for s in Status if any(s.value in counts for counts in by_domain.values())]
    lines: list[dict[str, Any]] = [
        {"domain": name, "counts": [counts.get(s.value, 0) for s in statuses], "total": sum(counts.values())}
        for name, counts in sorted(by_domain.items())
    ]
    totals = [sum(line["counts"][i] for line in lines) for i in range(len(statuses))]
    return {"statuses": [s.label for s in statuses], "lines": lines, "totals": totals, "total": sum(totals)}


@login_required
def indicators(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.has_perm("intake.view_indicators"):
        raise PermissionDenied
    summary = indicators_summary(requests_visible_to(user))
    return render(request, "intake/indicators.html", summary)


def indicators_summary(base: QuerySet[ServiceRequest]) -> dict[str, Any]:
    data = figures.summary(base)
    shares = data["shares"]
    return {
        "by_status": status_table(data["by_domain_and_status"]),
        "by_network": data["by_network"],
        "waiting_lengths": data["waiting_lengths"],
        "durations": [
            (_("Du dépôt au triage"), data["time_to_triage"]),
            (_("Du dépôt au premier service"), data["time_to_first_service"]),
        ],
        "shares": [
            (_("Réorientées"), None if shares["redirected"] is None else shares["redirected"] * 100),
            (_("Refusées"), None if shares["refused"] is None else shares["refused"] * 100),
        ],
    }


# --- Settings (manager) ---------------------------------------------------------------------------


@login_required
def settings_edit(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.has_perm("intake.configure"):
        raise PermissionDenied
    config = intake_settings(user)
    form = forms.SettingsForm(request.POST or None, initial=forms.SettingsForm.initial_from(config))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_settings(user, form.weights(), **form.values())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Réglages du guichet unique enregistrés."))
            return redirect("intake:settings")
    return render(request, "intake/settings.html", {"form": form, "config": config})
