"""Pages of publishing, sharing and transfer. Thin: records through `records.access` (404 for missing and
forbidden, the read audited), shares and publications through their owner's querysets, changes through
`records.publishing`, `records.sharing` and `records.transfer`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.models import Role, User
from lib import record_sharing
from records import forms_sharing as forms
from records import publishing, sharing, transfer
from records.access import get_record_for
from records.models import ProfessionalRecord, Publication, RecordShare, ShareKind
from records.queries_sharing import professionals_of_centre, records_for_transfer, shares_visible_to


def _owned_record(user: Any, record_id: int, view: str, perm: str) -> ProfessionalRecord:
    record = get_record_for(user, record_id, view=view).record
    if not user.has_perm(perm, record):
        raise PermissionDenied
    return record


def _share_for(user: Any, share_id: int) -> RecordShare:
    found = (
        shares_visible_to(user)
        .select_related("record__student", "record__professional", "consent", "with_professional")
        .filter(pk=share_id)
        .first()
    )
    if found is None or not user.has_perm("records.manage_share", found):
        raise Http404("Communication introuvable")
    return found


# --- Publishing -----------------------------------------------------------------------------------


@login_required
def publish(request: HttpRequest, record_id: int) -> HttpResponse:
    user: Any = request.user
    record = _owned_record(user, record_id, "records:publish", "records.publish")
    form = forms.PublicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            publishing.publish(user, record, form.cleaned_data["kind"], form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Publié au dossier d'aide particulière de l'élève."))
            return redirect("records:publish", record_id=record.pk)
    publications = list(Publication.objects.filter(record=record).order_by("-published_at", "-pk"))
    return render(
        request,
        "records/sharing/publish.html",
        {"record": record, "form": form, "publications": publications},
    )


@login_required
@require_POST
def publication_withdraw(request: HttpRequest, publication_id: int) -> HttpResponse:
    user: Any = request.user
    publication = (
        Publication.objects.filter(record__professional=user, pk=publication_id)
        .select_related("record")
        .first()
    )
    if publication is None or getattr(user, "role", "") != Role.PROFESSIONAL:
        raise Http404("Publication introuvable")
    try:
        publishing.withdraw_publication(user, publication)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Publication retirée : l'équipe-école ne la voit plus."))
    return redirect("records:publish", record_id=publication.record_id)


# --- Sharing --------------------------------------------------------------------------------------


def _share_rows(record: ProfessionalRecord) -> list[dict[str, Any]]:
    today = timezone.localdate()
    rows = []
    for share in record.shares.select_related("with_professional", "consent").order_by("-created_at", "-pk"):
        consent_state = share.consent.state(today)
        held = share.kind == ShareKind.THIRD_PARTY_COPY and record_sharing.is_held(
            share.available_from, today
        )
        rows.append(
            {
                "share": share,
                "consent_state": consent_state,
                "active": share.revoked_at is None and consent_state == "valid",
                "held": held,
                "hold_message": sharing.hold_message(share) if held else "",
                "can_release": share.kind == ShareKind.THIRD_PARTY_COPY
                and sharing.release_refusal(share) is None,
            }
        )
    return rows


def _sharing_page(
    request: HttpRequest, record: ProfessionalRecord, pro_form: Any = None, copy_form: Any = None
) -> HttpResponse:
    user: Any = request.user
    context = {
        "record": record,
        "rows": _share_rows(record),
        "pro_form": pro_form or forms.ProfessionalShareForm(record=record, user=user),
        "copy_form": copy_form or forms.ThirdPartyCopyForm(record=record, user=user),
        "has_consent": bool(forms.valid_sharing_consents(record.student)),
        "today": timezone.localdate(),
    }
    return render(
        request, "records/sharing/sharing.html", context, status=400 if (pro_form or copy_form) else 200
    )


@login_required
def sharing_page(request: HttpRequest, record_id: int) -> HttpResponse:
    record = _owned_record(request.user, record_id, "records:sharing", "records.share")
    return _sharing_page(request, record)


@login_required
@require_POST
def share_professional(request: HttpRequest, record_id: int) -> HttpResponse:
    user: Any = request.user
    record = _owned_record(user, record_id, "records:share_professional", "records.share")
    form = forms.ProfessionalShareForm(request.POST, record=record, user=user)
    if form.is_valid():
        try:
            sharing.share_with_professional(
                user, record, form.cleaned_data["professional"], form.cleaned_data["consent"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Dossier communiqué : ses entrées signées sont maintenant consultables.")
            )
            return redirect("records:sharing", record_id=record.pk)
    return _sharing_page(request, record, pro_form=form)


@login_required
@require_POST
def share_copy(request: HttpRequest, record_id: int) -> HttpResponse:
    user: Any = request.user
    record = _owned_record(user, record_id, "records:share_copy", "records.share")
    form = forms.ThirdPartyCopyForm(request.POST, record=record, user=user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            share = sharing.record_third_party_copy(
                user,
                record,
                data["recipient"],
                data["purpose"],
                data["consent"],
                emergency_waiver=data.get("emergency_waiver", False),
                waiver_reason=data.get("waiver_reason", ""),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            refusal = sharing.release_refusal(share)
            if refusal:
                messages.info(request, refusal)
            else:
                messages.success(request, _("Copie autorisée : vous pouvez la produire maintenant."))
            return redirect("records:sharing", record_id=record.pk)
    return _sharing_page(request, record, copy_form=form)


@login_required
@require_POST
def share_release(request: HttpRequest, share_id: int) -> HttpResponse:
    user: Any = request.user
    share = _share_for(user, share_id)
    try:
        released = sharing.release_copy(user, share)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("records:sharing", record_id=share.record_id)
    response = HttpResponse(released.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{released.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def share_revoke(request: HttpRequest, share_id: int) -> HttpResponse:
    user: Any = request.user
    share = _share_for(user, share_id)
    try:
        sharing.revoke_share(user, share)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Communication retirée : elle cesse immédiatement."))
    return redirect("records:sharing", record_id=share.record_id)


# --- Transfer -------------------------------------------------------------------------------------


def _require_coordinator(user: Any) -> None:
    if getattr(user, "role", "") != Role.COORDINATOR:
        raise PermissionDenied


@login_required
def transfers(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_coordinator(user)
    professionals = list(professionals_of_centre(user))
    return render(request, "records/sharing/transfers.html", {"professionals": professionals})


@login_required
def transfer_from(request: HttpRequest, professional_id: int) -> HttpResponse:
    user: Any = request.user
    _require_coordinator(user)
    professional = User.objects.filter(pk=professional_id, role=Role.PROFESSIONAL).first()
    if professional is None or not user.has_perm("records.transfer_from", professional):
        raise Http404("Professionnel introuvable")
    records = list(records_for_transfer(user, professional))
    professions = {r.profession for r in records}
    targets = (
        User.objects.filter(
            role=Role.PROFESSIONAL, is_active=True, centre_id=user.centre_id, profession__in=professions
        )
        .exclude(pk=professional.pk)
        .order_by("last_name", "first_name")
    )
    form = forms.TransferForm(request.POST or None, records=records, targets=targets)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            chosen_ids = {int(pk) for pk in form.cleaned_data["records"]}
            chosen = [r for r in records if r.pk in chosen_ids]
            try:
                done = transfer.transfer_records(
                    user, chosen, form.cleaned_data["to_professional"], form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("%(count)s dossier(s) transféré(s) à %(name)s.")
                    % {"count": len(done), "name": form.cleaned_data["to_professional"].get_full_name()},
                )
                return redirect("records:transfer_from", professional_id=professional.pk)
        status = 400
    context = {"professional": professional, "records": records, "form": form}
    return render(request, "records/sharing/transfer.html", context, status=status)
