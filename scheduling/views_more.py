"""Availability, the personal calendar feed, and travel (the professional's, the manager's totals)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.audit import log_event
from core.models import Role, SchoolYear, User
from lib.scheduling.timeline import week_start
from scheduling import feeds
from scheduling.calendar import parse_day
from scheduling.forms import ExceptionForm, PatternForm
from scheduling.models import AvailabilityException, AvailabilityPattern, CalendarFeed
from scheduling.travel import week_travel


@login_required
def availability(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.has_perm("scheduling.professional"):
        raise PermissionDenied
    year = SchoolYear.objects.filter(centre=user.centre, is_current=True).first()
    form = PatternForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid() and year is not None:
        pattern = AvailabilityPattern.objects.create(professional=user, school_year=year, **form.cleaned_data)
        log_event(user, pattern, event="availability_added")
        messages.success(request, _("Disponibilité ajoutée."))
        return redirect("scheduling:availability")
    patterns = AvailabilityPattern.objects.filter(professional=user).select_related("school", "school_year")
    exceptions = AvailabilityException.objects.filter(professional=user, day__gte=timezone.localdate())
    context = {
        "form": form,
        "patterns": patterns,
        "year": year,
        "exception_form": ExceptionForm(),
        "exceptions": exceptions,
    }
    return render(request, "scheduling/availability.html", context)


@login_required
@require_POST
def exception_add(request: HttpRequest) -> HttpResponse:
    """A day off: no appointment is planned on it (the planning refuses it with a message)."""
    user: Any = request.user
    if not user.has_perm("scheduling.professional"):
        raise PermissionDenied
    form = ExceptionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez une date valide."))
    elif AvailabilityException.objects.filter(professional=user, day=form.cleaned_data["day"]).exists():
        messages.error(request, _("Cette journée est déjà marquée comme non disponible."))
    else:
        found = AvailabilityException.objects.create(professional=user, **form.cleaned_data)
        log_event(user, found, event="availability_exception_added")
        messages.success(request, _("Journée non disponible ajoutée."))
    return redirect("scheduling:availability")


@login_required
@require_POST
def exception_delete(request: HttpRequest, exception_id: int) -> HttpResponse:
    user: Any = request.user
    deleted, _rows = AvailabilityException.objects.filter(pk=exception_id, professional=user).delete()
    if not deleted:
        raise Http404
    messages.success(request, _("Journée non disponible retirée."))
    return redirect("scheduling:availability")


@login_required
@require_POST
def availability_delete(request: HttpRequest, pattern_id: int) -> HttpResponse:
    user: Any = request.user
    deleted, _rows = AvailabilityPattern.objects.filter(pk=pattern_id, professional=user).delete()
    if not deleted:
        raise Http404
    messages.success(request, _("Disponibilité retirée."))
    return redirect("scheduling:availability")


@login_required
def feed(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.has_perm("scheduling.professional"):
        raise PermissionDenied
    mine = CalendarFeed.objects.filter(professional=user).first()
    url = request.build_absolute_uri(reverse("scheduling:feed_ics", args=[mine.secret])) if mine else ""
    return render(request, "scheduling/feed.html", {"feed": mine, "url": url})


@login_required
@require_POST
def feed_rotate(request: HttpRequest) -> HttpResponse:
    feeds.create_or_rotate(request.user)
    messages.success(request, _("Nouvelle adresse créée; l'ancienne ne fonctionne plus."))
    return redirect("scheduling:feed")


@login_required
@require_POST
def feed_revoke(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("scheduling.professional"):
        raise PermissionDenied
    feeds.revoke(request.user)
    messages.success(request, _("Adresse révoquée : l'agenda n'est plus partagé."))
    return redirect("scheduling:feed")


def feed_ics(request: HttpRequest, secret: str) -> HttpResponse:
    """The feed itself: no session, the secret is the key (404 for an unknown or revoked one)."""
    found = CalendarFeed.objects.select_related("professional").filter(secret=secret).first()
    if found is None or not found.professional.is_active or found.professional.role != Role.PROFESSIONAL:
        raise Http404
    response = HttpResponse(feeds.feed_bytes(found), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="eleve360.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def _monday(request: HttpRequest) -> dt.date:
    return week_start(parse_day(request.GET.get("semaine")))


@login_required
def travel(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.has_perm("scheduling.professional"):
        raise PermissionDenied
    monday = _monday(request)
    context = {
        "w": week_travel(user, monday),
        "monday": monday,
        "previous": (monday - dt.timedelta(days=7)).isoformat(),
        "next": (monday + dt.timedelta(days=7)).isoformat(),
    }
    return render(request, "scheduling/travel.html", context)


@login_required
def travel_totals(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.has_perm("scheduling.travel_totals"):
        raise PermissionDenied
    monday = _monday(request)
    people = User.objects.filter(role=Role.PROFESSIONAL, centre=user.centre, is_active=True).order_by(
        "last_name", "first_name"
    )
    weeks = [w for w in (week_travel(p, monday) for p in people) if w.days]
    totals = {
        "km": sum(w.km for w in weeks),
        "hours": sum(w.hours for w in weeks),
        "avoided_km": sum(w.avoided_km for w in weeks),
        "avoided_hours": sum(w.avoided_hours for w in weeks),
        "telepractice": sum(w.telepractice_count for w in weeks),
    }
    context = {
        "weeks": weeks,
        "totals": totals,
        "monday": monday,
        "previous": (monday - dt.timedelta(days=7)).isoformat(),
        "next": (monday + dt.timedelta(days=7)).isoformat(),
    }
    return render(request, "scheduling/travel_totals.html", context)
