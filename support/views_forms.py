"""Pages that change tiers and interventions. Each: the object through the access helper (404), the
permission (403), the form (French errors, nothing lost), the named action, back to the page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from support import actions, forms
from support.access import get_intervention_for, get_support_student_for
from support.monitoring import monitor


def _form_page(
    request: HttpRequest,
    form: Form,
    apply: Callable[[], Any],
    *,
    context: dict[str, Any],
    done: str,
    back: str,
    success: Callable[[Any], str] | None = None,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            result = apply()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, done)
            return redirect(success(result) if success else back)
    return render(request, "support/form.html", {"form": form, "back": back, **context})


@login_required
def tier_form(request: HttpRequest, student_id: int) -> HttpResponse:
    user: Any = request.user
    student = get_support_student_for(user, student_id, view="support:tier").student
    if not user.has_perm("support.record_tier", student):
        raise PermissionDenied
    current = actions.current_tier(student)
    # The early-warning list links here with ?origine=early_warning&reference=<the week it showed>.
    initial = {
        "source": request.GET.get("origine", ""),
        "source_reference": request.GET.get("reference", "")[:200],
    }
    form = forms.TierForm(request.POST or None, initial=initial)

    def apply() -> Any:
        d = form.cleaned_data
        return actions.record_tier_decision(
            user, student, d["tier"], d["reason"], source=d["source"], source_reference=d["source_reference"]
        )

    back = reverse("support:student", args=[student.pk])
    context = {
        "student": student,
        "title": _("Décider du palier"),
        "intro": _(
            "Une décision de l'équipe, jamais d'un score (Loi 25, art. 65.2). Elle remplace la décision en "
            "vigueur, qui reste à l'historique."
        ),
        "current": current,
    }
    return _form_page(
        request, form, apply, context=context, done=_("Décision de palier enregistrée."), back=back
    )


@login_required
def start_form(request: HttpRequest, student_id: int) -> HttpResponse:
    user: Any = request.user
    student = get_support_student_for(user, student_id, view="support:start").student
    if not user.has_perm("support.start", student):
        raise PermissionDenied
    form = forms.StartForm(request.POST or None, student=student)
    context = {"student": student, "title": _("Commencer une intervention"), "intro": ""}
    return _form_page(
        request,
        form,
        lambda: actions.start_intervention(user, student, form.data_for()),
        context=context,
        done=_("Intervention commencée : notez les points de suivi selon le palier de l'élève."),
        back=reverse("support:student", args=[student.pk]),
        success=lambda i: reverse("support:detail", args=[i.pk]),
    )


def _intervention(request: HttpRequest, intervention_id: int, view: str, perm: str) -> Any:
    user: Any = request.user
    intervention = get_intervention_for(user, intervention_id, view=view).intervention
    if not user.has_perm(perm, intervention):
        raise PermissionDenied
    return intervention


@login_required
def point_form(request: HttpRequest, intervention_id: int) -> HttpResponse:
    user: Any = request.user
    intervention = _intervention(request, intervention_id, "support:point", "support.add_point")
    form = forms.PointForm(request.POST or None, unit=intervention.unit)

    def apply() -> Any:
        d = form.cleaned_data
        return actions.add_progress_point(
            user, intervention, measured_on=d["measured_on"], value=d["value"], note=d["note"]
        )

    back = reverse("support:detail", args=[intervention.pk])
    context = {
        "student": intervention.student,
        "intervention": intervention,
        "title": _("Ajouter un point de suivi"),
        "intro": f"{intervention.kind.label} — {intervention.goal}",
    }
    return _form_page(request, form, apply, context=context, done=_("Point de suivi ajouté."), back=back)


@login_required
def decision_form(request: HttpRequest, intervention_id: int) -> HttpResponse:
    user: Any = request.user
    intervention = _intervention(request, intervention_id, "support:decide", "support.decide")
    form = forms.DecisionForm(request.POST or None)

    def apply() -> Any:
        d = form.cleaned_data
        return actions.record_intervention_decision(
            user, intervention, kind=d["kind"], reason=d["reason"], outcome=d.get("outcome", "")
        )

    context = {
        "student": intervention.student,
        "intervention": intervention,
        "m": monitor(intervention),
        "title": _("Décider de la suite"),
        "intro": f"{intervention.kind.label} — {intervention.goal}",
    }
    return _form_page(
        request,
        form,
        apply,
        context=context,
        done=_("Décision enregistrée."),
        back=reverse("support:detail", args=[intervention.pk]),
    )
