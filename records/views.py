"""Pages of professional records. Thin: reads through `records.access` (404 for missing and forbidden, the
read audited), changes through `records.actions`; `rules` permissions decide what is offered."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.models import Role
from lib import record_profiles
from lib.text import is_identifier
from records import actions, attachments, forms
from records.access import get_attachment_for, get_entry_for, get_record_for
from records.display import entry_tree
from records.models import EntryStatus, RecordStatus
from records.queries import records_read_through_others, records_visible_to
from records.rules import open_episodes_for
from students.access import get_student_for


def _require_professional(user: Any) -> None:
    if getattr(user, "role", "") != Role.PROFESSIONAL:
        raise PermissionDenied


def _error(form: Any, exc: ValidationError) -> None:
    form.add_error(None, exc)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_professional(user)
    own = (
        records_visible_to(user)
        .filter(professional=user)
        .select_related("student__school")
        .annotate(
            drafts=Count("entries", filter=Q(entries__status=EntryStatus.DRAFT, entries__author=user)),
            signed=Count("entries", filter=Q(entries__status=EntryStatus.SIGNED)),
        )
        .order_by("-status", "student__last_name", "student__first_name", "-opened_at")
    )  # "open" > "closed": descending puts the open records first
    others = records_read_through_others(user).select_related("student__school", "professional")
    return render(
        request, "records/mine.html", {"records": list(own), "others": list(others.order_by("-opened_at"))}
    )


@login_required
def open_record(request: HttpRequest, student_id: int) -> HttpResponse:
    user: Any = request.user
    student = get_student_for(user, student_id, view="records:open").student
    if not user.has_perm("records.open", student):
        raise PermissionDenied
    episode = None
    episode_id = request.POST.get("episode") or request.GET.get("episode")
    if episode_id:
        episode = (
            open_episodes_for(user, student)
            .filter(pk=int(episode_id) if is_identifier(episode_id) else 0)
            .first()
        )
        if episode is None:
            raise Http404("Épisode introuvable")
    profile = record_profiles.profile_for(user.profession)
    form = forms.OpenRecordForm(
        request.POST or None, profile=profile, student_age=student.age(), episode=episode
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = actions.open_record(
                user,
                student,
                mandate_origin=data.get("mandate_origin") or "",
                reasons=data["reasons"],
                parent_name=data.get("parent_name", ""),
                episode=episode,
            )
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Dossier ouvert. Vous pouvez y ajouter votre première note."))
            return redirect("records:detail", record_id=record.pk)
    context = {"form": form, "student": student, "profile": profile, "episode": episode}
    return render(request, "records/open.html", context)


@login_required
def detail(request: HttpRequest, record_id: int) -> HttpResponse:
    user: Any = request.user
    access = get_record_for(user, record_id, view="records:detail")
    record = access.record
    context = {
        "record": record,
        "access": access,
        "profile": record_profiles.profile_for(record.profession),
        "tree": entry_tree(user, record),
        "can_write": user.has_perm("records.write", record),
        "can_close": user.has_perm("records.close", record),
    }
    return render(request, "records/detail.html", context)


@login_required
def entry_create(request: HttpRequest, record_id: int) -> HttpResponse:
    user: Any = request.user
    record = get_record_for(user, record_id, view="records:entry_create").record
    if not user.has_perm("records.write", record):
        raise PermissionDenied
    profile = record_profiles.profile_for(record.profession)
    form = forms.EntryForm(request.POST or None, profile=profile)
    if request.method == "POST" and form.is_valid():
        try:
            entry = actions.create_entry(user, record, **form.cleaned_data)
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Brouillon enregistré. Relisez-le, puis signez-le."))
            return redirect("records:entry_edit", entry_id=entry.pk)
    return render(request, "records/entry_form.html", {"form": form, "record": record, "entry": None})


@login_required
def entry_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    user: Any = request.user
    entry = get_entry_for(user, entry_id, view="records:entry_edit").entry
    if not user.has_perm("records.edit_draft", entry):
        raise PermissionDenied
    record = entry.record
    profile = record_profiles.profile_for(record.profession)
    initial = {f: getattr(entry, f) for f in ("kind", "service_date", "modality", "duration_minutes")}
    initial |= {"student_location": entry.student_location, "text": entry.text}
    form = forms.EntryForm(
        request.POST or None, profile=profile, initial=initial, fixed_kind=entry.corrects_id is not None
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_draft(user, entry, **form.cleaned_data)
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Brouillon enregistré."))
            return redirect("records:entry_edit", entry_id=entry.pk)
    context = {
        "form": form,
        "record": record,
        "entry": entry,
        "files": list(entry.attachments.defer("content").order_by("uploaded_at", "pk")),
        "attachment_form": forms.AttachmentForm(),
    }
    return render(request, "records/entry_form.html", context)


@login_required
@require_POST
def entry_delete(request: HttpRequest, entry_id: int) -> HttpResponse:
    user: Any = request.user
    entry = get_entry_for(user, entry_id, view="records:entry_delete").entry
    try:
        actions.delete_draft(user, entry)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Brouillon supprimé."))
    return redirect("records:detail", record_id=entry.record_id)


@login_required
def entry_sign(request: HttpRequest, entry_id: int) -> HttpResponse:
    user: Any = request.user
    entry = get_entry_for(user, entry_id, view="records:entry_sign").entry
    if not user.has_perm("records.sign", entry):
        raise PermissionDenied
    form = forms.SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.sign_entry(user, entry)
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Entrée signée. Elle ne sera plus jamais modifiée."))
            return redirect(f"{_detail_url(entry.record_id)}#entree-{entry.pk}")
    files = list(entry.attachments.defer("content"))
    return render(request, "records/entry_sign.html", {"form": form, "entry": entry, "files": files})


def _detail_url(record_id: int) -> str:
    from django.urls import reverse

    return reverse("records:detail", kwargs={"record_id": record_id})


@login_required
def entry_correct(request: HttpRequest, entry_id: int) -> HttpResponse:
    user: Any = request.user
    entry = get_entry_for(user, entry_id, view="records:entry_correct").entry
    if not user.has_perm("records.correct", entry):
        raise PermissionDenied
    form = forms.CorrectionForm(
        request.POST or None, initial={"text": entry.text, "student_location": entry.student_location}
    )
    if request.method == "POST" and form.is_valid():
        try:
            correction = actions.correct_entry(
                user,
                entry,
                text=form.cleaned_data["text"],
                student_location=form.cleaned_data["student_location"],
            )
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(
                request, _("Correction enregistrée en brouillon : signez-la pour qu'elle s'applique.")
            )
            return redirect("records:entry_sign", entry_id=correction.pk)
    return render(request, "records/entry_correct.html", {"form": form, "entry": entry})


@login_required
@require_POST
def attachment_add(request: HttpRequest, entry_id: int) -> HttpResponse:
    user: Any = request.user
    entry = get_entry_for(user, entry_id, view="records:attachment_add", audit=False).entry
    if not user.has_perm("records.edit_draft", entry):
        raise PermissionDenied
    form = forms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            attachments.add_attachment(user, entry, filename=upload.name, data=upload.read())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Fichier joint au brouillon."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("records:entry_edit", entry_id=entry.pk)


@login_required
def attachment(request: HttpRequest, attachment_id: int) -> HttpResponse:
    user: Any = request.user
    found, _reason = get_attachment_for(user, attachment_id, view="records:attachment")
    response = HttpResponse(found.content or b"", content_type=found.content_type)
    name = f"dossier-{found.entry.record_id}-piece-{found.pk}.{attachments.extension_for(found)}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def attachment_remove(request: HttpRequest, attachment_id: int) -> HttpResponse:
    user: Any = request.user
    found, _reason = get_attachment_for(user, attachment_id, view="records:attachment_remove")
    try:
        attachments.remove_attachment(user, found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Fichier retiré du brouillon."))
    return redirect("records:entry_edit", entry_id=found.entry_id)


@login_required
def close(request: HttpRequest, record_id: int) -> HttpResponse:
    user: Any = request.user
    record = get_record_for(user, record_id, view="records:close").record
    if not user.has_perm("records.close", record):
        raise PermissionDenied
    drafts = list(record.entries.filter(status=EntryStatus.DRAFT).order_by("service_date", "pk"))
    form = forms.CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.close_record(user, record, form.cleaned_data["closing_note"])
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(
                request, _("Dossier fermé. Il sera conservé selon le calendrier de conservation.")
            )
            return redirect("records:detail", record_id=record.pk)
    context = {
        "form": form,
        "record": record,
        "drafts": drafts,
        "closed": record.status == RecordStatus.CLOSED,
    }
    return render(request, "records/close.html", context)
