"""Home page, health check and the privacy officer's audit search."""

from __future__ import annotations

import datetime as dt

from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from core.forms import AuditSearchForm
from students.models import Student


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {"visible_count": Student.objects.visible_to(user).count()}
    return render(request, "core/home.html", context)


def filter_audit(form: AuditSearchForm) -> QuerySet[LogEntry]:
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")
    if not form.is_valid():
        return entries
    data = form.cleaned_data
    if data.get("actor"):
        entries = entries.filter(actor__username__icontains=data["actor"])
    if data.get("object_repr"):
        entries = entries.filter(object_repr__icontains=data["object_repr"])
    if data.get("action") not in (None, ""):
        entries = entries.filter(action=int(data["action"]))
    if data.get("reason"):
        entries = entries.filter(additional_data__reason=data["reason"])
    if data.get("since"):
        entries = entries.filter(timestamp__date__gte=data["since"])
    if data.get("until"):
        entries = entries.filter(timestamp__date__lte=data["until"])
    return entries


@login_required
def audit_search(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("core.view_audit"):
        raise PermissionDenied
    form = AuditSearchForm(request.GET or {"since": dt.date.today() - dt.timedelta(days=30)})
    page: Page[LogEntry] = Paginator(filter_audit(form), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "core/audit.html", {"form": form, "page": page, "query": query.urlencode()})
