"""Facts from period rows and the weekly coefficient, computed by hand for the cast.

Alice (S3, born 15 January 2011, no year repeated: one year over the age of S3 on 30 September 2026),
five weeks of 5 days × 4 periods from Monday 5 October 2026:

| week  | absent | of which unexcused | late |
|-------|--------|--------------------|------|
| 10-05 | 10     | 0                  | 0    |
| 10-12 | 2      | 0                  | 0    |
| 10-19 | 0      | 0                  | 0    |
| 10-26 | 4      | 4                  | 0    |
| 11-02 | 2      | 0                  | 3    |

Year: 18 absent of 100 → 82.0 %; the last 4 weeks (10-12 to 11-02): 8 of 80 → 90.0 %.
Results: French 55.5 and mathematics 48 at étape 2, average 68 → 51.75 (−16.2). Events: 2 this year,
2 days of suspension. Fired: presence_recente 2 + absenteisme_chronique 2 + echec_francais 3 +
echec_mathematique 3 + baisse_resultats 1 + suspension 2 + retard_scolaire 2 = 15 of 19 → 78.9.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from earlywarning import scoring
from earlywarning.models import RiskScore

pytestmark = pytest.mark.django_db


def test_the_facts_of_a_week_are_read_from_the_student_weeks_by_hand(alice_year):
    data = scoring.week_facts(dt.date(2026, 11, 4))  # any day of the week
    i = list(data.student).index(alice_year.alice.pk)
    facts = {name: values[i] for name, values in data.facts.items()}
    assert data.week == dt.date(2026, 11, 2) and data.school_year == "2026-2027"
    assert facts["attendance_rate_year"] == 82.0
    assert facts["attendance_rate_4w"] == 90.0
    assert (facts["french_grade"], facts["math_grade"]) == (55.5, 48.0)
    assert facts["grade_trend"] == pytest.approx(-16.2)
    assert (facts["incidents_year"], facts["suspension_days_year"]) == (2.0, 2.0)
    assert facts["years_behind"] == 1.0


def test_a_week_before_the_last_reads_only_the_weeks_up_to_it(alice_year):
    data = scoring.week_facts(dt.date(2026, 10, 12))
    i = list(data.student).index(alice_year.alice.pk)
    assert data.facts["attendance_rate_year"][i] == 70.0  # 12 of 40
    assert data.facts["attendance_rate_4w"][i] == 70.0
    assert data.facts["suspension_days_year"][i] == 0.0  # the suspension of 20 October comes later


def test_the_weekly_coefficient_is_stored_with_why(alice_year):
    assert scoring.compute_week(dt.date(2026, 11, 2)) == 3
    score = RiskScore.objects.get(student=alice_year.alice, week=dt.date(2026, 11, 2))
    assert score.coefficient == 78.9
    assert {f["code"]: f["value"] for f in score.fired} == {
        "presence_recente": 90.0,
        "absenteisme_chronique": 82.0,
        "echec_francais": 55.5,
        "echec_mathematique": 48.0,
        "baisse_resultats": -16.2,
        "suspension": 2.0,
        "retard_scolaire": 1.0,
    }
    assert score.missing == [] and score.facts["attendance_rate_year"] == 82.0
    zoe = RiskScore.objects.get(student=alice_year.zoe)
    assert zoe.coefficient == 0.0 and zoe.fired == []
    assert set(zoe.missing) >= {"presence_recente", "echec_francais", "baisse_resultats"}
    bruno = RiskScore.objects.get(student=alice_year.bruno)
    assert {f["code"] for f in bruno.fired} == {"retard_scolaire"} and bruno.facts["years_behind"] == 2.0


def test_history_is_kept_week_by_week_and_a_recompute_replaces_its_week(alice_year):
    scoring.compute_week(dt.date(2026, 10, 26))
    scoring.compute_week(dt.date(2026, 11, 2))
    scoring.compute_week(dt.date(2026, 11, 2))
    weeks = RiskScore.objects.filter(student=alice_year.alice).values_list("week", flat=True)
    assert sorted(weeks) == [dt.date(2026, 10, 26), dt.date(2026, 11, 2)]


def test_the_command_computes_a_given_week_and_refuses_an_unknown_set(alice_year):
    out = io.StringIO()
    call_command("compute_risk", "--semaine", "2026-11-05", stdout=out)
    assert "Semaine du 2026-11-02 : 3 élève(s)" in out.getvalue()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ensemble de critères inconnu"):
        call_command("compute_risk", "--criteres", "rien")


def test_the_last_complete_week_is_the_one_that_ended():
    assert scoring.last_complete_week(dt.date(2026, 11, 7)) == dt.date(2026, 11, 2)  # Saturday
    assert scoring.last_complete_week(dt.date(2026, 11, 9)) == dt.date(2026, 11, 2)  # Monday after


def test_the_weekly_task_scores_and_purges_rows_of_students_gone(alice_year):
    from earlywarning.maintenance import purge_orphan_attendance
    from earlywarning.models import Attendance

    Attendance.objects.create(student_id=99999, date=dt.date(2026, 10, 5), period=1, status=0)
    assert purge_orphan_attendance() == 1
    assert Attendance.objects.filter(student_id=alice_year.alice.pk).count() == 100
