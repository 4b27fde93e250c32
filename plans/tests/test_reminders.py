"""The monthly contact: the due flag agrees with the pure rule, and `rappels_plans` e-mails the people
responsible once a day, in their language."""

import datetime as dt
import io

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from plans import actions
from plans.models import ContactReminder, InterventionPlan
from plans.reminders import due_plans, is_due, send_reminders, with_last_contact
from plans.tests.helpers import active, opened


def back_date(plan, days):
    InterventionPlan.objects.filter(pk=plan.pk).update(opened_at=timezone.now() - dt.timedelta(days=days))


def test_a_plan_without_contact_for_more_than_thirty_days_is_due(cast):
    plan = active(cast)
    back_date(plan, 31)
    assert list(due_plans()) == [plan]
    assert is_due(with_last_contact(InterventionPlan.objects.all()).get(pk=plan.pk))
    actions.log_parent_contact(
        cast.teacher, plan, contacted_on=timezone.localdate() - dt.timedelta(days=30), mode="phone"
    )
    assert not due_plans().exists()
    assert not is_due(InterventionPlan.objects.get(pk=plan.pk))  # without the annotation: one query


def test_the_database_filter_and_the_pure_rule_agree_around_the_limit(cast):
    plan = active(cast)
    back_date(plan, 200)
    today = timezone.localdate()
    for days_ago in (29, 30, 31, 45):
        plan.contacts.all().delete()
        actions.log_parent_contact(
            cast.principal, plan, contacted_on=today - dt.timedelta(days=days_ago), mode="email"
        )
        annotated = with_last_contact(InterventionPlan.objects.all()).get(pk=plan.pk)
        assert due_plans().filter(pk=plan.pk).exists() == is_due(annotated) == (days_ago > 30), days_ago


@override_settings(PLAN_PARENT_CONTACT_DAYS=14)
def test_the_delay_comes_from_the_settings(cast):
    plan = active(cast)
    back_date(plan, 15)
    assert due_plans().exists()


def test_a_closed_plan_is_never_due(cast):
    plan = active(cast)
    back_date(plan, 90)
    actions.close_plan(cast.principal, plan, "Fin.")
    assert not due_plans().exists()


def test_the_command_emails_the_responsible_once_a_day(cast, mailoutbox, django_capture_on_commit_callbacks):
    plan = active(cast)
    back_date(plan, 40)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rappels_plans", stdout=out)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [cast.principal.email]
    assert "contact avec les parents" in message.subject
    assert "Alice T." in message.body and f"/plans/{plan.pk}/" in message.body
    assert "Lecture lente" not in message.body
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rappels_plans", stdout=out)
    assert len(mailoutbox) == 1  # idempotent per day
    assert ContactReminder.objects.count() == 1
    assert "déjà envoyé" in out.getvalue()


def test_the_contact_responsible_gets_the_reminder_in_english_when_that_is_their_language(
    cast, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    from django.template import loader
    from django.utils import translation

    from plans import reminders

    languages = []

    def render(name, context):
        languages.append(translation.get_language())
        return loader.render_to_string(name, context)

    monkeypatch.setattr(reminders, "render_to_string", render)
    plan = active(cast)
    actions.set_follow_up(cast.principal, plan, next_review_on=None, contact_responsible=cast.teacher)
    back_date(plan, 40)
    cast.teacher.preferred_language = "en"
    cast.teacher.save()
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_reminders()
    assert sent.people == 1 and sent.plans == 1
    assert mailoutbox[0].to == [cast.teacher.email]
    assert languages == ["en", "en"]  # subject and body rendered in English (catalogue translated later)


def test_a_new_day_sends_again(cast, mailoutbox, django_capture_on_commit_callbacks):
    plan = active(cast)
    back_date(plan, 40)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders()
        send_reminders(timezone.localdate() + dt.timedelta(days=1))
    assert len(mailoutbox) == 2


def test_no_plan_due_no_email(cast, mailoutbox):
    opened(cast)
    assert send_reminders().people == 0
    assert mailoutbox == []
