"""The weekly attendance portraits page: principals their schools and groups, teachers their groups,
the manager the centre (counts only, under 5 hidden). A chart per page with its data table."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from earlywarning import portraits
from earlywarning.facts import monday
from earlywarning.rules import can_view_portraits
from sis.formats import parse_date
from support.audit import log_list_read


@login_required
def portraits_page(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not can_view_portraits(user):
        raise PermissionDenied
    week: dt.date | None = portraits.latest_week()
    asked = request.GET.get("semaine", "")
    if asked:
        try:
            week = parse_date(asked)
        except ValueError:
            week = week  # an unreadable week shows the latest one
    kind, weeks, units = portraits.build(user, week) if week else ("none", [], [])
    hide = kind == "centre"
    named = [
        line.student for u in units for tag in ("chronic", "new", "unfollowed") for line in getattr(u, tag)
    ]
    if named:
        log_list_read(user, named, view="earlywarning:portraits")
    chart_units = [u for u in units if u.key.startswith("s")] or units
    chart = {
        "weeks": [str(w) for w in weeks],
        "y": _("Absence (% des périodes)"),
        "series": [{"label": u.label, "values": u.weeks} for u in chart_units[:6]],
    }
    context = {
        "week": monday(week) if week else None,
        "weeks": weeks,
        "units": units,
        "chart_units": chart_units[:6],
        "chart": chart,
        "hide": hide,
        "named": kind in ("school", "group"),
        "chronic": portraits.CHRONIC,
        "recent_high": portraits.RECENT_HIGH,
    }
    return render(request, "earlywarning/portraits.html", context)
