"""The family's readable copy: an entry page listing the children (or oneself), and the copy as HTML,
PDF and JSON. Thin: access, parts and audit go through `students.copy.produce_copy`."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import never_cache

from core.models import Role
from students import copy_pdf
from students.copy import MAJORITY_AGE, SELF_COPY_AGE, ReadableCopy, copy_reason, produce_copy
from students.models import Student

FAMILY_ROLES = frozenset({Role.GUARDIAN, Role.STUDENT})


def _filename(copy: ReadableCopy, extension: str) -> str:
    day = timezone.localdate(copy.generated_at).isoformat()
    return f"copie-renseignements-{slugify(copy.student.first_name) or 'eleve'}-{day}.{extension}"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@never_cache
def copy_index(request: HttpRequest) -> HttpResponse:
    """The portal's entry: each child of a guardian (or the student themself) and whether a copy is
    available here, with the reason when it is not."""
    user: Any = request.user
    if getattr(user, "role", "") not in FAMILY_ROLES:
        raise PermissionDenied
    rows = []
    for student in Student.objects.visible_to(user).select_related("school").order_by("first_name"):
        reason = copy_reason(user, student)
        rows.append({"student": student, "available": reason is not None, "age": student.age()})
    context = {
        "rows": rows,
        "is_guardian": user.role == Role.GUARDIAN,
        "self_age": SELF_COPY_AGE,
        "majority_age": MAJORITY_AGE,
    }
    return render(request, "students/copy_index.html", context)


@login_required
@never_cache
def copy_html(request: HttpRequest, student_id: int) -> HttpResponse:
    copy = produce_copy(request.user, student_id, fmt="html", view="students:copy")
    return render(request, "students/copy.html", {"copy": copy, "student": copy.student})


@login_required
def copy_pdf_download(request: HttpRequest, student_id: int) -> HttpResponse:
    copy = produce_copy(request.user, student_id, fmt="pdf", view="students:copy_pdf")
    return _download(copy_pdf.render(copy), "application/pdf", _filename(copy, "pdf"))


@login_required
def copy_json_download(request: HttpRequest, student_id: int) -> HttpResponse:
    copy = produce_copy(request.user, student_id, fmt="json", view="students:copy_json")
    body = json.dumps(copy.as_json(), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return _download(body.encode(), "application/json; charset=utf-8", _filename(copy, "json"))


# Included in students/urls.py (app "students").
URLS = [
    path("copie/", copy_index, name="copy_index"),
    path("<int:student_id>/copie/", copy_html, name="copy"),
    path("<int:student_id>/copie.pdf", copy_pdf_download, name="copy_pdf"),
    path("<int:student_id>/copie.json", copy_json_download, name="copy_json"),
]
