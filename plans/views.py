"""Pages of plans d'intervention: the list, a plan with its four phases, opening, the phase buttons,
the family portal (read and sign) and the ministry declaration. Thin: reads through `plans.queries` and
`plans.access`, changes through `plans.actions` and `plans.signing`. Forms of each part: views_edit.py.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.models import Role
from plans import actions, display, export, forms, signing
from plans.access import get_plan_for
from plans.models import PlanStatus
from plans.queries import plans_visible_to
from plans.reminders import is_due, with_last_contact
from students.access import get_student_for

LIST_ROLES = frozenset({Role.PRINCIPAL, Role.TEACHER, Role.PROFESSIONAL})
FAMILY_ROLES = frozenset({Role.GUARDIAN, Role.STUDENT})
STATUS_FILTERS = {
    "actifs": PlanStatus.ACTIVE,
    "en-preparation": PlanStatus.DRAFT,
    "fermes": PlanStatus.CLOSED,
}


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.role in FAMILY_ROLES:
        return redirect("plans:portal")
    if user.role not in LIST_ROLES:
        raise PermissionDenied
    qs = with_last_contact(plans_visible_to(user)).select_related(
        "student__school", "student__group", "school_year", "contact_responsible", "opened_by"
    )
    status = request.GET.get("statut", "")
    if status in STATUS_FILTERS:
        qs = qs.filter(status=STATUS_FILTERS[status])
    today = timezone.localdate()
    rows = [
        {"plan": p, "due": is_due(p, today)}
        for p in qs.order_by("student__last_name", "student__first_name", "pk")
    ]
    if request.GET.get("contact") == "du":
        rows = [r for r in rows if r["due"]]
    rows.sort(key=lambda r: not r["due"])  # the plans due for a contact first, stable otherwise
    context = {
        "rows": rows,
        "due_count": sum(1 for r in rows if r["due"]),
        "status": status,
        "only_due": request.GET.get("contact") == "du",
        "can_export": user.has_perm("plans.export"),
        "is_principal": user.role == Role.PRINCIPAL,
    }
    return render(request, "plans/list.html", context)


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    user: Any = request.user
    if user.role in FAMILY_ROLES:  # the family reads in the portal (audited there)
        plan = get_plan_for(user, plan_id, view="plans:detail", audit=False).plan
        return redirect("plans:portal_plan", plan_id=plan.pk)
    access = get_plan_for(user, plan_id, view="plans:detail")
    context = display.plan_context(user, access.plan, access.reason)
    return render(request, "plans/detail.html", context)


@login_required
def plan_open(request: HttpRequest, student_id: int) -> HttpResponse:
    user: Any = request.user
    student = get_student_for(user, student_id, view="plans:open").student
    if not user.has_perm("plans.open", student):
        raise PermissionDenied
    form = forms.OpenForm(request.POST or None, centre_id=student.school.centre_id)
    if request.method == "POST" and form.is_valid():
        try:
            plan = actions.open_plan(user, student, form.cleaned_data["school_year"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Plan d'intervention ouvert : commencez par la collecte et l'analyse de l'information."),
            )
            return redirect("plans:detail", plan_id=plan.pk)
    existing = plans_visible_to(user).filter(student=student).exclude(status=PlanStatus.CLOSED).first()
    return render(request, "plans/open.html", {"form": form, "student": student, "existing": existing})


def _post_action(request: HttpRequest, plan_id: int, view: str, run: Any, done: str) -> HttpResponse:
    user: Any = request.user
    plan = get_plan_for(user, plan_id, view=view, audit=False).plan
    if not user.has_perm("plans.run", plan):
        raise PermissionDenied
    try:
        run(user, plan)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, done)
    return redirect("plans:detail", plan_id=plan.pk)


@login_required
@require_POST
def plan_advance(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _post_action(
        request, plan_id, "plans:advance", actions.advance_phase, _("Le plan passe à la phase suivante.")
    )


@login_required
@require_POST
def plan_activate(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _post_action(
        request,
        plan_id,
        "plans:activate",
        actions.activate,
        _("Plan activé : les interventions commencent et la famille le voit dans le portail."),
    )


@login_required
@require_POST
def plan_request_signatures(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _post_action(
        request,
        plan_id,
        "plans:request_signatures",
        signing.request_signatures,
        _(
            "Signature demandée : le plan s'affiche dans le portail des parents "
            "(et de l'élève de 14 ans ou plus)."
        ),
    )


# --- Portal ------------------------------------------------------------------------------------------


def _require_family(user: Any) -> None:
    if getattr(user, "role", "") not in FAMILY_ROLES:
        raise PermissionDenied


@login_required
def portal(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_family(user)
    plans = list(
        plans_visible_to(user)
        .select_related("student", "school_year")
        .order_by("student__first_name", "-opened_at")
    )
    return render(request, "plans/portal.html", {"plans": plans})


@login_required
def portal_plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    user: Any = request.user
    _require_family(user)
    access = get_plan_for(user, plan_id, view="plans:portal_plan")
    plan = access.plan
    form = forms.SignForm(request.POST or None, initial={"digest": signing.digest_of(plan)})
    refusal = None
    if request.method == "POST":
        if form.is_valid():
            try:
                signing.sign_plan(
                    user, plan, digest=form.cleaned_data["digest"], agreed=form.cleaned_data["agreed"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("Vous ne pouvez pas signer ce plan."))
            else:
                messages.success(
                    request,
                    _("Merci : votre signature est enregistrée avec la date, l'heure et la version du plan."),
                )
                return redirect("plans:portal_plan", plan_id=plan.pk)
    else:
        from plans.rules import signing_refusal

        refusal = signing_refusal(user, plan)
    digest = signing.digest_of(plan)
    context = display.plan_context(user, plan, access.reason, digest=digest)
    context.update(
        {"form": form, "refusal": refusal, "can_sign": refusal is None or request.method == "POST"}
    )
    return render(request, "plans/portal_plan.html", context)


# --- Ministry declaration ------------------------------------------------------------------------------


@login_required
def declaration(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.has_perm("plans.export"):
        raise PermissionDenied
    years = export.years_for(user)
    form = forms.DeclarationForm(request.GET or None, years=years)
    if request.GET and form.is_valid():
        year = form.cleaned_data["annee"]
        text, _count = export.declaration(user, year)
        response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="plans-actifs-{year.label}.csv"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
    context = {"form": form, "is_manager": user.role == Role.MANAGER, "list_url": reverse("plans:list")}
    return render(request, "plans/declaration.html", context)
