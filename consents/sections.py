"""The "Consentements" section of the 360 page: the status per scope and the consents this viewer may
see, the pending requests, and the staff buttons to prepare a request or record a paper form."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from consents import display
from consents.models import ConsentRequest
from consents.queries import consents_visible_to, requests_visible_to
from core.models import Role
from lib import consent as logic
from students.access import StudentAccess
from students.sections import Section


def consents_section(user: Any, access: StudentAccess) -> Section | None:
    student = access.student
    role = getattr(user, "role", "")
    today = timezone.localdate()
    age = student.age(today)
    if role == Role.STUDENT and age < logic.SOLO_CONSENT_AGE:
        return None  # before 14, the parents sign: nothing for the student's own account here
    consents = list(
        consents_visible_to(user)
        .filter(student=student)
        .select_related("domain", "signer_guardian", "request")
        .order_by("-signed_at", "-pk")
    )
    pending = list(
        requests_visible_to(user)
        .filter(student=student, status=ConsentRequest.Status.PENDING)
        .select_related("domain", "requested_by")
    )
    is_family = role in (Role.GUARDIAN, Role.STUDENT)
    hidden_from_parent = role == Role.GUARDIAN and age >= logic.SOLO_CONSENT_AGE
    rows = [
        {
            "consent": c,
            "badge": display.badge(c.state(today)),
            "can_read": user.has_perm("consents.read_content", c),
            "can_revoke": user.has_perm("consents.revoke", c),
        }
        for c in consents
    ]
    return Section(
        key="consentements",
        title=_("Consentements"),
        template="consents/_section.html",
        context={
            "student": student,
            "rule": logic.rule_text(student.first_name, age),
            "summary": None if hidden_from_parent else display.summary(consents, pending, today),
            "rows": rows,
            "pending": pending,
            "hidden_from_parent": hidden_from_parent,
            "is_family": is_family,
            "can_prepare": user.has_perm("consents.prepare", student),
        },
    )
