"""The portraits: the centre dashboard (manager), the school portrait (principal), the class portrait
(teacher) with its observations, and their CSV and Excel exports. Thin: the scope comes from
`insights.access` and `insights.filters`, the figures from the panel registry."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.models import Role
from insights import actions, dashboards, exports
from insights.access import get_group_for, get_school_for
from insights.filters import read_filters
from insights.forms import ObservationForm
from insights.queries import observations_visible_to
from students.models import Group, Student
from support.audit import log_list_read


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.role == Role.MANAGER and user.has_perm("insights.view_centre"):
        return redirect("insights:centre")
    if user.role == Role.PRINCIPAL:
        schools = sorted(user.served_school_ids())
        if len(schools) == 1:
            return redirect("insights:school", school_id=schools[0])
        from core.models import School

        return render(request, "insights/index.html", {"schools": School.objects.filter(pk__in=schools)})
    if user.role == Role.TEACHER:
        groups = list(
            Group.objects.filter(teachers=user, school_year__is_current=True).select_related("school")
        )
        if len(groups) == 1:
            return redirect("insights:group", group_id=groups[0].pk)
        return render(request, "insights/index.html", {"groups": groups})
    raise PermissionDenied


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    """A minimal page of the app (same middleware, session and base template): the bench's floor."""
    return render(request, "insights/floor.html")


def _centre(request: HttpRequest) -> dashboards.Dashboard:
    user: Any = request.user
    if not user.has_perm("insights.view_centre"):
        raise PermissionDenied
    filters, errors, choices = read_filters(request.GET, user.centre_id, centre_filters=True)
    return dashboards.build(dashboards.centre_scope(user.centre_id, filters), errors=errors, choices=choices)


def _school(request: HttpRequest, school_id: int) -> tuple[dashboards.Dashboard, Any]:
    school = get_school_for(request.user, school_id)
    filters, errors, _choices = read_filters(request.GET, school.centre_id, centre_filters=False)
    return dashboards.build(dashboards.school_scope(school, filters), errors=errors), school


def _group(request: HttpRequest, group_id: int, view: str) -> tuple[dashboards.Dashboard, Any, list[Any]]:
    group = get_group_for(request.user, group_id)
    filters, errors, _choices = read_filters(request.GET, group.school.centre_id, centre_filters=False)
    board = dashboards.build(dashboards.group_scope(group, filters), errors=errors)
    students = list(Student.objects.filter(group=group).order_by("last_name", "first_name"))
    board.student_columns, board.students = dashboards.student_table(board.scope, students)
    log_list_read(request.user, students, view=view)
    return board, group, students


def _export_base(name: str, *args: Any) -> str:
    """The export address without its extension: the page adds .csv or .xlsx."""
    return reverse(name, args=[*args, "x"])[:-2]


@login_required
def centre(request: HttpRequest) -> HttpResponse:
    board = _centre(request)
    html = dashboards.panels_html(board, _export_base("insights:centre_export"))
    return render(request, "insights/centre.html", {"board": board, "panels_html": html})


@login_required
def school(request: HttpRequest, school_id: int) -> HttpResponse:
    board, found = _school(request, school_id)
    html = dashboards.panels_html(board, _export_base("insights:school_export", found.pk))
    return render(request, "insights/school.html", {"board": board, "school": found, "panels_html": html})


@login_required
def group(request: HttpRequest, group_id: int, form: ObservationForm | None = None) -> HttpResponse:
    board, found, students = _group(request, group_id, "insights:group")
    user: Any = request.user
    can_write = user.role == Role.TEACHER
    recent = list(
        observations_visible_to(request.user)
        .filter(student__in=students)
        .select_related("student", "author")[:20]
    )
    context = {
        "board": board,
        "group": found,
        "form": form or (ObservationForm(students=students) if can_write else None),
        "observations": recent,
        "panels_html": dashboards.panels_html(board, _export_base("insights:group_export", found.pk)),
    }
    return render(request, "insights/group.html", context, status=400 if form is not None else 200)


@login_required
@require_POST
def add_observation(request: HttpRequest, group_id: int) -> HttpResponse:
    found = get_group_for(request.user, group_id)
    user: Any = request.user
    if not found.teachers.filter(pk=user.pk).exists():
        raise Http404  # the principal reads the portrait; only the group's teachers write (before the form)
    students = list(Student.objects.filter(group=found).order_by("last_name", "first_name"))
    form = ObservationForm(request.POST, students=students)
    if not form.is_valid():
        return group(request, group_id, form=form)
    student = next(s for s in students if s.pk == form.cleaned_data["student"])
    try:
        actions.add_observation(
            request.user,
            student,
            observed_on=form.cleaned_data["observed_on"],
            domain=form.cleaned_data["domain"],
            text=form.cleaned_data["text"],
        )
    except PermissionDenied:
        raise Http404 from None
    messages.success(
        request, _("Observation ajoutée au dossier de %(eleve)s.") % {"eleve": student.full_name}
    )
    return redirect("insights:group", group_id=found.pk)


@login_required
def centre_export(request: HttpRequest, fmt: str) -> HttpResponse:
    board = _centre(request)
    return exports.respond(board.panels, fmt, "portrait-centre", request.GET.get("panneau", ""))


@login_required
def school_export(request: HttpRequest, school_id: int, fmt: str) -> HttpResponse:
    board, found = _school(request, school_id)
    return exports.respond(
        board.panels, fmt, f"portrait-ecole-{found.ministry_code}", request.GET.get("panneau", "")
    )


@login_required
def group_export(request: HttpRequest, group_id: int, fmt: str) -> HttpResponse:
    board, found, _students = _group(request, group_id, "insights:group_export")
    table = exports.student_panel(board)
    return exports.respond(
        [table, *board.panels], fmt, f"portrait-groupe-{found.code}", request.GET.get("panneau", "")
    )
