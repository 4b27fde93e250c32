"""Criteria sets: every staff member who reads scores sees the criteria (explainability); the manager
copies a version, adjusts it (validated, French messages) and chooses the active set."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from earlywarning import criteria as logic
from earlywarning.forms import CriteriaSetForm, CriterionFormSet
from earlywarning.models import CriteriaSet
from earlywarning.rules import can_list, can_manage_criteria
from lib.risk import FACTS, Criterion, CriterionError


def _readable(user: Any) -> None:
    if not (can_list(user) or can_manage_criteria(user)):
        raise PermissionDenied


def _get(set_id: int) -> CriteriaSet:
    try:
        return CriteriaSet.objects.select_related("author", "based_on").get(pk=set_id)
    except CriteriaSet.DoesNotExist:
        raise Http404("Ensemble introuvable") from None


@login_required
def criteria_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _readable(user)
    sets = CriteriaSet.objects.select_related("author", "based_on").order_by("name", "-version")
    return render(
        request, "earlywarning/criteria_list.html", {"sets": sets, "can_manage": can_manage_criteria(user)}
    )


@login_required
def criteria_detail(request: HttpRequest, set_id: int) -> HttpResponse:
    user: Any = request.user
    _readable(user)
    chosen = _get(set_id)
    rows = [(c, FACTS[c.fact]) for c in chosen.as_criteria()]
    context = {
        "set": chosen,
        "rows": rows,
        "can_manage": can_manage_criteria(user),
        "total": sum(c.weight for c, _f in rows),
    }
    return render(request, "earlywarning/criteria_detail.html", context)


@login_required
def criteria_copy(request: HttpRequest, set_id: int) -> HttpResponse:
    user: Any = request.user
    if not can_manage_criteria(user):
        raise PermissionDenied
    base = _get(set_id)
    if request.method == "POST":
        form = CriteriaSetForm(request.POST)
        formset = CriterionFormSet(request.POST, prefix="c")
        if form.is_valid() and formset.is_valid():
            try:
                items = [
                    Criterion(
                        **{
                            k: f.cleaned_data[k]
                            for k in (
                                "code",
                                "name",
                                "description",
                                "fact",
                                "comparison",
                                "threshold",
                                "weight",
                            )
                        }
                    )
                    for f in formset.forms
                    if f.cleaned_data and not f.cleaned_data.get("DELETE")
                ]
                created = logic.create_criteria_set(
                    name=form.cleaned_data["name"],
                    criteria=items,
                    author=user,
                    based_on=base,
                    notes=form.cleaned_data["notes"],
                )
            except (ValidationError, CriterionError) as exc:
                for message in getattr(exc, "messages", [str(exc)]):
                    form.add_error(None, message)
            else:
                messages.success(request, _("Version enregistrée : %(set)s.") % {"set": created})
                return redirect("earlywarning:criteria_detail", created.pk)
    else:
        form = CriteriaSetForm(initial={"name": base.name})
        formset = CriterionFormSet(initial=[c.to_dict() for c in base.as_criteria()], prefix="c")
    return render(
        request,
        "earlywarning/criteria_form.html",
        {"form": form, "formset": formset, "base": base},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def criteria_activate(request: HttpRequest, set_id: int) -> HttpResponse:
    user: Any = request.user
    if not can_manage_criteria(user):
        raise PermissionDenied
    chosen = logic.activate(user, _get(set_id))
    messages.success(
        request,
        _("« %(set)s » est l'ensemble actif : les prochains calculs hebdomadaires l'utiliseront.")
        % {"set": chosen},
    )
    return redirect("earlywarning:criteria_detail", chosen.pk)
