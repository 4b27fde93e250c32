"""The monthly contact with the parents (Régime pédagogique, art. 29): which plans are due, and the
reminder e-mails of `python manage.py rappels_plans` (one per person and day, in their language).

The delay is `settings.PLAN_PARENT_CONTACT_DAYS` (default 30 days). The background worker that will run
the command every morning comes later; until then, cron or a person runs it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.audit import log_event
from lib import plans as logic
from plans.models import ContactReminder, InterventionPlan, PlanStatus


def contact_days() -> int:
    return int(getattr(settings, "PLAN_PARENT_CONTACT_DAYS", logic.DEFAULT_CONTACT_DAYS))


def with_last_contact(qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.annotate(last_contact=Max("contacts__contacted_on"))


def is_due(plan: Any, today: dt.date | None = None) -> bool:
    """For a plan annotated by `with_last_contact` (or not: then one query)."""
    last = getattr(plan, "last_contact", None) if hasattr(plan, "last_contact") else _last(plan)
    return logic.contact_is_due(
        last,
        timezone.localtime(plan.opened_at).date(),
        today or timezone.localdate(),
        contact_days(),
        closed=plan.status == PlanStatus.CLOSED,
    )


def _last(plan: Any) -> dt.date | None:
    found = plan.contacts.aggregate(last=Max("contacted_on"))["last"]
    return found if isinstance(found, dt.date) else None


def due_plans(today: dt.date | None = None, days: int | None = None) -> QuerySet[Any]:
    """Plans not closed whose last contact (or opening, without any) is more than `days` days old:
    the same rule as `lib.plans.contact_is_due`, in the database."""
    day = today or timezone.localdate()
    limit = day - dt.timedelta(days=days or contact_days())
    midnight = timezone.make_aware(dt.datetime.combine(limit, dt.time.min))
    qs = with_last_contact(InterventionPlan.objects.exclude(status=PlanStatus.CLOSED))
    return qs.filter(Q(last_contact__lt=limit) | Q(last_contact__isnull=True, opened_at__lt=midnight))


@dataclass(frozen=True)
class Sent:
    people: int
    plans: int
    skipped: int  # already reminded today


def send_reminders(today: dt.date | None = None) -> Sent:
    """One e-mail per responsible person (the contact responsible, else the principal who opened the
    plan) listing their plans due for a contact; none twice the same day."""
    day = today or timezone.localdate()
    by_person: dict[Any, list[Any]] = defaultdict(list)
    plans = due_plans(day).select_related("student", "opened_by", "contact_responsible").order_by("pk")
    for plan in plans:
        person = plan.contact_responsible or plan.opened_by
        if person.is_active and person.email:
            by_person[person].append(plan)
    people = skipped = count = 0
    for person, items in sorted(by_person.items(), key=lambda pair: pair[0].pk):
        with transaction.atomic():
            _row, created = ContactReminder.objects.get_or_create(
                user=person, sent_on=day, defaults={"plan_count": len(items)}
            )
            if not created:
                skipped += 1
                continue
            log_event(None, person, event="plan_contact_reminder", plans=[p.pk for p in items])
            transaction.on_commit(_sender(person, items, day))
        people += 1
        count += len(items)
    return Sent(people, count, skipped)


def _sender(person: Any, plans: list[Any], day: dt.date) -> Any:
    return lambda: _send(person, plans, day)


def _send(person: Any, plans: list[Any], day: dt.date) -> None:
    base_url = getattr(settings, "SITE_URL", "").rstrip("/")
    rows = [
        {
            "student": f"{plan.student.first_name} {plan.student.last_name[:1]}.",
            "plan_id": plan.pk,
            "last_contact": plan.last_contact,
            "days": logic.days_since_contact(
                plan.last_contact, timezone.localtime(plan.opened_at).date(), day
            ),
            "url": base_url + reverse("plans:detail", args=[plan.pk]),
        }
        for plan in plans
    ]
    language = "en" if (person.preferred_language or "").startswith("en") else "fr-ca"
    with translation.override(language):
        context = {
            "rows": rows,
            "count": len(rows),
            "days": contact_days(),
            "list_url": base_url + reverse("plans:list"),
        }
        subject = render_to_string("plans/email/reminder_subject.txt", context).strip()
        body = render_to_string("plans/email/reminder_body.txt", context)
    send_mail(subject, body, None, [person.email])
