"""Pages of early warning that read: the list of students with their reasons, a student's reasons and
history, and the readable copy of the factors for the family. Thin: reads through
`earlywarning.queries` and `earlywarning.access`; every read of a student's data is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.audit import log_event
from earlywarning import explain
from earlywarning.access import get_warning_student_for
from earlywarning.criteria import criteria_set_of
from earlywarning.forms import TierDecisionForm
from earlywarning.models import RiskScore, StudentWeek
from earlywarning.queries import students_for
from earlywarning.rules import can_list
from lib.text import is_identifier
from support.actions import record_tier_decision
from support.audit import log_list_read
from support.models import TierSource
from support.queries import current_tier_decisions, interventions_visible_to

PAGE = 50
HISTORY_WEEKS = 12


@login_required
def score_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not can_list(user):
        raise PermissionDenied
    chosen = criteria_set_of()
    week = explain.latest_week(chosen)
    scores = (
        RiskScore.objects.visible_to(user)
        .for_week(week, chosen)
        .filter(coefficient__gt=0)
        .select_related("student__school", "student__group", "criteria_set")
        .order_by("-coefficient", "student__last_name", "student__first_name")
    )
    schools = sorted({(s.pk, s.name) for s in _schools(user)}, key=lambda s: s[1])
    school = request.GET.get("ecole", "")
    if is_identifier(school):
        scores = scores.filter(school_id=int(school))
    page = Paginator(scores, PAGE).get_page(request.GET.get("page"))
    students = [s.student for s in page]
    tiers = {d.student_id: d for d in current_tier_decisions().filter(student__in=students)}
    followed = set(
        interventions_visible_to(user)
        .filter(student__in=students, status="active")
        .values_list("student_id", flat=True)
    )
    rows = [
        {
            "score": s,
            "reasons": explain.fired_reasons(s),
            "weights": explain.weights(s),
            "tier": tiers.get(s.student_id),
            "followed": s.student_id in followed,
        }
        for s in page
    ]
    log_list_read(user, students, view="earlywarning:list")
    context = {
        "rows": rows,
        "page": page,
        "week": week,
        "criteria_set": chosen,
        "schools": schools,
        "school": school,
        "reference": explain.iso_week(week) if week else "",
        "can_decide": user.role == "principal",
    }
    return render(request, "earlywarning/list.html", context)


def _schools(user: Any) -> Any:
    from core.models import School

    return School.objects.filter(pk__in=students_for(user).values("school_id"))


def _student_context(user: Any, student: Any) -> dict[str, Any]:
    chosen = criteria_set_of()
    scores = list(
        RiskScore.objects.visible_to(user)
        .filter(student=student, criteria_set=chosen)
        .select_related("criteria_set")
        .order_by("-week")[:HISTORY_WEEKS]
    )
    latest = scores[0] if scores else None
    weeks = list(StudentWeek.objects.filter(student=student).order_by("-week")[:HISTORY_WEEKS])
    chart = {
        "labels": {"rate": _("Présence de la semaine (%)"), "coefficient": _("Coefficient (0 à 100)")},
        "weeks": [str(w.week) for w in reversed(weeks)],
        "rates": [w.rate for w in reversed(weeks)],
        "coefficients": {str(s.week): s.coefficient for s in scores},
    }
    return {
        "student": student,
        "latest": latest,
        "reasons": explain.all_reasons(latest) if latest else [],
        "weights": explain.weights(latest) if latest else (0, 0),
        "history": [{"score": s, "reasons": explain.fired_reasons(s)} for s in scores],
        "weeks": weeks,
        "chart": chart,
        "decision": current_tier_decisions().filter(student=student).first(),
        "can_decide": user.has_perm("support.record_tier", student),
        "can_give": user.has_perm("earlywarning.give_factors", student),
        "reference": explain.reference(latest) if latest else "",
    }


@login_required
def student_page(request: HttpRequest, student_id: int) -> HttpResponse:
    user: Any = request.user
    access = get_warning_student_for(user, student_id, view="earlywarning:student")
    context = _student_context(user, access.student) | {"form": TierDecisionForm()}
    return render(request, "earlywarning/student.html", context)


@login_required
@require_POST
def decide_tier(request: HttpRequest, student_id: int) -> HttpResponse:
    """A person records the tier decision from the student's reasons (support.actions): never the score."""
    user: Any = request.user
    access = get_warning_student_for(user, student_id, view="earlywarning:tier")
    student = access.student
    if not user.has_perm("support.record_tier", student):
        raise PermissionDenied
    form = TierDecisionForm(request.POST)
    context = _student_context(user, student)
    if form.is_valid():
        try:
            record_tier_decision(
                user,
                student,
                form.cleaned_data["tier"],
                form.cleaned_data["reason"],
                source=TierSource.EARLY_WARNING,
                source_reference=context["reference"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Décision de palier enregistrée : elle figure aux paliers de l'élève.")
            )
            return redirect(reverse("earlywarning:student", args=[student.pk]))
    return render(request, "earlywarning/student.html", context | {"form": form}, status=400)


@login_required
@require_POST
def family_copy(request: HttpRequest, student_id: int) -> HttpResponse:
    """On a family's request: a readable copy of the factors used (the criteria and the values read),
    without the coefficient, which families never see. Audited."""
    user: Any = request.user
    access = get_warning_student_for(user, student_id, view="earlywarning:factors")
    student = access.student
    if not user.has_perm("earlywarning.give_factors", student):
        raise PermissionDenied
    context = _student_context(user, student)
    latest = context["latest"]
    if latest is None:
        messages.warning(request, _("Aucun calcul pour cet élève : il n'y a pas de facteurs à remettre."))
        return redirect(reverse("earlywarning:student", args=[student.pk]))
    log_event(user, student, event="earlywarning.factors_given", score=latest.pk, week=str(latest.week))
    return render(request, "earlywarning/family_copy.html", context)
