"""The family portal (book, move, cancel) and the professional's slots."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.models import Role
from scheduling import booking_actions, config, forms
from scheduling.access import get_appointment_for, get_slot_for
from scheduling.booking_actions import free_slots
from scheduling.models import BookableSlot, Status
from scheduling.queries import appointments_visible_to, family_students, slots_visible_to

FAMILY = (Role.GUARDIAN, Role.STUDENT)


@login_required
def portal(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.role not in FAMILY:
        raise PermissionDenied
    now = timezone.now()
    upcoming = (
        appointments_visible_to(user)
        .filter(ends_at__gte=now)
        .exclude(status__in=[Status.CANCELLED, Status.CANCELLED_LATE])
        .select_related("school", "room", "episode__request__student")
        .prefetch_related("professionals")
        .order_by("starts_at")
    )
    slots = (
        free_slots(slots_visible_to(user)).select_related("professional", "school").order_by("starts_at")[:60]
    )
    rules = config.booking_rules()
    return render(
        request,
        "scheduling/portal.html",
        {
            "upcoming": upcoming,
            "slots": slots,
            "students": family_students(user).order_by("first_name"),
            "rules": rules,
        },
    )


def _student_of(user: Any, raw: Any) -> Any:
    try:
        return family_students(user).get(pk=int(raw))
    except (ValueError, TypeError, Exception):
        raise PermissionDenied from None


@login_required
@require_POST
def book(request: HttpRequest, slot_id: int) -> HttpResponse:
    user: Any = request.user
    slot = get_slot_for(user, slot_id)
    student = _student_of(user, request.POST.get("student"))
    try:
        appointment = booking_actions.book_slot(user, slot, student)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("scheduling:portal")
    messages.success(request, _("Rendez-vous réservé; une confirmation vous est envoyée par courriel."))
    return redirect("scheduling:detail", appointment.pk)


@login_required
def family_move(request: HttpRequest, appointment_id: int) -> HttpResponse:
    user: Any = request.user
    appointment, _reason = get_appointment_for(user, appointment_id, view="scheduling:family_move")
    if not user.has_perm("scheduling.family_change", appointment) or appointment.slot is None:
        raise PermissionDenied
    options = free_slots(slots_visible_to(user).filter(professional=appointment.slot.professional))
    if request.method == "POST":
        slot = get_slot_for(user, request.POST.get("slot"))
        try:
            booking_actions.family_move(user, appointment, slot)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Rendez-vous déplacé; une confirmation vous est envoyée."))
            return redirect("scheduling:detail", appointment.pk)
    return render(
        request, "scheduling/family_move.html", {"a": appointment, "slots": options.order_by("starts_at")}
    )


@login_required
@require_POST
def family_cancel(request: HttpRequest, appointment_id: int) -> HttpResponse:
    user: Any = request.user
    appointment, _reason = get_appointment_for(user, appointment_id, view="scheduling:family_cancel")
    try:
        booking_actions.family_cancel(user, appointment)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("scheduling:detail", appointment.pk)
    messages.success(request, _("Rendez-vous annulé."))
    return redirect("scheduling:portal")


@login_required
def slots(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.has_perm("scheduling.professional"):
        raise PermissionDenied
    form = forms.SlotForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = booking_actions.publish_slots(user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(count)s plage(s) publiée(s).") % {"count": len(created)})
            return redirect("scheduling:slots")
    mine = (
        BookableSlot.objects.filter(professional=user, published=True, ends_at__gte=timezone.now())
        .select_related("school")
        .prefetch_related("appointments__students")
        .order_by("starts_at")
    )
    rows = [(s, next((a for a in s.appointments.all() if not a.is_cancelled), None)) for s in mine]
    return render(request, "scheduling/slots.html", {"form": form, "rows": rows})


@login_required
@require_POST
def withdraw(request: HttpRequest, slot_id: int) -> HttpResponse:
    user: Any = request.user
    slot = get_slot_for(user, slot_id)
    try:
        booking_actions.withdraw_slot(user, slot)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Plage retirée."))
    return redirect("scheduling:slots")
