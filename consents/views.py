"""Pages of consents. Thin: reads go through `consents.queries`, changes through `consents.actions`.

Staff: prepare a request and record a paper consent (from the 360 page). Family: "Mes consentements",
where a parent (child under 14) or the student (14 or older) signs, downloads and revokes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consents import actions, forms, formtext
from consents.models import Consent, ConsentRequest
from consents.queries import consents_visible_to, requests_visible_to
from consents.rules import signer_kind_of
from core.audit import log_access
from core.models import Role
from lib import consent as logic
from lib import filetypes
from students.access import get_student_for
from students.authorizer import access_reason
from students.models import Student

FAMILY_ROLES = frozenset({Role.GUARDIAN, Role.STUDENT})


def get_consent_for(user: Any, consent_id: int) -> Consent:
    """The consent if this user may see it; else a 404, the same for missing and forbidden."""
    found = (
        consents_visible_to(user)
        .select_related("student__school", "domain", "request__requested_by", "signer_guardian")
        .filter(pk=consent_id)
        .first()
    )
    if found is None:
        raise Http404("Consentement introuvable")
    return found


def get_request_for(user: Any, request_id: int) -> ConsentRequest:
    found = (
        requests_visible_to(user)
        .select_related("student__school", "domain", "requested_by")
        .filter(pk=request_id)
        .first()
    )
    if found is None:
        raise Http404("Demande de consentement introuvable")
    return found


def reason_for(user: Any, consent: Consent) -> str:
    """Why this user reads the consent's document, for the audit row."""
    if user.role == Role.GUARDIAN:
        return "guardian"
    if user.role == Role.STUDENT:
        return "self"
    if consent.recorded_by_id == user.pk:
        return "author"
    return access_reason(user, consent.student) or "author"


def _rule(student: Student) -> str:
    return logic.rule_text(student.first_name, student.age())


def _portal_accounts(student: Student) -> bool:
    """Whether someone who may sign for this student today has a portal account."""
    if student.age() >= logic.SOLO_CONSENT_AGE:
        return student.user_id is not None
    return student.guardian_links.filter(has_parental_authority=True, guardian__user__isnull=False).exists()


# --- Staff ----------------------------------------------------------------------------------------


def _staff_student(user: Any, student_id: int, view: str) -> Student:
    student = get_student_for(user, student_id, view=view).student
    if not user.has_perm("consents.prepare", student):
        raise PermissionDenied
    return student


@login_required
def request_create(request: HttpRequest, student_id: int) -> HttpResponse:
    user: Any = request.user
    student = _staff_student(user, student_id, "consents:request")
    form = forms.RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.request_consent(
                user,
                student,
                scope=data["scope"],
                domain=data.get("domain"),
                explanation=data["explanation"],
                shared_with=data.get("shared_with", ""),
                shared_what=data.get("shared_what", ""),
                expires_on=data.get("expires_on"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Demande de consentement préparée : elle attend la signature dans le portail.")
            )
            return redirect("students:detail", student_id=student.pk)
    context = {
        "form": form,
        "student": student,
        "rule": _rule(student),
        "has_portal": _portal_accounts(student),
    }
    return render(request, "consents/request_form.html", context)


@login_required
def paper_create(request: HttpRequest, student_id: int) -> HttpResponse:
    user: Any = request.user
    student = _staff_student(user, student_id, "consents:paper")
    form = forms.PaperForm(request.POST or None, request.FILES or None, student=student)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_paper_consent(user, student, form.paper())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Consentement signé sur papier consigné."))
            return redirect("students:detail", student_id=student.pk)
    context = {"form": form, "student": student, "rule": _rule(student)}
    return render(request, "consents/paper_form.html", context)


@login_required
@require_POST
def request_cancel(request: HttpRequest, request_id: int) -> HttpResponse:
    user: Any = request.user
    consent_request = get_request_for(user, request_id)
    try:
        actions.cancel_request(user, consent_request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Demande de consentement annulée."))
    return redirect("students:detail", student_id=consent_request.student_id)


# --- Portal ---------------------------------------------------------------------------------------


def _require_family(user: Any) -> None:
    if getattr(user, "role", "") not in FAMILY_ROLES:
        raise PermissionDenied


def _portal_context(user: Any, bound: dict[int, forms.SignForm] | None = None) -> dict[str, Any]:
    today = timezone.localdate()
    kind = signer_kind_of(user)
    assert kind is not None
    children = list(Student.objects.visible_to(user).select_related("school").order_by("first_name"))
    pending = list(
        requests_visible_to(user)
        .filter(status=ConsentRequest.Status.PENDING)
        .select_related("student__school", "domain", "requested_by")
        .order_by("created_at")
    )
    consents = list(consents_visible_to(user).select_related("domain", "student").order_by("-signed_at"))
    blocks = []
    for child in children:
        age = child.age(today)
        child_pending = []
        for item in (r for r in pending if r.student_id == child.pk):
            text = formtext.form_text(item, kind, today)
            form = (bound or {}).get(item.pk) or forms.SignForm(
                prefix=f"r{item.pk}", initial={"digest": text.digest()}
            )
            # The digest of the text shown now (also after a refused signature, so that re-reading and
            # signing again works when the text changed in between).
            child_pending.append({"request": item, "text": text, "form": form, "digest": text.digest()})
        blocks.append(
            {
                "student": child,
                "age": age,
                "rule": logic.rule_text(child.first_name, age),
                "solo": age >= logic.SOLO_CONSENT_AGE,
                "pending": child_pending,
                "consents": [
                    {"consent": c, "state": c.state(today), "can_revoke": user.has_perm("consents.revoke", c)}
                    for c in consents
                    if c.student_id == child.pk
                ],
            }
        )
    return {"blocks": blocks, "is_guardian": kind == logic.GUARDIAN, "today": today}


@login_required
def portal(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_family(user)
    return render(request, "consents/portal.html", _portal_context(user))


@login_required
@require_POST
def sign(request: HttpRequest, request_id: int) -> HttpResponse:
    user: Any = request.user
    _require_family(user)
    consent_request = get_request_for(user, request_id)
    form = forms.SignForm(request.POST, prefix=f"r{consent_request.pk}")
    if form.is_valid():
        try:
            consent = actions.sign_consent(
                user, consent_request, digest=form.cleaned_data["digest"], agreed=form.cleaned_data["agreed"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Merci : votre consentement est signé. Vous pouvez télécharger le formulaire signé (PDF)."),
            )
            return redirect(f"{reverse('consents:portal')}#consentement-{consent.pk}")
    context = _portal_context(user, bound={consent_request.pk: form})
    return render(request, "consents/portal.html", context)


# --- Consent: document and revocation -------------------------------------------------------------


@login_required
def document(request: HttpRequest, consent_id: int) -> HttpResponse:
    user: Any = request.user
    consent = get_consent_for(user, consent_id)
    if not user.has_perm("consents.read_content", consent):
        raise PermissionDenied
    content = consent.document.content or b""
    log_access(
        user,
        consent,
        reason=reason_for(user, consent),
        view="consents:document",
        student_id=consent.student_id,
        sha256=consent.document_sha256,
    )
    extension = filetypes.EXTENSIONS.get(consent.document_type, "bin")
    response = HttpResponse(content, content_type=consent.document_type)
    response["Content-Disposition"] = f'attachment; filename="consentement-{consent.pk}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def revoke(request: HttpRequest, consent_id: int) -> HttpResponse:
    user: Any = request.user
    consent = get_consent_for(user, consent_id)
    if not user.has_perm("consents.revoke", consent):
        raise PermissionDenied
    is_family = user.role in FAMILY_ROLES
    form = forms.RevokeForm(request.POST or None, reason_required=not is_family)
    if request.method == "POST" and form.is_valid():
        try:
            actions.revoke_consent(user, consent, form.cleaned_data.get("reason", ""))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Consentement révoqué : la révocation prend effet immédiatement."))
            if is_family:
                return redirect("consents:portal")
            return redirect("students:detail", student_id=consent.student_id)
    context = {
        "consent": consent,
        "form": form,
        "is_family": is_family,
        "show_details": user.has_perm("consents.read_content", consent),
        "state": consent.state(),
    }
    return render(request, "consents/revoke.html", context)
