"""Upload → preview → confirm, for managers only. Thin: reading and writing live in the importers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sis import uploads
from sis.base import ImportKind, UnknownKind, get_kind, schools_for
from sis.forms import UploadForm

PREVIEW_ROWS = 20
MAX_ERRORS_SHOWN = 1000


def _require_importer(request: HttpRequest) -> None:
    if not request.user.has_perm("sis.import_roster"):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def import_roster(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        uploads.discard(uploads.forget(request.session))
        stored = uploads.store(form.cleaned_data["file"], form.cleaned_data["kind"])
        uploads.remember(request.session, stored)
        return redirect("sis:preview")
    return render(request, "sis/import.html", {"form": form})


def _stored_file(request: HttpRequest) -> tuple[uploads.StoredUpload, ImportKind, bytes] | None:
    stored = uploads.recall(request.session)
    data = uploads.load(stored) if stored else None
    try:
        kind = get_kind(stored.kind) if stored else None
    except UnknownKind:
        kind = None
    if stored is None or data is None or kind is None:
        uploads.discard(uploads.forget(request.session))
        messages.warning(request, _("Aucun fichier en attente : téléversez le fichier à importer."))
        return None
    return stored, kind, data


def _preview(request: HttpRequest, stored: uploads.StoredUpload, kind: ImportKind, plan: Any) -> HttpResponse:
    errors = plan.errors
    context = {
        "stored": stored,
        "kind": kind,
        "plan": plan,
        "summary": plan.summary() if plan.is_valid else None,
        "sample": plan.rows[:PREVIEW_ROWS] if hasattr(plan, "rows") else [],
        "errors": errors[:MAX_ERRORS_SHOWN],
        "errors_hidden": max(0, len(errors) - MAX_ERRORS_SHOWN),
        "error_lines": len({e.line for e in errors if e.line}),
    }
    return render(request, "sis/preview.html", context)


@login_required
@require_http_methods(["GET"])
def preview(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    found = _stored_file(request)
    if found is None:
        return redirect("sis:import")
    stored, kind, data = found
    plan = kind.plan(data, schools=schools_for(request.user))
    return _preview(request, stored, kind, plan)


@login_required
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    if "annuler" in request.POST:
        uploads.discard(uploads.forget(request.session))
        messages.info(request, _("Importation annulée : rien n'a été enregistré."))
        return redirect("sis:import")
    found = _stored_file(request)
    if found is None:
        return redirect("sis:import")
    stored, kind, data = found
    with transaction.atomic():  # validated again: the database may have changed since the preview
        plan = kind.plan(data, schools=schools_for(request.user))
        if not plan.is_valid:
            messages.error(request, _("Le fichier n'est plus valide : rien n'a été enregistré."))
            return _preview(request, stored, kind, plan)
        summary = kind.apply(request.user, plan, source="web")
    uploads.discard(uploads.forget(request.session))
    messages.success(
        request,
        _("Importation terminée : %(created)s créé(s), %(updated)s mis à jour, %(unchanged)s inchangé(s).")
        % {"created": summary.created, "updated": summary.updated, "unchanged": summary.unchanged},
    )
    return redirect("sis:import")
