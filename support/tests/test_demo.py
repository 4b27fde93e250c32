"""The demo's tiers and interventions: about one student in 15 at tier 2 and one in 60 at tier 3,
placed by a principal of the school; points at the tier's cadence; the demo principal has decisions to
make at first run; the demo family sees an intervention; bulk-written; removed by a reset."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import User
from demo import generator
from support import demo as support_demo
from support.lists import school_rows
from support.models import Intervention, ProgressPoint, TierDecision
from support.monitoring import monitor_all
from support.queries import current_tier_decisions, interventions_visible_to

N = 1500


@pytest.fixture
def demo(db, mailoutbox):
    return generator.generate(N, 42)


def test_tiers_are_decided_by_a_principal_of_the_school_in_plausible_shares(demo):
    current = current_tier_decisions().select_related("student", "decided_by")
    tier2, tier3 = current.filter(tier=2).count(), current.filter(tier=3).count()
    assert N / 15 * 0.7 <= tier2 <= N / 15 * 1.3 + 8, tier2
    assert N / 60 * 0.7 <= tier3 <= N / 60 * 1.3 + 2, tier3
    for decision in TierDecision.objects.select_related("student", "decided_by"):
        assert decision.decided_by.role == "principal"
        assert decision.student.school_id in decision.decided_by.served_school_ids()
        assert decision.reason
    assert TierDecision.objects.filter(previous__isnull=False, tier=3, previous__tier=2).exists()


def test_points_follow_the_cadence_and_the_responsible_serves_the_student(demo):
    from plans.queries import serving_staff

    interventions = list(Intervention.objects.select_related("student", "responsible")[:60])
    assert interventions
    for intervention in interventions:
        assert serving_staff(intervention.student).filter(pk=intervention.responsible_id).exists()
        days = list(intervention.points.values_list("measured_on", flat=True))
        assert all(intervention.start_on <= d <= timezone.localdate() for d in days)
        gaps = [(b - a).days for a, b in itertools.pairwise(days)]
        assert all(5 <= g <= 16 for g in gaps), gaps
    assert ProgressPoint.objects.count() > Intervention.objects.count() * 2


def test_the_demo_principal_has_decisions_and_points_due_and_the_family_an_intervention(demo):
    principal = User.objects.get(username="direction")
    rows = school_rows(principal, today=timezone.localdate())
    assert sum(r.decisions_due for r in rows) >= 3
    assert any(r.points_due for r in rows)
    monitors = monitor_all(Intervention.objects.all())
    assert any(m.decision_due for m in monitors) and not all(m.point_due for m in monitors)
    assert Intervention.objects.filter(status="ended", outcome="goal_met").exists()
    assert Intervention.objects.filter(decisions__kind__in=["continue", "intensify"]).exists()
    assert interventions_visible_to(User.objects.get(username="parent")).exists()


def test_the_goals_are_encrypted_at_rest(demo):
    with connection.cursor() as cursor:
        cursor.execute("SELECT goal FROM support_intervention LIMIT 1")
        raw = cursor.fetchone()[0]
    assert raw and " " not in raw[:20]


def test_the_history_is_written_in_a_few_queries_whatever_the_size(db):
    generator.generate(300, 7)
    Intervention.objects.all().delete()
    TierDecision.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        counts = support_demo.write_history(7, log=lambda _m: None)
    assert counts["interventions"] > 0
    assert len(queries) < 60, len(queries)


def test_a_reset_removes_every_tier_and_intervention(demo):
    assert Intervention.objects.exists()
    generator.delete_demo()
    assert not Intervention.objects.exists() and not TierDecision.objects.exists()
