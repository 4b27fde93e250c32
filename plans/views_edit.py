"""The forms of a plan's parts. Each page: the plan through `get_plan_for` (404), the permission (403),
the form (French errors, nothing lost), the named action, back to the plan."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lib.text import is_identifier
from plans import actions, forms, signing
from plans.access import get_plan_for
from plans.models import InterventionPlan

FormFactory = Callable[[Any, Any], Form]  # (POST data or None, the plan or the item edited)
Apply = Callable[[Any, InterventionPlan, Any], Any]


def _page(
    request: HttpRequest,
    plan_id: int,
    *,
    view: str,
    perm: str,
    make_form: FormFactory,
    apply: Apply,
    title: str,
    done: str,
    anchor: str,
    intro: str = "",
    item: Callable[[InterventionPlan], Any] | None = None,
) -> HttpResponse:
    user: Any = request.user
    plan = get_plan_for(user, plan_id, view=view).plan
    if not user.has_perm(perm, plan):
        raise PermissionDenied
    target = item(plan) if item else None
    back = reverse("plans:detail", args=[plan.pk]) + f"#{anchor}"
    if plan.is_closed:
        messages.error(request, _("Ce plan est fermé : il ne se modifie plus."))
        return redirect(back)
    form = make_form(request.POST if request.method == "POST" else None, target if item else plan)
    if request.method == "POST" and form.is_valid():
        try:
            apply(user, plan, (form, target) if item else form)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, done)
            return redirect(back)
    context = {
        "form": form,
        "plan": plan,
        "student": plan.student,
        "title": title,
        "intro": intro,
        "back": back,
    }
    return render(request, "plans/form.html", context)


def _one(related: str, item_id: int) -> Callable[[InterventionPlan], Any]:
    """An item of this plan (a need, an objective…), else 404: ids of other plans do not work here."""

    def find(plan: InterventionPlan) -> Any:
        found = getattr(plan, related).filter(pk=item_id).first()
        if found is None:
            raise Http404("Élément introuvable")
        return found

    return find


# --- Phase 1 ---------------------------------------------------------------------------------------------


@login_required
def analysis(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _page(
        request,
        plan_id,
        view="plans:analysis",
        perm="plans.run",
        make_form=lambda data, plan: forms.AnalysisForm(
            data, initial={"strengths": plan.strengths, "difficulties": plan.difficulties}
        ),
        apply=lambda user, plan, form: actions.update_analysis(user, plan, **form.cleaned_data),
        title=_("Collecte et analyse de l'information"),
        intro=_(
            "Ce que l'équipe, les parents et l'élève ont observé : les forces d'abord, puis les difficultés."
        ),
        done=_("Analyse enregistrée."),
        anchor="phase-collect",
    )


# --- Phase 2 ---------------------------------------------------------------------------------------------


@login_required
def need_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _page(
        request,
        plan_id,
        view="plans:need_add",
        perm="plans.run",
        make_form=lambda data, plan: forms.NeedForm(data),
        apply=lambda user, plan, form: actions.add_need(user, plan, form.cleaned_data["description"]),
        title=_("Ajouter un besoin prioritaire"),
        done=_("Besoin prioritaire ajouté."),
        anchor="phase-planning",
    )


@login_required
def need_edit(request: HttpRequest, plan_id: int, need_id: int) -> HttpResponse:
    return _page(
        request,
        plan_id,
        view="plans:need_edit",
        perm="plans.run",
        item=_one("needs", need_id),
        make_form=lambda data, need: forms.NeedForm(data, initial={"description": need.description}),
        apply=lambda user, plan, pair: actions.edit_need(user, pair[1], pair[0].cleaned_data["description"]),
        title=_("Modifier le besoin prioritaire"),
        done=_("Besoin prioritaire modifié."),
        anchor="phase-planning",
    )


def _objective_data(form: Any) -> actions.ObjectiveData:
    d = form.cleaned_data
    return actions.ObjectiveData(
        text=d["text"],
        indicator=d["indicator"],
        target=d["target"],
        due_on=d["due_on"],
        need=d.get("need"),
        status=d["status"],
    )


@login_required
def objective_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _page(
        request,
        plan_id,
        view="plans:objective_add",
        perm="plans.run",
        make_form=lambda data, plan: forms.ObjectiveForm(data, plan=plan),
        apply=lambda user, plan, form: actions.add_objective(user, plan, _objective_data(form)),
        title=_("Ajouter un objectif mesurable"),
        intro=_("Un objectif dit ce que l'élève fera, comment on le mesurera, la cible et l'échéance."),
        done=_("Objectif ajouté. Précisez maintenant ses moyens."),
        anchor="phase-planning",
    )


@login_required
def objective_edit(request: HttpRequest, plan_id: int, objective_id: int) -> HttpResponse:
    return _page(
        request,
        plan_id,
        view="plans:objective_edit",
        perm="plans.run",
        item=_one("objectives", objective_id),
        make_form=lambda data, o: forms.ObjectiveForm(
            data,
            plan=o.plan,
            initial={
                "text": o.text,
                "indicator": o.indicator,
                "target": o.target,
                "due_on": o.due_on,
                "need": o.need_id,
                "status": o.status,
            },
        ),
        apply=lambda user, plan, pair: actions.edit_objective(user, pair[1], _objective_data(pair[0])),
        title=_("Modifier l'objectif"),
        done=_("Objectif modifié."),
        anchor="phase-planning",
    )


def _means_data(form: Any) -> actions.MeansData:
    d = form.cleaned_data
    return actions.MeansData(
        objective=d["objective"],
        what=d["what"],
        responsible=d.get("responsible"),
        responsible_text=d.get("responsible_text", ""),
        frequency=d.get("frequency", ""),
    )


@login_required
def means_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    objective = request.GET.get("objectif", "")
    return _page(
        request,
        plan_id,
        view="plans:means_add",
        perm="plans.run",
        make_form=lambda data, plan: forms.MeansForm(
            data, plan=plan, initial={"objective": objective} if is_identifier(objective) else {}
        ),
        apply=lambda user, plan, form: actions.add_means(user, plan, _means_data(form)),
        title=_("Ajouter un moyen"),
        intro=_(
            "Qui fait quoi, et à quelle fréquence. "
            "Le personnel responsable voit les moyens qui le concernent."
        ),
        done=_("Moyen ajouté."),
        anchor="phase-planning",
    )


@login_required
def means_edit(request: HttpRequest, plan_id: int, means_id: int) -> HttpResponse:
    return _page(
        request,
        plan_id,
        view="plans:means_edit",
        perm="plans.run",
        item=_one("means", means_id),
        make_form=lambda data, m: forms.MeansForm(
            data,
            plan=m.plan,
            initial={
                "objective": m.objective_id,
                "what": m.what,
                "responsible": m.responsible_id,
                "responsible_text": m.responsible_text,
                "frequency": m.frequency,
            },
        ),
        apply=lambda user, plan, pair: actions.edit_means(user, pair[1], _means_data(pair[0])),
        title=_("Modifier le moyen"),
        done=_("Moyen modifié."),
        anchor="phase-planning",
    )


@login_required
def participant_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    def apply(user: Any, plan: InterventionPlan, form: Any) -> Any:
        d = form.cleaned_data
        return actions.add_participant(
            user,
            plan,
            role_in_plan=d["role_in_plan"],
            present_at_meetings=d["present_at_meetings"],
            **form.person(),
        )

    return _page(
        request,
        plan_id,
        view="plans:participant_add",
        perm="plans.run",
        make_form=lambda data, plan: forms.ParticipantForm(
            data, plan=plan, initial={"present_at_meetings": True}
        ),
        apply=apply,
        title=_("Ajouter un ou une participant·e"),
        done=_("Participant·e ajouté·e."),
        anchor="participants",
    )


@login_required
def participant_edit(request: HttpRequest, plan_id: int, participant_id: int) -> HttpResponse:
    return _page(
        request,
        plan_id,
        view="plans:participant_edit",
        perm="plans.run",
        item=_one("participants", participant_id),
        make_form=lambda data, p: forms.ParticipantForm(
            data,
            plan=p.plan,
            editing=True,
            initial={"role_in_plan": p.role_in_plan, "present_at_meetings": p.present_at_meetings},
        ),
        apply=lambda user, plan, pair: actions.edit_participant(user, pair[1], **pair[0].cleaned_data),
        title=_("Modifier le ou la participant·e"),
        done=_("Participant·e modifié·e."),
        anchor="participants",
    )


@login_required
def follow_up(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _page(
        request,
        plan_id,
        view="plans:follow_up",
        perm="plans.run",
        make_form=lambda data, plan: forms.FollowUpForm(
            data,
            plan=plan,
            initial={
                "next_review_on": plan.next_review_on,
                "contact_responsible": plan.contact_responsible_id,
            },
        ),
        apply=lambda user, plan, form: actions.set_follow_up(user, plan, **form.cleaned_data),
        title=_("Suivi : prochaine révision et contact mensuel"),
        done=_("Suivi enregistré."),
        anchor="suivi",
    )


# --- Phases 3 and 4 ------------------------------------------------------------------------------------


@login_required
def review(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _page(
        request,
        plan_id,
        view="plans:review",
        perm="plans.run",
        make_form=lambda data, plan: forms.ReviewForm(data),
        apply=lambda user, plan, form: actions.record_review(user, plan, **form.cleaned_data),
        title=_("Consigner une révision"),
        intro=_(
            "Les constats sur chaque objectif, et les décisions : poursuivre, ajuster ou fermer le plan."
        ),
        done=_("Révision consignée."),
        anchor="phase-review",
    )


@login_required
def close(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _page(
        request,
        plan_id,
        view="plans:close",
        perm="plans.run",
        make_form=lambda data, plan: forms.CloseForm(data),
        apply=lambda user, plan, form: actions.close_plan(user, plan, form.cleaned_data["note"]),
        title=_("Fermer le plan"),
        intro=_("Un plan fermé ne se modifie plus; il reste consultable."),
        done=_("Plan fermé."),
        anchor="suivi",
    )


@login_required
def contact(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _page(
        request,
        plan_id,
        view="plans:contact",
        perm="plans.log_contact",
        make_form=lambda data, plan: forms.ContactForm(data),
        apply=lambda user, plan, form: actions.log_parent_contact(user, plan, **form.cleaned_data),
        title=_("Noter un contact avec les parents"),
        intro=_(
            "Les parents d'un élève qui a un plan sont contactés au moins une fois par mois "
            "(Régime pédagogique, art. 29)."
        ),
        done=_("Contact avec les parents noté."),
        anchor="contacts",
    )


@login_required
def paper_signature(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _page(
        request,
        plan_id,
        view="plans:paper_signature",
        perm="plans.run",
        make_form=lambda data, plan: forms.PaperSignatureForm(data, plan=plan),
        apply=lambda user, plan, form: signing.record_paper_signature(
            user, plan, guardian=form.guardian(), signed_on=form.cleaned_data["signed_on"]
        ),
        title=_("Consigner une signature sur papier"),
        intro=_("La signature porte sur la version actuelle du plan."),
        done=_("Signature sur papier consignée."),
        anchor="signatures",
    )
