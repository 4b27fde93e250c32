"""Student search, the 360 page and break-the-glass. Thin: access goes through students.access."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from students import actions
from students.access import get_student_for
from students.authorizer import REASON_LABELS, Reason
from students.forms import BreakGlassForm, BreakGlassReviewForm
from students.models import BreakGlassAccess, GuardianLink, Student
from students.sections import compartments_for, sections_for

SEARCH_LIMIT = 25


def search_students(user: object, query: str) -> list[Student]:
    """Students this user may see whose name or code permanent matches every word of the query."""
    words = query.split()
    if not words or len(query.strip()) < 2:
        return []
    qs = Student.objects.visible_to(user).select_related("school", "group")
    for word in words[:4]:
        qs = qs.filter(
            Q(last_name__icontains=word) | Q(first_name__icontains=word) | Q(code_permanent__iexact=word)
        )
    return list(qs.order_by("last_name", "first_name")[:SEARCH_LIMIT])


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    results = search_students(request.user, query)
    context = {"query": query, "results": results, "limit": SEARCH_LIMIT}
    template = "students/_results.html" if getattr(request, "htmx", False) else "students/search.html"
    return render(request, template, context)


@login_required
def student_360(request: HttpRequest, student_id: int) -> HttpResponse:
    access = get_student_for(request.user, student_id, view="students:detail")
    student = access.student
    links = (
        GuardianLink.objects.filter(student=student)
        .select_related("guardian")
        .order_by("guardian__last_name")
    )
    context = {
        "student": student,
        "reason": access.reason,
        "reason_label": REASON_LABELS.get(access.reason, access.reason),
        "is_break_glass": access.reason == Reason.BREAK_GLASS,
        "guardian_links": links,
        "show_health_alert": access.reason != Reason.SELF,
        "compartments": compartments_for(sections_for(request.user, access)),
    }
    return render(request, "students/student_360.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def break_glass(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("students.break_glass"):
        raise PermissionDenied
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            access = actions.open_break_glass(
                request.user, form.cleaned_data["code_permanent"], form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.warning(request, _("Accès d'urgence ouvert. Il est journalisé et sera révisé."))
            return redirect("students:detail", student_id=access.student_id)
    return render(request, "students/break_glass.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def break_glass_review(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("core.view_audit"):
        raise PermissionDenied
    if request.method == "POST":
        access = get_object_or_404(
            BreakGlassAccess, pk=request.POST.get("access_id"), reviewed_at__isnull=True
        )
        form = BreakGlassReviewForm(request.POST)
        if form.is_valid():
            actions.review_break_glass(request.user, access, form.cleaned_data["note"])
            messages.success(request, _("Accès d'urgence révisé."))
            return redirect("students:break_glass_review")
    pending = BreakGlassAccess.objects.filter(reviewed_at__isnull=True).select_related(
        "user", "student__school"
    )
    reviewed = BreakGlassAccess.objects.filter(reviewed_at__isnull=False).select_related(
        "user", "student__school", "reviewed_by"
    )[:50]
    return render(
        request,
        "students/break_glass_review.html",
        {"pending": pending, "reviewed": reviewed, "form": BreakGlassReviewForm()},
    )
