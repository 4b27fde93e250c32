"""E-mails on every status change: to the requester and, when the family is involved, to the guardians
(not for a student of 14 or more who asked alone: Civil Code art. 14). In each person's language.
The e-mail names the student by first name, the service and the new status; never clinical details."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from intake.models import ServiceRequest, Status

NOTE_FOR_REQUESTER = {Status.INFO_REQUESTED, Status.REFUSED, Status.REDIRECTED}


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str
    is_requester: bool


def recipients_for(request: ServiceRequest) -> list[Recipient]:
    found: dict[str, Recipient] = {}
    requester = request.requested_by
    if requester.email:
        found[requester.email.lower()] = Recipient(
            requester.email, requester.preferred_language or "fr-ca", True
        )
    student = request.student
    if request.family_involved and (student.age() < 14 or requester.role == "guardian"):
        for link in student.guardian_links.select_related("guardian"):
            guardian = link.guardian
            if guardian.email and guardian.email.lower() not in found and link.has_parental_authority:
                found[guardian.email.lower()] = Recipient(guardian.email, guardian.preferred_language, False)
    return list(found.values())


def status_changed(request_id: int) -> int:
    request = ServiceRequest.objects.select_related("student", "domain", "requested_by").get(pk=request_id)
    sent = 0
    base_url = getattr(settings, "SITE_URL", "").rstrip("/")
    for recipient in recipients_for(request):
        with translation.override(recipient.language):
            context = {
                "request": request,
                "status": request.get_status_display(),
                "domain": request.domain.name,
                "first_name": request.student.first_name,
                "note": request.status_note
                if recipient.is_requester and request.status in NOTE_FOR_REQUESTER
                else "",
                "url": base_url + reverse("intake:detail", args=[request.pk]),
            }
            subject = render_to_string("intake/email/status_subject.txt", context).strip()
            body = render_to_string("intake/email/status_body.txt", context)
        sent += send_mail(subject, body, None, [recipient.email])
    return sent
