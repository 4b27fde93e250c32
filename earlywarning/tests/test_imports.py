"""The five early-warning imports: every error case of every kind, nothing written on error,
idempotent re-import, facts refreshed, the command and the registry."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError

from earlywarning.models import (
    AbsenceSummary,
    Attendance,
    BehaviourEvent,
    Grade,
    GradeFacts,
    PastOutcome,
    StudentWeek,
)
from earlywarning.tests.files import (
    ALICE,
    BAD_DATE,
    BAD_HEADER,
    BAD_VALUE,
    GOOD,
    first_line,
    header,
)
from sis.base import get_kind, kinds

KINDS = ("presences", "absences", "resultats", "evenements", "issues")
pytestmark = pytest.mark.django_db


def snapshot() -> list:
    return [
        sorted(Attendance.objects.values_list("student_id", "date", "period", "status")),
        sorted(AbsenceSummary.objects.values_list("student_id", "school_year", "etape", "days_absent")),
        sorted(Grade.objects.values_list("student_id", "school_year", "etape", "subject", "grade")),
        sorted(
            BehaviourEvent.objects.values_list("student_id", "date", "kind", "severity", "suspension_days")
        ),
        sorted(PastOutcome.objects.values_list("student_id", "school_year", "outcome")),
        sorted(
            StudentWeek.objects.values_list("student_id", "week", "periods", "absent", "unexcused", "late")
        ),
        sorted(GradeFacts.objects.values_list("student_id", "school_year", "french_grade", "math_grade")),
    ]


def run(kind: str, text: str, tmp_path: Path, *, encoding: str = "utf-8") -> str:
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(text.encode(encoding))
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_sis", kind, str(path), stdout=out, stderr=err)
    except CommandError as exc:
        raise AssertionError(err.getvalue() + str(exc)) from exc
    return out.getvalue()


def refused(kind: str, text: str, tmp_path: Path) -> str:
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(text.encode("utf-8"))
    err = io.StringIO()
    with pytest.raises(CommandError, match="aucune modification"):
        call_command("import_sis", kind, str(path), stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def test_the_five_kinds_are_in_the_sis_registry():
    assert set(KINDS) <= set(kinds())
    assert get_kind("presences").label


@pytest.mark.parametrize("kind", KINDS)
def test_a_good_file_is_imported_and_a_second_import_changes_nothing(cast, tmp_path, kind):
    assert "Importation" in run(kind, GOOD[kind], tmp_path)
    first = snapshot()
    assert any(first)
    out = run(kind, GOOD[kind], tmp_path)
    assert "0 créé(s), 0 mis à jour" in out
    assert snapshot() == first
    events = LogEntry.objects.filter(additional_data__event=f"sis.import.{kind}")
    assert events.count() == 2 and "TREA" not in str(events.first().additional_data)


@pytest.mark.parametrize("kind", KINDS)
def test_a_bad_header_is_refused_and_nothing_is_written(cast, tmp_path, kind):
    err = refused(kind, BAD_HEADER[kind] + first_line(kind) + "\n", tmp_path)
    assert "Ligne 1 : Colonnes obligatoires manquantes" in err
    assert not any(snapshot())


@pytest.mark.parametrize("kind", KINDS)
def test_an_unknown_code_permanent_is_reported_with_its_line(cast, tmp_path, kind):
    bad = first_line(kind).replace(ALICE, "XXXX99999999")
    err = refused(kind, GOOD[kind] + bad + "\n", tmp_path)
    line = len(GOOD[kind].strip().split("\n")) + 1
    assert f"Ligne {line} : code permanent inconnu « XXXX99999999 »" in err
    assert not any(snapshot())


@pytest.mark.parametrize("kind", KINDS)
def test_a_duplicate_line_is_reported_on_both_lines(cast, tmp_path, kind):
    err = refused(kind, GOOD[kind] + first_line(kind) + "\n", tmp_path)
    last = len(GOOD[kind].strip().split("\n")) + 1
    assert "Ligne 2 : ligne en double" in err and f"aussi à la ligne {last}" in err
    assert not any(snapshot())


@pytest.mark.parametrize("kind", KINDS)
def test_a_bad_value_is_refused_in_french(cast, tmp_path, kind):
    line, fragment = BAD_VALUE[kind]
    err = refused(kind, GOOD[kind] + line + "\n", tmp_path)
    assert fragment in err
    assert not any(snapshot())


@pytest.mark.parametrize("kind", sorted(BAD_DATE))
def test_a_bad_date_is_refused(cast, tmp_path, kind):
    line, fragment = BAD_DATE[kind]
    err = refused(kind, GOOD[kind] + line + "\n", tmp_path)
    assert fragment in err and not any(snapshot())


@pytest.mark.parametrize("kind", ("absences", "resultats", "issues"))
def test_a_bad_school_year_is_refused(cast, tmp_path, kind):
    line = first_line(kind).replace("2025-2026", "2025-2027").replace("2026-2027", "26-27")
    line = line.replace("2024-2025", "2024-2026")
    err = refused(kind, header(kind) + "\n" + line + "\n", tmp_path)
    assert "année scolaire illisible" in err


@pytest.mark.parametrize("kind", KINDS)
def test_a_cp1252_file_with_commas_and_other_headers_is_read(cast, tmp_path, kind):
    text = GOOD[kind].replace(";", ",").replace("code_permanent", "Code Permanent")
    text = text.replace("6,5", '"6,5"').replace("55,5", '"55,5"')
    run(kind, text, tmp_path, encoding="cp1252")
    assert any(snapshot())


def test_presences_a_wrong_period_a_future_date_and_a_short_line_are_all_listed(cast, tmp_path):
    text = (
        header("presences")
        + "\n"
        + f"{ALICE};02/11/2026;0;présent\n{ALICE};01/01/2099;1;présent\n{ALICE};02/11/2026\n"
    )
    err = refused("presences", text, tmp_path)
    assert "Ligne 2 : période invalide « 0 »" in err
    assert "Ligne 3 : date dans le futur" in err
    assert "Ligne 4 : la ligne compte 2 valeurs" in err


def test_presences_facts_of_the_week_follow_the_rows(cast, tmp_path):
    run("presences", GOOD["presences"], tmp_path)
    week = StudentWeek.objects.get(student=cast.alice)
    assert (str(week.week), week.periods, week.absent, week.unexcused, week.late) == (
        "2026-11-02",
        4,
        2,
        1,
        1,
    )
    assert week.school_id == cast.sources.pk and week.group_id == cast.g301.pk
    assert week.rate == 50.0
    # a correction: the absent non motivé of 3 November was a mistake; the day is replaced whole
    fix = header("presences") + f"\n{ALICE};03/11/2026;1;présent\n{ALICE};03/11/2026;2;retard\n"
    out = run("presences", fix, tmp_path)
    assert "0 créé(s), 1 mis à jour, 1 inchangé(s)" in out
    week = StudentWeek.objects.get(student=cast.alice)
    assert (week.periods, week.absent, week.unexcused, week.late) == (4, 1, 0, 1)


def test_presences_a_day_sent_again_with_fewer_periods_loses_the_others(cast, tmp_path):
    run("presences", GOOD["presences"], tmp_path)
    run("presences", header("presences") + f"\n{ALICE};02/11/2026;1;présent\n", tmp_path)
    assert Attendance.objects.filter(student=cast.alice, date="2026-11-02").count() == 1
    assert StudentWeek.objects.get(student=cast.alice).periods == 3


def test_resultats_refresh_the_grade_facts(cast, tmp_path):
    run("resultats", GOOD["resultats"], tmp_path)
    facts = GradeFacts.objects.get(student=cast.alice, school_year="2026-2027")
    # étape 2: French 55.5, mathematics 48; averages 68 then 51.75: -16.2 (rounded to a tenth)
    assert (facts.latest_etape, facts.french_grade, facts.math_grade) == (2, 55.5, 48.0)
    assert facts.grade_trend == pytest.approx(-16.2)


def test_a_principal_cannot_import_for_a_student_of_another_school(cast):
    from sis.base import schools_for

    cast.manager.centre = None
    plan = get_kind("resultats").plan(GOOD["resultats"].encode(), schools=schools_for(cast.manager))
    assert not plan.is_valid and "code permanent inconnu" in str(plan.errors[0])


def test_presences_a_second_day_of_the_same_week_adds_to_its_facts(cast, tmp_path):
    run("presences", header("presences") + f"\n{ALICE};02/11/2026;1;absent motivé\n", tmp_path)
    run(
        "presences",
        header("presences") + f"\n{ALICE};04/11/2026;1;présent\n{ALICE};04/11/2026;2;retard\n",
        tmp_path,
    )
    week = StudentWeek.objects.get(student=cast.alice)
    assert (week.periods, week.absent, week.late) == (3, 1, 1)


def test_a_bulk_load_of_validated_rows_counts_the_facts_like_an_import(cast):
    import numpy as np

    from earlywarning.imports.presences import load

    monday = dt.date(2026, 11, 2).toordinal()
    day = np.array([monday, monday, monday + 1], np.int64)
    student = np.full(3, cast.bruno.pk, np.int64)
    load(student, day, np.array([1, 2, 1], np.int64), np.array([0, 2, 3], np.int64))
    load(student, day, np.array([1, 2, 1], np.int64), np.array([0, 2, 3], np.int64))  # again: no change
    week = StudentWeek.objects.get(student=cast.bruno)
    assert (week.periods, week.absent, week.unexcused, week.late) == (3, 1, 1, 1)
    assert Attendance.objects.filter(student=cast.bruno).count() == 3
