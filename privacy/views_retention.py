"""Retention and destruction (the schedule, legal holds, destruction runs) and the PIA inventory page.
A run is visible to the privacy officer and the manager; everything else, to the privacy officer only."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.audit import log_event
from core.models import Role
from privacy import actions, export, forms, inventory, retention
from privacy.models import ItemStatus, RunStatus
from privacy.queries import get_for, holds_for, runs_for
from privacy.schedule import LABELS, kinds, rule_label, rules
from privacy.views import account, download, errors_of, officer_only
from privacy.views_registers import _student


def destruction_viewer(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("privacy.view_destruction"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def schedule_rows() -> list[dict[str, Any]]:
    from django.conf import settings

    configured = rules()
    rows = []
    for key, kind in kinds().items():
        if key == "professional_record":
            years = ", ".join(
                f"{p} : {y}" for p, y in sorted(settings.RECORD_RETENTION_BY_PROFESSION.items())
            )
            rows.append(
                {
                    "key": key,
                    "label": kind.label,
                    "starts": kind.starts,
                    "rule": f"RECORD_RETENTION_* ({years})",
                }
            )
        else:
            rows.append(
                {"key": key, "label": kind.label, "starts": kind.starts, "rule": rule_label(configured[key])}
            )
    return rows


@officer_only
def retention_page(request: HttpRequest) -> HttpResponse:
    planned, held = retention.dry_run(request.user)
    by_kind: dict[str, dict[str, int]] = {}
    for due, state in [*((d, "planned") for d in planned), *((d, "held") for d in held)]:
        by_kind.setdefault(due.kind, {"planned": 0, "held": 0})[state] += due.count
    context = {
        "schedule": schedule_rows(),
        "summary": [{"label": LABELS.get(k, (k,))[0], **v} for k, v in by_kind.items()],
        "holds": holds_for(request.user).filter(released_at__isnull=True),
        "hold_form": forms.HoldForm(),
        "runs": runs_for(request.user)[:20],
        "labels": {k: v[0] for k, v in LABELS.items()},
    }
    return render(request, "privacy/retention.html", context)


@officer_only
def hold_add(request: HttpRequest) -> HttpResponse:
    form = forms.HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        student = _student(request.user, data["code_permanent"])
        if data["code_permanent"] and student is None:
            form.add_error(
                "code_permanent", _("Aucun élève de votre centre de services ne porte ce code permanent.")
            )
        else:
            try:
                actions.place_hold(
                    request.user,
                    reason=data["reason"],
                    student=student,
                    kind=data["kind"],
                    object_id=data["object_id"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Suspension de la destruction enregistrée."))
                return redirect("privacy:retention")
    return render(request, "privacy/hold_form.html", {"form": form})


@officer_only
def hold_release(request: HttpRequest, hold_id: int) -> HttpResponse:
    hold = get_for(holds_for(request.user).filter(released_at__isnull=True), hold_id)
    form = forms.ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.release_hold(request.user, hold, form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Suspension levée."))
            return redirect("privacy:retention")
    return render(
        request,
        "privacy/hold_release.html",
        {"hold": hold, "form": form, "labels": {k: v[0] for k, v in LABELS.items()}},
    )


@officer_only
@require_POST
def run_prepare(request: HttpRequest) -> HttpResponse:
    try:
        run = retention.prepare_run(request.user)
    except ValidationError as exc:
        messages.error(request, errors_of(exc))
        return redirect("privacy:retention")
    messages.success(request, _("Destruction préparée : une autre personne doit l'approuver."))
    return redirect("privacy:run", run_id=run.pk)


@destruction_viewer
def run_list(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/runs.html", {"runs": runs_for(request.user)[:100]})


@destruction_viewer
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_for(runs_for(request.user), run_id)
    items = list(run.items.order_by("kind", "object_id"))
    counts = {status: sum(1 for i in items if i.status == status) for status in ItemStatus.values}
    context = {
        "run": run,
        "items": items,
        "counts": counts,
        "labels": {k: v[0] for k, v in LABELS.items()},
        "statuses": dict(ItemStatus.choices),
        "may_approve": run.status == RunStatus.PREPARED and run.prepared_by_id != request.user.pk,
        "waiting": run.status == RunStatus.PREPARED,
    }
    return render(request, "privacy/run.html", context)


@destruction_viewer
@require_POST
def run_approve(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_for(runs_for(request.user), run_id)
    try:
        run = retention.approve_run(request.user, run)
    except ValidationError as exc:
        messages.error(request, errors_of(exc))
    else:
        done = run.items.filter(status=ItemStatus.DESTROYED).count()
        messages.success(
            request, _("Destruction approuvée et exécutée : %(n)s élément(s) détruit(s).") % {"n": done}
        )
    return redirect("privacy:run", run_id=run.pk)


@destruction_viewer
@require_POST
def run_cancel(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_for(runs_for(request.user), run_id)
    try:
        retention.cancel_run(request.user, run)
    except ValidationError as exc:
        messages.error(request, errors_of(exc))
    else:
        messages.success(request, _("Destruction annulée."))
    return redirect("privacy:run", run_id=run.pk)


# --- PIA inventory ------------------------------------------------------------------------------------------


def _retention_text(declaration: inventory.Declaration) -> str:
    key = declaration.retention
    if isinstance(key, str) and key in LABELS:
        if key == "professional_record":
            return str(_("calendrier : dossier professionnel, selon l'ordre (RECORD_RETENTION_*)"))
        rule = rules().get(key)
        starts = LABELS[key][1]
        return f"{rule.years} ans après {starts} ({rule.code})" if rule else str(key)
    return str(key)


@officer_only
def inventory_page(request: HttpRequest) -> HttpResponse:
    rows = inventory.inventory()
    context = {
        "rows": [
            {"row": r, "retention": _retention_text(r.declaration) if r.declaration else ""} for r in rows
        ],
        "models": len(rows),
        "fields": sum(len(r.fields) for r in rows),
        "encrypted": sum(r.encrypted_count for r in rows),
        "roles": dict(Role.choices),
    }
    return render(request, "privacy/inventory.html", context)


@officer_only
def inventory_export(request: HttpRequest, fmt: str) -> HttpResponse:
    rows = inventory.inventory()
    log_event(request.user, account(request), event="pia_inventory_exported", format=fmt)
    day = timezone.localdate().isoformat()
    if fmt == "csv":
        return download(
            export.inventory_csv(rows, _retention_text).encode("utf-8"),
            "text/csv; charset=utf-8",
            f"inventaire-rp-{day}.csv",
        )
    return download(
        export.inventory_markdown(rows, _retention_text).encode("utf-8"),
        "text/markdown; charset=utf-8",
        f"inventaire-rp-{day}.md",
    )
