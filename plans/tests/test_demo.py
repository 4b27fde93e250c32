"""The demo's plans d'intervention: about one student in 30 among those with an EHDAA code or who repeated
a year, phases spread, contacts monthly with some overdue, signatures whose digest holds; the demo family
sees a plan; bulk-written without per-student queries; removed by a reset."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import User
from demo import generator
from plans import demo as plans_demo
from plans import signing
from plans.models import GuardianSignature, InterventionPlan, ParentContact, Phase, PlanStatus
from plans.queries import plans_visible_to
from plans.reminders import due_plans

N = 1500


@pytest.fixture
def demo(db, mailoutbox):
    result = generator.generate(N, 42)
    assert mailoutbox == []
    return result


def test_about_one_student_in_thirty_has_a_plan_chosen_among_those_in_difficulty(demo):
    plans = InterventionPlan.objects.select_related("student", "opened_by")
    count = plans.count()
    assert N / 30 * 0.7 <= count <= N / 30 * 1.3 + 3, count
    family = set(User.objects.filter(username__in=["parent", "eleve"]).values_list("pk", flat=True))
    for plan in plans:
        s = plan.student
        in_family = s.user_id in family or s.guardian_links.filter(guardian__user__in=family).exists()
        assert s.ehdaa_code or s.years_repeated or in_family
        assert plan.opened_by.role == "principal" and s.school_id in plan.opened_by.served_school_ids()


def test_phases_statuses_contacts_and_signatures_all_show(demo):
    phases = set(InterventionPlan.objects.values_list("phase", flat=True))
    assert phases >= {Phase.PLANNING, Phase.CARRYING_OUT, Phase.REVIEW}
    assert InterventionPlan.objects.filter(status=PlanStatus.ACTIVE).exists()
    assert not InterventionPlan.objects.filter(status=PlanStatus.ACTIVE, activated_at__isnull=True).exists()
    assert ParentContact.objects.exists()
    assert due_plans().exists()  # some overdue
    assert due_plans().count() < InterventionPlan.objects.exclude(status=PlanStatus.CLOSED).count()
    signatures = list(GuardianSignature.objects.select_related("plan__student", "plan__school_year"))
    assert signatures
    for signature in signatures:
        assert signature.plan_version == signature.plan.version
        assert signature.content_sha256 == signing.digest_of(signature.plan), signature.pk


def test_the_text_is_encrypted_at_rest(demo):
    with connection.cursor() as cursor:
        cursor.execute("SELECT difficulties FROM plans_interventionplan LIMIT 1")
        raw = cursor.fetchone()[0]
    assert raw and " " not in raw[:20]
    plan = InterventionPlan.objects.first()
    assert plan is not None and plan.difficulties  # decrypts


def test_the_demo_family_sees_a_plan_in_the_portal(demo):
    family = User.objects.filter(username__in=["parent", "eleve"])
    assert any(plans_visible_to(user).exists() for user in family)


def _queries_for(students: int) -> tuple[int, int]:
    generator.generate(students, 7, reset=True)
    InterventionPlan.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        plans_demo.write_history(7, log=lambda _m: None)
    return len(queries), InterventionPlan.objects.count()


def test_the_history_does_not_query_per_student(db):
    small, few = _queries_for(300)
    large, many = _queries_for(1500)
    assert many > 3 * few
    assert large - small <= 5, (small, large)  # only a bulk insert batch more here and there


def test_the_same_seed_gives_the_same_plans_and_a_reset_removes_them(db):
    generator.generate(400, 3)
    first = sorted(InterventionPlan.objects.values_list("student__code_permanent", "phase", "status"))
    generator.generate(400, 3, reset=True)
    second = sorted(InterventionPlan.objects.values_list("student__code_permanent", "phase", "status"))
    assert first == second
    generator.delete_demo()
    assert not InterventionPlan.objects.exists()
