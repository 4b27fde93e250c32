"""Validating and applying a roster against the database, and the import_sis command."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError

from core.models import School, SchoolYear, ServiceCentre
from sis.base import schools_for
from sis.roster import apply_plan, plan_file
from sis.tests.rosters import HEADER, born, good_file, good_lines, roster
from students.models import Group, Student


def snapshot() -> list[tuple]:
    students = Student.objects.order_by("code_permanent").values_list(
        "code_permanent",
        "last_name",
        "first_name",
        "birth_date",
        "sex",
        "school_id",
        "grade_level",
        "group_id",
        "ehdaa_code",
        "years_repeated",
        "updated_at",
    )
    return [*students, ("groups", Group.objects.count())]


def alice_line(cast, **changes: str) -> str:
    alice = cast.alice
    values = {
        "code": alice.code_permanent,
        "nom": alice.last_name,
        "prenom": alice.first_name,
        "naissance": alice.birth_date.strftime("%d/%m/%Y"),
        "niveau": "S3",
        "groupe": "301",
    } | changes
    v = values
    return f"{v['code']};{v['nom']};{v['prenom']};{v['naissance']};F;751001;{v['niveau']};{v['groupe']};;0"


def messages(plan) -> list[str]:
    return [str(error) for error in plan.errors]


def import_file(data: bytes, tmp_path: Path, user=None) -> tuple[str, str]:
    path = tmp_path / "eleves.csv"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    args = ["import_sis", "eleves", str(path)]
    if user is not None:
        args += ["--utilisateur", user.username]
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# --- a good file ------------------------------------------------------------------------------------


def test_a_good_file_creates_the_students_with_their_values(cast):
    plan = plan_file(good_file())
    assert plan.errors == []
    summary = apply_plan(cast.manager, plan)
    assert (summary.created, summary.updated, summary.unchanged) == (2, 0, 0)

    eloise = Student.objects.get(code_permanent="BOUE12345601")
    assert (eloise.last_name, eloise.first_name, eloise.sex) == ("Bouchard", "Éloïse", "F")
    assert eloise.school == cast.sources
    assert eloise.grade_level == "S1"
    assert eloise.group is not None and eloise.group.code == "101"
    assert eloise.group.school_year == cast.year
    assert eloise.age() == 13

    mathis = Student.objects.get(code_permanent="LAVM23456702")
    assert mathis.school == cast.laurent  # found by its name
    assert (mathis.sex, mathis.grade_level, mathis.ehdaa_code, mathis.years_repeated) == ("M", "P3", "50", 1)
    assert mathis.group is not None and mathis.group.code == "501"
    assert Group.objects.filter(school=cast.laurent, code="501").count() == 1  # reused, not duplicated


def test_importing_the_same_file_twice_changes_nothing_the_second_time(cast):
    apply_plan(cast.manager, plan_file(good_file()))
    before = snapshot()
    plan = plan_file(good_file())
    summary = apply_plan(cast.manager, plan)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 2)
    assert snapshot() == before  # updated_at included


def test_it_updates_only_the_students_that_changed(cast):
    bruno_updated = Student.objects.get(pk=cast.bruno.pk).updated_at
    alice_updated = Student.objects.get(pk=cast.alice.pk).updated_at
    data = roster(
        alice_line(cast),
        alice_line(
            cast,
            code="GAGB12071102",
            nom="Gagnon",
            prenom="Bruno",
            naissance=cast.bruno.birth_date.strftime("%Y-%m-%d"),
            niveau="Sec 4",
            groupe="302",
        ).replace(";F;", ";M;"),
    )
    plan = plan_file(data)
    assert plan.errors == []
    summary = apply_plan(cast.manager, plan)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 1)
    bruno = Student.objects.get(pk=cast.bruno.pk)
    assert bruno.grade_level == "S4"
    assert bruno.updated_at > bruno_updated
    assert Student.objects.get(pk=cast.alice.pk).updated_at == alice_updated
    assert Student.objects.get(pk=cast.alice.pk).health_alert.startswith("Allergie")  # untouched


def test_it_moves_a_student_to_another_group_creating_it_when_missing(cast):
    plan = plan_file(roster(alice_line(cast, groupe="399")))
    apply_plan(cast.manager, plan)
    alice = Student.objects.get(pk=cast.alice.pk)
    assert alice.group is not None
    assert (alice.group.code, alice.group.school, alice.group.school_year) == ("399", cast.sources, cast.year)


def test_an_empty_group_leaves_the_student_without_group(cast):
    apply_plan(cast.manager, plan_file(roster(alice_line(cast, groupe=""))))
    assert Student.objects.get(pk=cast.alice.pk).group is None


def test_it_uppercases_and_strips_the_code_permanent(cast):
    plan = plan_file(roster(alice_line(cast, code="  trea11561101 ")))
    assert plan.errors == []
    assert plan.summary().unchanged == 1


def test_it_reads_a_cp1252_comma_file_with_folded_headers(cast):
    header = "Code Permanent,NOM,Prénom,Date de naissance,Sexe,École,Niveau,Groupe"
    line = f"BOUE12345601,Bouchard,Éloïse,{born(7)},féminin,751002,2e année,501"
    plan = plan_file(roster(line, header=header, encoding="cp1252", newline="\r\n"))
    assert plan.errors == []
    apply_plan(cast.manager, plan)
    assert Student.objects.get(code_permanent="BOUE12345601").first_name == "Éloïse"


def test_it_keeps_formula_looking_names_as_text(cast):
    line = f'BOUE12345601;=HYPERLINK("x");@Éloïse;{born(13)};F;751001;S1;101;;'
    apply_plan(cast.manager, plan_file(roster(line)))
    student = Student.objects.get(code_permanent="BOUE12345601")
    assert (student.last_name, student.first_name) == ('=HYPERLINK("x")', "@Éloïse")


def test_the_audit_row_holds_counts_and_no_personal_data(cast):
    apply_plan(cast.manager, plan_file(good_file()), source="web")
    entry = LogEntry.objects.get(object_pk=str(cast.centre.pk), additional_data__event="sis.import.eleves")
    assert entry.actor == cast.manager
    data = entry.additional_data
    assert (data["created"], data["updated"], data["unchanged"], data["rows"]) == (2, 0, 0, 2)
    assert data["source"] == "web"
    assert data["groups_created"] == 1
    dumped = json.dumps(data, ensure_ascii=False) + json.dumps(entry.changes or {})
    for personal in ("BOUE12345601", "Bouchard", "Éloïse", "Lavoie"):
        assert personal not in dumped


# --- refused files: nothing is written --------------------------------------------------------------


def assert_refused(cast, data: bytes, *expected: str) -> list[str]:
    before = snapshot()
    count = Student.objects.count()
    plan = plan_file(data)
    found = messages(plan)
    for text in expected:
        assert any(text in message for message in found), (text, found)
    assert not plan.is_valid
    with pytest.raises(ValueError):
        apply_plan(cast.manager, plan)
    assert Student.objects.count() == count
    assert snapshot() == before
    return found


def test_it_refuses_a_file_in_a_bad_encoding(cast):
    assert_refused(cast, "\n".join([HEADER, *good_lines()]).encode("utf-16"), "UTF-16")


def test_it_refuses_a_file_missing_required_columns_and_names_them(cast):
    found = assert_refused(
        cast,
        roster("X;Y", header="code_permanent;nom;prenom;ecole;groupe"),
        "Ligne 1 :",
        "date_naissance, sexe, niveau",
    )
    assert len(found) == 1


def test_it_refuses_an_empty_file_and_a_header_only_file(cast):
    assert_refused(cast, b"", "Le fichier est vide")
    assert_refused(cast, roster(), "ne contient que la ligne d'en-tête")


def test_it_refuses_a_file_with_a_duplicate_code_on_both_lines(cast):
    lines = good_lines()
    found = assert_refused(cast, roster(lines[0], lines[1], lines[0].replace("Éloïse", "Élo")))
    assert found == [
        "Ligne 2 : code permanent « BOUE12345601 » en double : aussi à la ligne 4",
        "Ligne 4 : code permanent « BOUE12345601 » en double : aussi à la ligne 2",
    ]


def test_it_refuses_an_impossible_date_with_its_line_number(cast):
    lines = good_lines()
    bad = lines[1].replace(born(8), "31/02/2018")
    assert_refused(cast, roster(lines[0], bad), "Ligne 3 : date impossible « 31/02/2018 »")


def test_it_refuses_a_birth_date_that_makes_no_sense_for_a_student(cast):
    future = (dt.date.today() + dt.timedelta(days=30)).strftime("%d/%m/%Y")
    lines = good_lines()
    assert_refused(
        cast,
        roster(lines[0].replace(born(13), future), lines[1].replace(born(8), "01/01/1970")),
        "Ligne 2 : date de naissance dans le futur",
        "Ligne 3 : date de naissance invraisemblable",
    )


def test_it_refuses_an_unknown_school(cast):
    lines = good_lines()
    assert_refused(
        cast, roster(lines[0].replace(";751001;", ";999999;")), "Ligne 2 : école inconnue « 999999 »"
    )


def test_it_refuses_an_ambiguous_school_name(cast):
    School.objects.create(
        centre=cast.centre, ministry_code="751099", name="École Saint-Laurent", level="primary"
    )
    assert_refused(cast, roster(good_lines()[1]), "Ligne 2 : nom d'école ambigu")


def test_a_bad_row_in_the_middle_stops_the_whole_file(cast):
    lines = good_lines()
    middle = f"GAGB12071102;Gagnon;Bruno;{born(14)};Z;751001;S7;302;77;deux"
    found = assert_refused(
        cast,
        roster(lines[0], middle, lines[1]),
        "Ligne 3 : sexe non reconnu « Z »",
        "Ligne 3 : niveau non reconnu « S7 »",
        "Ligne 3 : code EHDAA inconnu « 77 »",
        "Ligne 3 : nombre de redoublements invalide « deux »",
    )
    assert all(message.startswith("Ligne 3 :") for message in found)
    assert not Student.objects.filter(code_permanent__in=["BOUE12345601", "LAVM23456702"]).exists()


def test_it_refuses_missing_values_and_names_without_letters(cast):
    assert_refused(
        cast,
        roster(f";Roy;Léa;{born(9)};F;751002;P4;501;;", f"ROYL1;=1+2;Léa;{born(9)};F;751002;P4;501;;"),
        "Ligne 2 : code permanent manquant",
        "Ligne 3 : nom sans aucune lettre « =1+2 »",
    )


def test_it_refuses_a_code_permanent_longer_than_20_characters(cast):
    assert_refused(cast, roster(alice_line(cast, code="A" * 21)), "code permanent trop long")


def test_it_refuses_a_row_with_too_many_values(cast):
    assert_refused(cast, roster(alice_line(cast) + ";en trop"), "Ligne 2 : la ligne compte 11 valeurs")


def test_it_refuses_a_school_of_a_centre_without_a_current_year(cast):
    SchoolYear.objects.filter(pk=cast.year.pk).update(is_current=False)
    assert_refused(cast, roster(alice_line(cast)), "aucune année scolaire en cours")


def test_a_manager_cannot_import_into_a_school_of_another_centre(cast):
    other = ServiceCentre.objects.create(name="CSS Ailleurs", code="CSS-AILLEURS", region="Estrie")
    School.objects.create(centre=other, ministry_code="761001", name="École Lointaine", level="primary")
    line = f"BOUE12345601;Bouchard;Éloïse;{born(9)};F;761001;P4;401;;"
    plan = plan_file(roster(line), schools=schools_for(cast.manager))
    assert messages(plan) == [
        "Ligne 2 : école inconnue « 761001 » (code d'organisme ou nom exact d'une école du centre attendu)"
    ]


# --- the command ------------------------------------------------------------------------------------


def test_the_command_imports_a_good_file_and_reports_counts(cast, tmp_path):
    out, _ = import_file(good_file(), tmp_path, user=cast.manager)
    assert "2 créé(s), 0 mis à jour, 0 inchangé(s)" in out
    out, _ = import_file(good_file(), tmp_path)
    assert "0 créé(s), 0 mis à jour, 2 inchangé(s)" in out
    assert LogEntry.objects.filter(additional_data__event="sis.import.eleves").count() == 2


def test_the_command_lists_every_bad_line_and_exits_non_zero(cast, tmp_path):
    before = snapshot()
    lines = good_lines()
    data = roster(lines[0].replace(";751001;", ";000000;"), lines[1].replace(born(8), "31/02/2018"))
    path = tmp_path / "eleves.csv"
    path.write_bytes(data)
    err = io.StringIO()
    with pytest.raises(CommandError, match="aucune modification n'a été enregistrée"):
        call_command("import_sis", "eleves", str(path), stderr=err)
    assert "Ligne 2 : école inconnue « 000000 »" in err.getvalue()
    assert "Ligne 3 : date impossible « 31/02/2018 »" in err.getvalue()
    assert snapshot() == before


def test_the_command_dry_run_writes_nothing(cast, tmp_path):
    before = snapshot()
    path = tmp_path / "eleves.csv"
    path.write_bytes(good_file())
    out = io.StringIO()
    call_command("import_sis", "eleves", str(path), "--verifier", stdout=out)
    assert "2 à créer" in out.getvalue()
    assert snapshot() == before


@pytest.mark.parametrize(("kind", "message"), [("profs", "inconnu « profs »")])
def test_the_command_refuses_an_unknown_kind_in_french(cast, tmp_path, kind, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_sis", kind, str(tmp_path / "x.csv"))


def test_the_command_says_when_the_file_cannot_be_read(cast, tmp_path):
    with pytest.raises(CommandError, match="Impossible de lire le fichier"):
        call_command("import_sis", "eleves", str(tmp_path / "absent.csv"))
