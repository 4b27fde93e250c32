"""The demo's early warning: fixed shares of absence profiles, period rows consistent with the facts of
the last two weeks, four weeks of coefficients with their reasons, portraits for the demo principal,
all removed by a reset."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db.models import Count, Max, Sum

from core.models import User
from demo import generator
from earlywarning import portraits
from earlywarning.demo import delete_for
from earlywarning.models import Attendance, Grade, PastOutcome, RiskScore, StudentWeek
from students.models import Student

N = 400


@pytest.fixture
def demo(db, mailoutbox):
    return generator.generate(N, 42)


def test_the_demo_has_a_plausible_year_with_four_weeks_of_scores(demo):
    weeks = sorted(set(StudentWeek.objects.values_list("week", flat=True)))
    assert len(weeks) >= 8
    scored = sorted(set(RiskScore.objects.values_list("week", flat=True)))
    assert scored == weeks[-4:]
    latest = RiskScore.objects.filter(week=scored[-1])
    assert latest.count() == N
    flagged = latest.filter(coefficient__gt=0).count()
    assert 0.2 * N <= flagged <= 0.7 * N, flagged
    codes = Counter(f["code"] for s in latest for f in s.fired)
    assert {"presence_recente", "absenteisme_chronique", "echec_mathematique", "retard_scolaire"} <= set(
        codes
    )
    assert Grade.objects.filter(subject="francais").exists() and PastOutcome.objects.exists()


def test_the_period_rows_of_the_last_two_weeks_agree_with_the_weekly_facts(demo):
    last = StudentWeek.objects.aggregate(w=Max("week"))["w"]
    rows = Attendance.objects.filter(date__gte=last).values("student_id").annotate(n=Count("period"))
    facts = dict(StudentWeek.objects.filter(week=last).values_list("student_id", "periods"))
    assert {r["student_id"]: r["n"] for r in rows} == facts
    absent = Attendance.objects.filter(date__gte=last, status__in=(1, 2)).count()
    assert absent == StudentWeek.objects.filter(week=last).aggregate(a=Sum("absent"))["a"]


def test_the_demo_principal_sees_a_portrait_with_students_to_follow(demo):
    principal = User.objects.get(username="direction")
    week = portraits.latest_week()
    assert week is not None
    _kind, _weeks, units = portraits.build(principal, week)
    school = units[0]
    assert school.rate is not None and school.counts["chronic"] > 0 and school.unfollowed


def test_a_reset_removes_every_row(demo):
    delete_for(Student.objects.all(), User.objects.none())
    assert (
        not RiskScore.objects.exists()
        and not Attendance.objects.exists()
        and not StudentWeek.objects.exists()
    )
