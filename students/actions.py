"""Named state changes on student data: permission, change and audit row in one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from core.models import Role, User
from students.models import BreakGlassAccess, Student

MIN_REASON_LENGTH = 20


def open_break_glass(user: Any, code_permanent: str, reason: str) -> BreakGlassAccess:
    """A professional opens a file outside the caseload in an emergency, with a written reason.

    The access lasts BREAK_GLASS_HOURS, is logged apart and notified to the privacy officers.
    """
    if not user.has_perm("students.break_glass"):
        raise PermissionDenied
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            _("Décrivez l'urgence en au moins %(n)d caractères.") % {"n": MIN_REASON_LENGTH}
        )
    student = (
        Student.objects.filter(code_permanent=code_permanent.strip().upper(), school__centre=user.centre_id)
        .select_related("school")
        .first()
    )
    if student is None:
        raise ValidationError(_("Aucun élève de votre centre de services ne porte ce code permanent."))
    now = timezone.now()
    with transaction.atomic():
        access = BreakGlassAccess.objects.create(
            user=user,
            student=student,
            reason=reason,
            opened_at=now,
            expires_at=now + dt.timedelta(hours=settings.BREAK_GLASS_HOURS),
        )
        log_event(user, student, event="break_glass_opened", break_glass_id=access.pk)
        transaction.on_commit(lambda: _notify_privacy_officers(access))
    return access


def review_break_glass(user: Any, access: BreakGlassAccess, note: str) -> BreakGlassAccess:
    if not user.has_perm("core.view_audit"):
        raise PermissionDenied
    if access.reviewed_at is not None:
        raise ValidationError(_("Cet accès d'urgence a déjà été révisé."))
    with transaction.atomic():
        access.reviewed_by = user
        access.reviewed_at = timezone.now()
        access.review_note = note.strip()
        access.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
        log_event(user, access.student, event="break_glass_reviewed", break_glass_id=access.pk)
    return access


def _notify_privacy_officers(access: BreakGlassAccess) -> None:
    officers = User.objects.filter(role=Role.PRIVACY_OFFICER, is_active=True).exclude(email="")
    if access.user.centre_id:
        officers = officers.filter(centre=access.user.centre_id)
    recipients = sorted({*officers.values_list("email", flat=True), *settings.PRIVACY_OFFICER_EMAILS})
    if not recipients:
        return
    # The message names who and when, never the student's name nor the reason: it travels by e-mail.
    send_mail(
        subject="[Élève 360] Accès d'urgence à réviser",
        message=(
            f"{access.user.get_full_name() or access.user.username} a ouvert un dossier d'élève hors de sa "
            f"charge de cas le {timezone.localtime(access.opened_at):%Y-%m-%d à %H:%M}.\n"
            f"Révisez cet accès dans Élève 360 : {reverse('students:break_glass_review')}\n"
        ),
        from_email=None,
        recipient_list=recipients,
    )
