"""`manage.py earlywarning backtest` on the hand-made folder of tests/data/backtest, whose answer is
computed by hand below, and on broken copies of it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

DATA = Path(__file__).parent / "data" / "backtest"
ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db  # the criteria sets are read from the database (never written)

# The folder: ten S3 students of 2025-2026, scored at the end of étape 2 (13 February 2026) with the
# default set (total weight 19). Their facts and scores (share of 19, one decimal):
#   A  nothing fires                                                      0     réussite
#   B  French 55 at étape 2                              3/19 =          15.8   échec
#   C  absent 12/60 + 11/55 = 23/115: year 80 % (< 90, <= 80), étape 2 80 % (<= 90)
#                                                        7/19 =          36.8   décrochage
#   D  one year repeated                                 2/19 =          10.5   réussite
#   E  a 2-day suspension and one other incident before 13 Feb (the third, in March, is later)
#                                                        2/19 =          10.5   réussite
#   F  math 50 at étape 2 (20 at étape 3 is later); average 70 -> 57.5, trend -12.5
#                                                        4/19 =          21.1   échec
#   G  absent 40/115 (65.2 %), French 40, math 45, repeated, average 52.5 -> 42.5 (-10)
#                                                       16/19 =          84.2   décrochage
#   H  nothing fires (the 30 days absent at étape 3 are later)                0     échec
#   I  born 15 March 2010: 15 on 30 Sept 2025, one year above S3 (14)  2/19 = 10.5   échec
#   J  absent 6/55 at étape 2 (89.1 % <= 90); the year 6/115 (94.8 %) is fine  2/19 = 10.5   réussite
# Positives (échec, décrochage): B C F G H I = 6 of 10. Negatives score 0, 10.5, 10.5, 10.5.
# AUC: B, C, F, G beat the four negatives (16 pairs); H ties A (1/2) and loses to three; I beats A
# and ties three (1 + 3/2) -> (16 + 0.5 + 2.5) / 24 = 0.7917.
# Top 10 %: one student, G (positive): precision 1, recall 1/6.
# Calibration: [0, 10) A H -> 1/2; [10, 20) B D E I J -> 2/5 (mean score 57.8 / 5 = 11.56);
# [20, 30) F, [30, 40) C, [80, 90) G -> 1 each; the other tenths are empty.
# Lift (base rate 0.6): recent attendance fires for C G J (2/3 -> 1.1111); the two year attendance
# criteria, French, math and the drop fire for two positives each (1 / 0.6 = 1.6667); the suspension
# fires for E only (0); repeated incidents never (None); years behind for D G I (2/3 -> 1.1111).


def backtest(*args: str) -> dict:
    out = StringIO()
    call_command("earlywarning", "backtest", *args, stdout=out)
    return json.loads(out.getvalue())


def copy(tmp_path: Path) -> Path:
    folder = tmp_path / "dossier"
    shutil.copytree(DATA, folder)
    return folder


def replace_line(path: Path, number: int, text: str, encoding: str = "utf-8") -> None:
    lines = path.read_text(encoding=encoding).splitlines()
    lines[number - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding=encoding)


def test_the_hand_made_folder_gives_the_answer_computed_by_hand():
    report = backtest("--data", str(DATA), "--as-of-etape", "2")
    assert report["as_of"] == {"2025-2026": "2026-02-13"}
    assert (report["students"], report["positives"]) == (10, 6)
    assert report["outcomes"] == {"reussite": 4, "echec": 4, "decrochage": 2}
    assert report["auc"] == 0.7917
    assert (report["flagged_at_10pct"], report["precision_at_10pct"], report["recall_at_10pct"]) == (
        1,
        1.0,
        0.1667,
    )
    calibration = {
        b["decile"]: (b["students"], b["positives"], b["observed_rate"]) for b in report["calibration"]
    }
    assert calibration == {
        1: (2, 1, 0.5),
        2: (5, 2, 0.4),
        3: (1, 1, 1.0),
        4: (1, 1, 1.0),
        5: (0, 0, None),
        6: (0, 0, None),
        7: (0, 0, None),
        8: (0, 0, None),
        9: (1, 1, 1.0),
        10: (0, 0, None),
    }
    assert report["calibration"][1]["mean_score"] == 11.56
    lifts = {c["code"]: (c["fired"], c["positives_fired"], c["lift"]) for c in report["criteria"]}
    assert lifts == {
        "presence_recente": (3, 2, 1.1111),
        "absenteisme_chronique": (2, 2, 1.6667),
        "presence_critique": (2, 2, 1.6667),
        "echec_francais": (2, 2, 1.6667),
        "echec_mathematique": (2, 2, 1.6667),
        "baisse_resultats": (2, 2, 1.6667),
        "suspension": (1, 0, 0.0),
        "incidents_repetes": (0, 0, None),
        "retard_scolaire": (3, 2, 1.1111),
    }


def test_the_report_has_the_keys_the_documentation_promises():
    report = backtest("--data", str(DATA), "--as-of-etape", "1")
    assert set(report) == {
        "as_of_etape", "as_of", "criteria_set", "files", "students", "positives", "base_rate", "outcomes",
        "auc", "flagged_at_10pct", "precision_at_10pct", "recall_at_10pct", "calibration", "criteria",
    }  # fmt: skip
    assert set(report["calibration"][0]) == {
        "decile",
        "low",
        "high",
        "students",
        "positives",
        "observed_rate",
        "mean_score",
    }
    assert set(report["criteria"][0]) >= {
        "code",
        "name",
        "fired",
        "fired_share",
        "missing",
        "rate_when_fired",
        "lift",
    }
    assert report["criteria_set"] == "défaut (v1)" and report["as_of"] == {"2025-2026": "2025-11-14"}


def test_what_happens_after_the_etape_is_not_known_yet():
    # At étape 3 (22 June) E's third incident and F's math 20 and H's absences are known.
    by_etape = {n: backtest("--data", str(DATA), "--as-of-etape", str(n)) for n in (2, 3)}
    fired = {n: {c["code"]: c["fired"] for c in r["criteria"]} for n, r in by_etape.items()}
    assert fired[2]["incidents_repetes"] == 0 and fired[3]["incidents_repetes"] == 1
    # Recent attendance is the rate of the étape N: only H has a row for étape 3 (50 %); the others
    # are unknown then (listed as missing), while C, G and J fired at étape 2.
    recent = {
        n: next(c for c in r["criteria"] if c["code"] == "presence_recente") for n, r in by_etape.items()
    }
    assert (recent[2]["fired"], recent[2]["missing"]) == (3, 0)
    assert (recent[3]["fired"], recent[3]["missing"]) == (1, 9)


def test_a_zip_of_the_folder_and_another_calendar(tmp_path):
    archive = tmp_path / "dossier.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for item in DATA.iterdir():
            zipped.write(item, f"annee-2025/{item.name}")
    report = backtest("--data", str(archive), "--as-of-etape", "2", "--etapes", "11-07,02-06,06-20")
    assert report["auc"] == 0.7917 and report["as_of"] == {"2025-2026": "2026-02-06"}


def test_a_missing_file_is_named_and_nothing_is_printed(tmp_path):
    folder = copy(tmp_path)
    (folder / "resultats.csv").unlink()
    out = StringIO()
    with pytest.raises(CommandError, match=r"resultats\.csv : fichier obligatoire manquant"):
        call_command("earlywarning", "backtest", "--data", str(folder), "--as-of-etape", "2", stdout=out)
    assert out.getvalue() == ""


def test_every_bad_line_is_reported_with_its_file_and_number(tmp_path):
    folder = copy(tmp_path)
    replace_line(folder / "resultats.csv", 5, "BBBB11031502,2025-2026,1,Français,soixante")
    replace_line(folder / "absences.csv", 3, "AAAA11031501;2025-2026;2;70;55")
    replace_line(folder / "issues.csv", 3, "BBBB11031502;2025-2026;abandon")
    replace_line(folder / "evenements.csv", 2, "ZZZZ99999999;01/12/2025;suspension;majeure;2")
    with pytest.raises(CommandError) as caught:
        call_command(
            "earlywarning", "backtest", "--data", str(folder), "--as-of-etape", "2", stdout=StringIO()
        )
    message = str(caught.value)
    assert "resultats.csv, ligne 5 : note illisible « soixante » (nombre attendu)" in message
    assert "absences.csv, ligne 3 : plus de jours d'absence (70) que de jours d'école (55)" in message
    assert (
        "issues.csv, ligne 3 : issue inconnue « abandon » (attendu reussite, echec ou decrochage)" in message
    )
    assert "evenements.csv, ligne 2 : élève « ZZZZ99999999 » absent de eleves.csv" in message
    assert len(message.splitlines()) == 4


def test_a_bad_folder_exits_non_zero_with_french_on_stderr_and_nothing_on_stdout(tmp_path):
    folder = copy(tmp_path)
    replace_line(folder / "eleves.csv", 4, "CCCC11031503;Côté;Chloé;31/02/2011;F;X;S3;302;0", "cp1252")
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "earlywarning",
            "backtest",
            "--data",
            str(folder),
            "--as-of-etape",
            "2",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert result.stdout == ""
    assert "eleves.csv, ligne 4 : date impossible « 31/02/2011 »" in result.stderr
    # Only that line: Chloé's lines in the other files are not reported as "absent de eleves.csv".
    assert len(result.stderr.strip().splitlines()) == 1


def test_options_that_cannot_work_are_refused_in_french():
    with pytest.raises(CommandError, match="--save demande --fit"):
        call_command("earlywarning", "backtest", "--data", str(DATA), "--as-of-etape", "2", "--save", "x")
    with pytest.raises(CommandError, match="étape 4 hors du calendrier"):
        call_command("earlywarning", "backtest", "--data", str(DATA), "--as-of-etape", "4")
    with pytest.raises(CommandError, match="fin d'étape illisible « 13-01 »"):
        call_command(
            "earlywarning", "backtest", "--data", str(DATA), "--as-of-etape", "2", "--etapes", "13-01"
        )
    with pytest.raises(CommandError, match="--repeats : au moins 1"):
        call_command("earlywarning", "backtest", "--data", str(DATA), "--as-of-etape", "2", "--repeats", "0")
    with pytest.raises(CommandError, match="l'ajustement demande au moins 10 élèves"):
        call_command("earlywarning", "backtest", "--data", str(DATA), "--as-of-etape", "2", "--fit")


def _counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


def test_a_backtest_never_writes_into_the_live_data(cast, tmp_path):
    call_command(
        "earlywarning", "backtest-sample", str(tmp_path / "s"), "--students", "120", stdout=StringIO()
    )
    before = _counts()
    assert before["students_student"] == 3
    backtest("--data", str(DATA), "--as-of-etape", "2")
    backtest("--data", str(tmp_path / "s"), "--as-of-etape", "3", "--fit", "--repeats", "1")
    assert _counts() == before


def test_fit_is_reproducible_with_a_fixed_seed(tmp_path):
    call_command(
        "earlywarning",
        "backtest-sample",
        str(tmp_path / "s"),
        "--students",
        "600",
        "--seed",
        "7",
        stdout=StringIO(),
    )
    args = ("--data", str(tmp_path / "s"), "--as-of-etape", "2", "--fit", "--repeats", "2", "--seed", "3")
    first, second = backtest(*args), backtest(*args)
    assert first == second
    fit = first["fit"]
    assert (fit["folds"], fit["repeats"], fit["seed"]) == (10, 2, 3)
    assert 0.5 < first["auc_fit"] <= 1 and 0 < first["accuracy_fit"] <= 1
    assert first["accuracy_fit"] >= fit["accuracy_baseline"] - 0.02
    assert [w["code"] for w in fit["weights"]] == [c["code"] for c in first["criteria"]]
    assert all(w["weight"] >= 0 for w in fit["weights"])


def test_the_synthetic_folder_is_the_same_for_the_same_seed_and_informative(tmp_path):
    for name in ("a", "b"):
        call_command(
            "earlywarning",
            "backtest-sample",
            str(tmp_path / name),
            "--students",
            "800",
            "--seed",
            "5",
            stdout=StringIO(),
        )
    assert (tmp_path / "a" / "resultats.csv").read_bytes() == (tmp_path / "b" / "resultats.csv").read_bytes()
    report = backtest("--data", str(tmp_path / "a"), "--as-of-etape", "2")
    assert 0.08 < report["base_rate"] < 0.3
    assert report["auc"] > 0.65  # the outcomes depend on attendance, grades and retention


def test_a_named_set_is_scored_and_a_fitted_set_is_saved_as_a_new_version(tmp_path):
    from earlywarning.criteria import create_criteria_set
    from earlywarning.models import CriteriaSet
    from lib.risk import DEFAULT_CRITERIA

    only_grades = [c for c in DEFAULT_CRITERIA if c.fact in ("french_grade", "math_grade")]
    create_criteria_set(name="notes seulement", criteria=only_grades)
    report = backtest("--data", str(DATA), "--as-of-etape", "2", "--criteria", "notes seulement")
    # B, F, G fire (French or math under 60): scores B 50, F 50, G 100, the others 0. Positives B C F G H I;
    # negatives all score 0: B, F and G beat the four (12 pairs), C, H, I tie them (3 x 4 x 1/2 = 6).
    assert report["criteria_set"] == "notes seulement (v1)"
    assert report["auc"] == round(18 / 24, 4)
    with pytest.raises(CommandError, match="Ensemble de critères inconnu « inconnu »"):
        backtest("--data", str(DATA), "--as-of-etape", "2", "--criteria", "inconnu")

    call_command(
        "earlywarning", "backtest-sample", str(tmp_path / "s"), "--students", "400", stdout=StringIO()
    )
    args = ("--data", str(tmp_path / "s"), "--as-of-etape", "2", "--fit", "--repeats", "1")
    saved = backtest(*args, "--save", "appris 2025-2026")
    assert saved["saved"] == "appris 2025-2026 (v1)"
    stored = CriteriaSet.objects.get(name="appris 2025-2026")
    assert stored.based_on == CriteriaSet.objects.get(is_default=True)
    assert "AUC en validation croisée" in stored.notes
    kept = {w["code"]: w["weight"] for w in saved["fit"]["weights"] if w["kept"]}
    assert {c.code: c.weight for c in stored.as_criteria()} == kept
