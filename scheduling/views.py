"""Pages of a professional's appointments: the week and day calendars, an appointment with its actions,
the planning form. Thin: reads through `scheduling.queries`/`access`, changes through the actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.models import Role
from intake.models import ServiceEpisode
from scheduling import actions, forms, notes, telepractice
from scheduling.access import get_appointment_for
from scheduling.calendar import days_with, parse_day, week_of
from scheduling.models import SchoolClosure, Status
from scheduling.queries import appointments_visible_to
from students.models import GuardianLink
from support.audit import log_list_read

FAMILY = (Role.GUARDIAN, Role.STUDENT)


def _week_context(request: HttpRequest, appointments: Any, closures: Any = ()) -> dict[str, Any]:
    chosen = parse_day(request.GET.get("semaine") or request.GET.get("jour"))
    single = "jour" in request.GET
    days = [chosen] if single else week_of(chosen)
    step = dt.timedelta(days=1 if single else 7)
    found = days_with(appointments, days, closures)
    return {
        "days": found,
        "single": single,
        "first": days[0],
        "last": days[-1],
        "previous": (days[0] - step).isoformat(),
        "next": (days[0] + step).isoformat(),
        "today": timezone.localdate(),
    }


@login_required
def week(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.role in FAMILY:
        return redirect("scheduling:portal")
    if user.role == Role.MANAGER:
        return redirect("scheduling:travel_totals")
    if user.role not in (Role.PROFESSIONAL, Role.TEACHER, Role.PRINCIPAL):
        raise PermissionDenied
    qs = appointments_visible_to(user).select_related("school", "room", "episode__request__student")
    if user.role == Role.PRINCIPAL:
        qs = qs.none()  # the principal reads the calendar of a school
    qs = qs.prefetch_related("students", "professionals")
    context = _week_context(request, qs)
    log_list_read(
        user,
        [s for d in context["days"] for a in d.appointments for s in a.students.all()],
        view="scheduling:week",
    )
    context["schools"] = user.schools.all() if user.role != Role.TEACHER else []
    return render(request, "scheduling/week.html", context)


def _detail_context(user: Any, appointment: Any, reason: str) -> dict[str, Any]:
    is_manager = user.has_perm("scheduling.manage", appointment)
    context: dict[str, Any] = {
        "a": appointment,
        "students": list(appointment.students.all()),
        "professionals": list(appointment.professionals.all()),
        "guardians": list(appointment.guardians.all()),
        "can_manage": is_manager,
        "can_family_change": user.has_perm("scheduling.family_change", appointment),
        "is_planned": appointment.status == Status.PLANNED,
        "started": appointment.starts_at <= timezone.now(),
        "outcomes": [(Status.HELD, Status.HELD.label), (Status.ABSENT, Status.ABSENT.label)],
        "link_shown": appointment.is_telepractice and telepractice.may_see_link(user, appointment),
        "link_reader": user.has_perm("scheduling.see_link", appointment),
    }
    if appointment.is_telepractice:
        context["checklist"] = telepractice.checklist(appointment)
        context["ready"] = telepractice.is_ready(appointment)
        if is_manager:
            context["readiness_form"] = forms.ReadinessForm(
                initial={
                    "student_location": appointment.student_location,
                    "adult_on_site": appointment.adult_on_site,
                    "no_recording": appointment.no_recording,
                }
            )
    if is_manager:
        local = timezone.localtime(appointment.starts_at)
        context["move_form"] = forms.MoveForm(
            initial={"day": local.date(), "at": local.time(), "minutes": appointment.minutes}
        )
    return context


@login_required
def detail(request: HttpRequest, appointment_id: int) -> HttpResponse:
    user: Any = request.user
    appointment, reason = get_appointment_for(user, appointment_id, view="scheduling:detail")
    return render(request, "scheduling/detail.html", _detail_context(user, appointment, reason))


def _managed(request: HttpRequest, appointment_id: int) -> Any:
    """The appointment for its professional: 404 for whoever may not read it, 403 for a reader who may
    not change it (the principal of the school, the student), before any form is read."""
    user: Any = request.user
    appointment, _reason = get_appointment_for(user, appointment_id, view="scheduling:detail")
    if not user.has_perm("scheduling.manage", appointment):
        raise PermissionDenied
    return appointment


def _apply(request: HttpRequest, appointment_id: int, apply: Any, done: str) -> HttpResponse:
    return _run(request, _managed(request, appointment_id), apply, done)


def _run(request: HttpRequest, appointment: Any, apply: Any, done: str) -> HttpResponse:
    user: Any = request.user
    try:
        apply(user, appointment)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("scheduling:detail", appointment.pk)


@login_required
@require_POST
def outcome(request: HttpRequest, appointment_id: int) -> HttpResponse:
    status = request.POST.get("status", "")
    return _apply(
        request, appointment_id, lambda u, a: actions.record_outcome(u, a, status), _("Résultat enregistré.")
    )


@login_required
@require_POST
def cancel(request: HttpRequest, appointment_id: int) -> HttpResponse:
    return _apply(
        request, appointment_id, actions.cancel, _("Rendez-vous annulé; les participants sont avisés.")
    )


@login_required
@require_POST
def cancel_series(request: HttpRequest, appointment_id: int) -> HttpResponse:
    return _apply(
        request,
        appointment_id,
        actions.cancel_series,
        _("Cette séance et les suivantes de la série sont annulées; les participants sont avisés."),
    )


@login_required
@require_POST
def start_note(request: HttpRequest, appointment_id: int) -> HttpResponse:
    return _apply(
        request,
        appointment_id,
        notes.start_note,
        _("Brouillon de note évolutive créé dans votre dossier professionnel."),
    )


@login_required
@require_POST
def move(request: HttpRequest, appointment_id: int) -> HttpResponse:
    appointment = _managed(request, appointment_id)
    form = forms.MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez une date, une heure et une durée valides."))
        return redirect("scheduling:detail", appointment.pk)
    data = form.cleaned_data
    return _run(
        request,
        appointment,
        lambda u, a: actions.move(u, a, day=data["day"], at=data["at"], minutes=data["minutes"]),
        _("Rendez-vous déplacé; les participants sont avisés."),
    )


@login_required
@require_POST
def readiness(request: HttpRequest, appointment_id: int) -> HttpResponse:
    form = forms.ReadinessForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    return _apply(
        request,
        appointment_id,
        lambda u, a: telepractice.confirm_readiness(
            u,
            a,
            student_location=data.get("student_location", ""),
            adult_on_site=bool(data.get("adult_on_site")),
            no_recording=bool(data.get("no_recording")),
        ),
        _("Liste de vérification confirmée : la salle peut s'ouvrir."),
    )


@login_required
def join(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """A link (GET), not a form: the site's CSP allows forms to post only to itself, and the room is on
    the centre's video server. Every entry is audited; the refusals say why."""
    user: Any = request.user
    appointment, _reason = get_appointment_for(user, appointment_id, view="scheduling:join")
    try:
        url = telepractice.enter(user, appointment)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("scheduling:detail", appointment.pk)
    return redirect(url)


def _my_episodes(user: Any) -> Any:
    return (
        ServiceEpisode.objects.filter(professional=user, closed_at__isnull=True)
        .select_related("request__student", "request__domain")
        .order_by("request__student__last_name", "request__student__first_name")
    )


@login_required
def new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.has_perm("scheduling.professional"):
        raise PermissionDenied
    form = forms.AppointmentForm(request.POST or None, user=user, episodes=_my_episodes(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        episode = data["episode"]
        student = episode.request.student
        guardians = []
        if data["invite_guardians"]:
            links = GuardianLink.objects.filter(student=student, has_parental_authority=True).select_related(
                "guardian"
            )
            guardians = [link.guardian for link in links]
        teacher = student.group.teachers.first() if data["invite_teacher"] and student.group_id else None
        plan = actions.Plan(
            kind=data["kind"],
            day=data["day"],
            at=data["at"],
            minutes=data["minutes"],
            modality=data["modality"],
            school=data["school"],
            room=data["room"],
            other_students=list(data["other_students"]),
            other_professionals=list(data["others"]),
            guardians=guardians,
            teacher=teacher,
            weekly_count=data["weekly_count"],
            exceptions=data["exceptions"],
        )
        try:
            created = actions.plan_appointment(user, episode, plan)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(count)s rendez-vous planifié(s); les participants sont avisés.")
                % {"count": len(created)},
            )
            return redirect("scheduling:detail", created[0].pk)
    return render(request, "scheduling/form.html", {"form": form, "title": _("Planifier un rendez-vous")})


@login_required
def school_week(request: HttpRequest, school_id: int) -> HttpResponse:
    """A school's week: the rooms taken, by whom (students named only to those who may read them)."""
    from core.models import School

    user: Any = request.user
    school = School.objects.filter(pk=school_id).first()
    if school is None or not user.has_perm("scheduling.view_school", school):
        raise PermissionDenied
    from scheduling.models import Appointment

    qs = (
        Appointment.objects.filter(school=school, status__in=[Status.PLANNED, Status.HELD, Status.ABSENT])
        .select_related("room")
        .prefetch_related("professionals")
    )
    closures = SchoolClosure.objects.filter(
        Q(school=school) | Q(school__isnull=True), school_year__centre_id=school.centre_id
    )
    context = _week_context(request, qs, closures)
    readable = set(appointments_visible_to(user).filter(school=school).values_list("pk", flat=True))
    context |= {"school": school, "readable": readable}
    return render(request, "scheduling/school_week.html", context)
