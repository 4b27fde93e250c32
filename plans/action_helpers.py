"""What the plan actions share: text checks, the permission to run the plan, the locked row, the new
version, the audit row and the check that a person serves the student."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from plans.models import InterventionPlan, PlanStatus
from plans.queries import serving_staff

TEXT_MAX = 4000
SHORT_MAX = 500
LABEL_MAX = 120


def clean_text(value: str, required_message: str | None, limit: int = TEXT_MAX) -> str:
    value = (value or "").strip()
    if not value and required_message:
        raise ValidationError(required_message)
    if len(value) > limit:
        raise ValidationError(_("Ce texte dépasse %(max)s caractères : raccourcissez-le.") % {"max": limit})
    return value


def require_run(user: Any, plan: InterventionPlan) -> None:
    if not user.has_perm("plans.run", plan):
        raise PermissionDenied


def locked(plan: InterventionPlan) -> InterventionPlan:
    """The plan row, locked until the end of the transaction, refused once closed."""
    current = InterventionPlan.objects.select_for_update().select_related("student").get(pk=plan.pk)
    if current.status == PlanStatus.CLOSED:
        raise ValidationError(_("Ce plan est fermé : il ne se modifie plus."))
    return current


def changed(plan: InterventionPlan, *fields: str, content: bool = True) -> None:
    """Save the fields; a change of what the family signs gives the plan a new version."""
    if content:
        plan.version += 1
    plan.updated_at = timezone.now()
    plan.save(update_fields=[*fields, "version", "updated_at"])


def audit(user: Any, plan: InterventionPlan, event: str, **extra: Any) -> None:
    log_event(user, plan, event=event, student_id=plan.student_id, **extra)


def check_staff(plan: InterventionPlan, person: Any) -> None:
    if person is None or not serving_staff(plan.student).filter(pk=person.pk).exists():
        raise ValidationError(
            _(
                "Choisissez un membre du personnel qui sert l'élève : direction, "
                "enseignant·e du groupe ou professionnel·le qui le suit."
            )
        )
