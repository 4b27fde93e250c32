"""Document pages: upload from the 360 page, audited download, share with the family, withdraw, and the
family's portal page. Thin: rules in documents.rules, changes in documents.actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.audit import log_access
from core.models import Role
from documents import actions
from documents.access import get_document_for, reason_for
from documents.forms import UploadForm, WithdrawForm
from documents.models import Document, DocumentContent
from documents.queries import documents_visible_to
from students.access import get_student_for
from students.models import Student

FAMILY_ROLES = (Role.GUARDIAN, Role.STUDENT)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, student_id: int) -> HttpResponse:
    user: Any = request.user
    student = get_student_for(user, student_id, view="documents:upload").student
    if not user.has_perm("documents.upload", student):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, student=student)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            actions.upload_document(
                user,
                student,
                compartment=form.cleaned_data["compartment"],
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                filename=upload_file.name,
                data=upload_file.read(),
                share=form.cleaned_data["share"],
                share_guardians=bool(form.cleaned_data.get("share_guardians")),
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("Document déposé au dossier."))
            return redirect("students:detail", student_id=student.pk)
    return render(request, "documents/upload.html", {"form": form, "student": student})


@login_required
def download(request: HttpRequest, document_id: int) -> HttpResponse:
    user: Any = request.user
    document = get_document_for(user, document_id)
    return attachment_response(user, document, view="documents:download")


def attachment_response(user: Any, document: Document, *, view: str) -> HttpResponse:
    """The document's bytes as an attachment, never rendered inline nor cached; the read is audited with
    its reason (never the content). Also used by the API's download."""
    stored = DocumentContent.objects.filter(document=document).first()
    content = bytes(stored.content) if stored is not None and stored.content else b""
    log_access(
        user,
        document,
        reason=reason_for(user, document),
        view=view,
        student_id=document.student_id,
        sha256=document.sha256,
    )
    response = HttpResponse(content, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(True, document.filename) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
@require_POST
def share(request: HttpRequest, document_id: int) -> HttpResponse:
    user: Any = request.user
    document = get_document_for(user, document_id)
    if not user.has_perm("documents.manage", document):
        raise PermissionDenied
    if request.POST.get("share") == "0":
        actions.unshare_document(user, document)
        messages.success(request, _("Le document n'est plus communiqué à la famille."))
    else:
        actions.share_document(user, document, guardians_explicit=request.POST.get("guardians") == "1")
        messages.success(
            request, _("Document communiqué; les personnes concernées en sont avisées par courriel.")
        )
    return redirect("students:detail", student_id=document.student_id)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, document_id: int) -> HttpResponse:
    user: Any = request.user
    document = get_document_for(user, document_id)
    if not user.has_perm("documents.manage", document):
        raise PermissionDenied
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.withdraw_document(user, document, form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Document retiré; son contenu est effacé."))
            return redirect("students:detail", student_id=document.student_id)
    return render(request, "documents/withdraw.html", {"form": form, "document": document})


@login_required
def portal(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.role not in FAMILY_ROLES:
        raise PermissionDenied
    documents = list(
        documents_visible_to(user).select_related("student").order_by("student__first_name", "-uploaded_at")
    )
    children = list(Student.objects.visible_to(user).order_by("first_name"))
    groups = [(child, [d for d in documents if d.student_id == child.pk]) for child in children]
    return render(request, "documents/portal.html", {"groups": groups})
