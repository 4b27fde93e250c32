"""The register of communications made without consent and the access requests (deadlines dashboard, one
request's page: extension, the requester's copy, the answer). Thin, like privacy/views.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.audit import log_event
from core.models import User
from privacy import actions, actions_requests, export, forms
from privacy.models import RequestStatus
from privacy.queries import communications_for, get_for, requests_for
from privacy.views import account, download, errors_of, officer_only
from students.models import Student


def _student(user: Any, code: str) -> Student | None:
    code = (code or "").strip().upper()
    if not code:
        return None
    return (
        Student.objects.filter(code_permanent=code, school__centre_id=user.centre_id)
        .select_related("school")
        .first()
    )


@officer_only
def communication_list(request: HttpRequest) -> HttpResponse:
    entries = communications_for(request.user)[:500]
    return render(request, "privacy/communications.html", {"entries": entries})


@officer_only
def communication_add(request: HttpRequest) -> HttpResponse:
    form = forms.CommunicationForm(request.POST or None, initial={"communicated_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        student = _student(request.user, data["code_permanent"])
        if data["code_permanent"] and student is None:
            form.add_error(
                "code_permanent", _("Aucun élève de votre centre de services ne porte ce code permanent.")
            )
        else:
            try:
                actions.add_communication(
                    request.user,
                    actions.CommunicationData(
                        communicated_on=data["communicated_on"],
                        recipient=data["recipient"],
                        purpose=data["purpose"],
                        legal_basis=data["legal_basis"],
                        legal_basis_detail=data["legal_basis_detail"],
                        information=data["information"],
                        outside_quebec=data["outside_quebec"],
                        persons_count=data["persons_count"],
                        student=student,
                    ),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Communication inscrite au registre."))
                return redirect("privacy:communications")
    return render(request, "privacy/communication_form.html", {"form": form})


@officer_only
def communications_export(request: HttpRequest) -> HttpResponse:
    entries = list(communications_for(request.user).order_by("communicated_on", "pk"))
    log_event(request.user, account(request), event="communication_register_exported", count=len(entries))
    day = timezone.localdate().isoformat()
    return download(
        export.communications_csv(entries).encode("utf-8"),
        "text/csv; charset=utf-8",
        f"registre-communications-{day}.csv",
    )


# --- Access requests --------------------------------------------------------------------------------------


@officer_only
def request_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows: list[dict[str, Any]] = [
        {"request": r, "state": r.deadline_state(today), "days_left": r.days_left(today)}
        for r in requests_for(request.user)
    ]
    order = {"overdue": 0, "due_soon": 1, "on_time": 2, "answered": 3}
    rows.sort(key=lambda row: (order[row["state"]], row["request"].due_on, row["request"].pk))
    counts = {state: sum(1 for r in rows if r["state"] == state) for state in order}
    return render(request, "privacy/requests.html", {"rows": rows, "counts": counts})


@officer_only
def request_add(request: HttpRequest) -> HttpResponse:
    form = forms.RequestForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        student = _student(request.user, data["code_permanent"])
        requester = None
        if data["requester_username"]:
            requester = User.objects.filter(
                username=data["requester_username"].strip(), role__in=("guardian", "student")
            ).first()
        if student is None:
            form.add_error(
                "code_permanent", _("Aucun élève de votre centre de services ne porte ce code permanent.")
            )
        elif data["requester_username"] and requester is None:
            form.add_error(
                "requester_username", _("Aucun compte de parent ou d'élève ne porte ce nom d'utilisateur.")
            )
        else:
            try:
                created = actions_requests.register_request(
                    request.user,
                    actions_requests.RequestData(
                        student=student,
                        requester_name=data["requester_name"],
                        requester_capacity=data["requester_capacity"],
                        received_on=data["received_on"],
                        requester_user=requester,
                        details=data["details"],
                    ),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("Demande d'accès enregistrée : réponse attendue au plus tard le %(date)s.")
                    % {"date": created.due_on.isoformat()},
                )
                return redirect("privacy:request", request_id=created.pk)
    return render(request, "privacy/request_form.html", {"form": form})


def _request_page(request: HttpRequest, access_request: Any, **forms_: Any) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "item": access_request,
        "state": access_request.deadline_state(today),
        "days_left": access_request.days_left(today),
        "extend_form": forms_.get("extend_form") or forms.ExtendForm(initial={"notice_on": today}),
        "answer_form": forms_.get("answer_form") or forms.AnswerForm(initial={"answered_on": today}),
        "answered": access_request.status == RequestStatus.ANSWERED,
    }
    return render(request, "privacy/request.html", context)


@officer_only
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    return _request_page(request, get_for(requests_for(request.user), request_id))


@officer_only
@require_POST
def request_extend(request: HttpRequest, request_id: int) -> HttpResponse:
    item = get_for(requests_for(request.user), request_id)
    form = forms.ExtendForm(request.POST)
    if form.is_valid():
        try:
            item = actions_requests.extend_request(request.user, item, form.cleaned_data["notice_on"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Délai prolongé : réponse au plus tard le %(date)s.") % {"date": item.due_on.isoformat()},
            )
            return redirect("privacy:request", request_id=item.pk)
    return _request_page(request, item, extend_form=form)


@officer_only
@require_POST
def request_copy(request: HttpRequest, request_id: int) -> HttpResponse:
    item = get_for(requests_for(request.user), request_id)
    try:
        actions_requests.prepare_copy(request.user, item)
    except ValidationError as exc:
        messages.error(request, errors_of(exc))
    else:
        messages.success(request, _("Copie préparée et offerte au demandeur dans son portail."))
    return redirect("privacy:request", request_id=item.pk)


@officer_only
@require_POST
def request_answer(request: HttpRequest, request_id: int) -> HttpResponse:
    item = get_for(requests_for(request.user), request_id)
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions_requests.answer_request(
                request.user,
                item,
                decision=data["decision"],
                note=data["note"],
                answered_on=data["answered_on"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Réponse enregistrée."))
            return redirect("privacy:request", request_id=item.pk)
    return _request_page(request, item, answer_form=form)
