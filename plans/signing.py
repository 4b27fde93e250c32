"""Signatures of the plan by the family: the principal asks for them (the plan is then shown in the
portal), a guardian with parental authority or the student from 14 signs in the portal, or the principal
records a paper signature. Each signature keeps the plan's version and the SHA-256 of the content the
signer saw (`lib.plans.content_digest` of `plan_content`), so that a later change is visible.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.audit import log_event
from lib import plans as logic
from plans.models import Channel, GuardianSignature, InterventionPlan, PlanStatus, SignerKind
from plans.rules import guardian_link, signing_refusal
from students.models import Guardian


def canonical_content(
    *,
    plan_id: int,
    version: int,
    student: str,
    school_year: str,
    strengths: str,
    difficulties: str,
    needs: list[str],
    objectives: list[dict[str, Any]],
) -> dict[str, Any]:
    """The signed form of a plan, from plain values (the demo builds it the same way)."""
    return {
        "plan": plan_id,
        "version": version,
        "student": student,
        "school_year": school_year,
        "strengths": strengths,
        "difficulties": difficulties,
        "needs": needs,
        "objectives": objectives,
    }


def objective_content(objective: Any, means: list[Any], who: dict[int, str]) -> dict[str, Any]:
    """One objective and its means (in primary-key order); `who` names the staff responsible."""
    return {
        "text": objective.text,
        "indicator": objective.indicator,
        "target": objective.target,
        "due_on": objective.due_on.isoformat(),
        "means": [
            {
                "what": m.what,
                "who": who.get(m.responsible_id, "") if m.responsible_id else m.responsible_text,
                "frequency": m.frequency,
            }
            for m in means
        ],
    }


def plan_content(plan: InterventionPlan) -> dict[str, Any]:
    """What the family reads and signs: the analysis, the needs, the objectives and all their means."""
    objectives = list(plan.objectives.order_by("due_on", "pk").prefetch_related("means__responsible"))
    who = {
        m.responsible.pk: m.responsible.get_full_name()
        for o in objectives
        for m in o.means.all()
        if m.responsible is not None
    }
    return canonical_content(
        plan_id=plan.pk,
        version=plan.version,
        student=plan.student.full_name,
        school_year=plan.school_year.label,
        strengths=plan.strengths,
        difficulties=plan.difficulties,
        needs=[n.description for n in plan.needs.order_by("position", "pk")],
        objectives=[objective_content(o, sorted(o.means.all(), key=lambda m: m.pk), who) for o in objectives],
    )


def digest_of(plan: InterventionPlan) -> str:
    return logic.content_digest(plan_content(plan))


def request_signatures(user: Any, plan: InterventionPlan) -> InterventionPlan:
    """Show the plan to the family and ask them to sign it; e-mails the guardians with parental authority
    (and the student from 14) who have an address, on commit, in their language. No content in e-mails."""
    if not user.has_perm("plans.run", plan):
        raise PermissionDenied
    with transaction.atomic():
        current = InterventionPlan.objects.select_for_update().select_related("student").get(pk=plan.pk)
        if current.status == PlanStatus.CLOSED:
            raise ValidationError(_("Ce plan est fermé : il ne se signe plus."))
        current.shared_at = current.shared_at or timezone.now()
        current.save(update_fields=["shared_at"])
        log_event(user, current, event="plan_signatures_requested", student_id=current.student_id)
        plan_id = current.pk
        transaction.on_commit(lambda: notify_family(plan_id))
    return current


def notify_family(plan_id: int) -> int:
    plan = InterventionPlan.objects.select_related("student").get(pk=plan_id)
    student = plan.student
    recipients: dict[str, str] = {}
    for link in student.guardian_links.filter(has_parental_authority=True).select_related("guardian__user"):
        guardian = link.guardian
        if guardian.user_id and guardian.email:
            recipients.setdefault(guardian.email.lower(), guardian.preferred_language or "fr-ca")
    account = student.user
    if account is not None and student.age() >= logic.SOLO_SIGNING_AGE and account.email:
        recipients.setdefault(account.email.lower(), account.preferred_language or "fr-ca")
    base_url = getattr(settings, "SITE_URL", "").rstrip("/")
    sent = 0
    for email, language in recipients.items():
        with translation.override(language):
            context = {"first_name": student.first_name, "url": base_url + reverse("plans:portal")}
            subject = render_to_string("plans/email/signature_subject.txt", context).strip()
            body = render_to_string("plans/email/signature_body.txt", context)
        sent += send_mail(subject, body, None, [email])
    return sent


def sign_plan(user: Any, plan: InterventionPlan, *, digest: str, agreed: bool) -> GuardianSignature:
    """A guardian with parental authority or the student (14 or older) signs in the portal the plan as it
    is displayed: refused if it changed since the page was opened (the digest differs)."""
    refusal = signing_refusal(user, plan)
    if refusal is not None:
        raise PermissionDenied(refusal)
    if not agreed:
        raise ValidationError(_("Cochez « J'ai lu le plan et je le signe » pour signer."))
    with transaction.atomic():
        current = (
            InterventionPlan.objects.select_for_update(of=("self",))
            .select_related("student", "school_year")
            .get(pk=plan.pk)
        )
        refusal = signing_refusal(user, current)
        if refusal is not None:
            raise ValidationError(refusal)
        if digest_of(current) != digest:
            raise ValidationError(
                _(
                    "Le plan a changé depuis que vous l'avez ouvert : relisez-le tel qu'il est maintenant "
                    "affiché, puis signez de nouveau."
                )
            )
        guardian: Guardian | None = None
        if user.role == "guardian":
            guardian = guardian_link(user, current.student).guardian
            kind, name = SignerKind.GUARDIAN, str(guardian)
        else:
            kind, name = SignerKind.STUDENT, current.student.full_name
        signature = GuardianSignature.objects.create(
            plan=current,
            signer_kind=kind,
            guardian=guardian,
            signer_name=name,
            signed_at=timezone.now(),
            channel=Channel.PORTAL,
            recorded_by=user,
            plan_version=current.version,
            content_sha256=digest,
        )
        log_event(
            user,
            current,
            event="plan_signed",
            student_id=current.student_id,
            channel=Channel.PORTAL,
            version=current.version,
            sha256=digest,
        )
    return signature


def record_paper_signature(
    user: Any, plan: InterventionPlan, *, guardian: Guardian | None, signed_on: dt.date
) -> GuardianSignature:
    """The principal records a plan signed on paper (by a guardian, or by the student when `guardian` is
    None and the student is 14 or older) on the current version."""
    if not user.has_perm("plans.run", plan):
        raise PermissionDenied
    today = timezone.localdate()
    if signed_on > today:
        raise ValidationError(_("La date de signature ne peut pas être dans le futur."))
    with transaction.atomic():
        current = (
            InterventionPlan.objects.select_for_update(of=("self",))
            .select_related("student", "school_year")
            .get(pk=plan.pk)
        )
        if current.status == PlanStatus.CLOSED:
            raise ValidationError(_("Ce plan est fermé : il ne se signe plus."))
        student = current.student
        if guardian is not None:
            link = student.guardian_links.filter(guardian=guardian, has_parental_authority=True).first()
            if link is None:
                raise ValidationError(_("Choisissez un parent ou tuteur qui a l'autorité parentale."))
            kind, name = SignerKind.GUARDIAN, str(guardian)
        else:
            if student.age(signed_on) < logic.SOLO_SIGNING_AGE:
                raise ValidationError(_("L'élève signe son plan à partir de 14 ans."))
            kind, name = SignerKind.STUDENT, student.full_name
        signed_at = (
            timezone.now()
            if signed_on == today
            else timezone.make_aware(dt.datetime.combine(signed_on, dt.time(12, 0)))
        )
        digest = digest_of(current)
        signature = GuardianSignature.objects.create(
            plan=current,
            signer_kind=kind,
            guardian=guardian,
            signer_name=name,
            signed_at=signed_at,
            channel=Channel.PAPER,
            recorded_by=user,
            plan_version=current.version,
            content_sha256=digest,
        )
        log_event(
            user,
            current,
            event="plan_signed",
            student_id=current.student_id,
            channel=Channel.PAPER,
            version=current.version,
            sha256=digest,
        )
    return signature
