"""What was known at the end of an étape, from period attendance or from summaries; the sources of a
folder (directory, zip, uploaded files)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from earlywarning.backtest import sources
from earlywarning.backtest.calendar import CalendarError, EtapeCalendar
from earlywarning.backtest.facts import facts_at
from earlywarning.backtest.problems import BacktestInputError
from earlywarning.backtest.reading import read_folder

CALENDAR = EtapeCalendar.parse("11-14,02-13,06-22")
ELEVES = b"code_permanent;date_naissance;niveau\nAAAA11031501;15/03/2011;S3\n"
RESULTATS = b"code_permanent;annee_scolaire;etape;matiere;note\n"
ISSUES = b"code_permanent;annee_scolaire;issue\nAAAA11031501;2025-2026;echec\n"


def folder(**files: bytes):
    base = {"eleves.csv": ELEVES, "resultats.csv": RESULTATS, "issues.csv": ISSUES}
    return read_folder(base | {f"{name}.csv": data for name, data in files.items()}, CALENDAR)


def test_period_attendance_up_to_the_end_of_the_etape_and_its_last_four_weeks():
    presences = (
        "code_permanent;date;periode;statut\n"
        "AAAA11031501;2025-09-02;1;présent\n"
        "AAAA11031501;2025-09-02;2;absent non motivé\n"
        "AAAA11031501;30/10/2025;1;present\n"
        "AAAA11031501;30/10/2025;2;retard\n"
        "AAAA11031501;14/11/2025;1;Absent motivé\n"
        "AAAA11031501;14/11/2025;2;present\n"
        "AAAA11031501;20/11/2025;1;absent non motive\n"
    ).encode()
    facts = facts_at(folder(presences=presences), "AAAA11031501", "2025-2026", 1, has_events=False)
    # Up to 14 November: 6 periods, 4 present (a late arrival is present) -> 66.7 %. The 28 days
    # from 18 October: 30 October (2 of 2) and 14 November (1 of 2) -> 3 / 4 = 75 %. 20 November is later.
    assert facts["attendance_rate_year"] == 66.7
    assert facts["attendance_rate_4w"] == 75.0
    assert facts["incidents_year"] is None and facts["suspension_days_year"] is None  # no evenements.csv
    assert facts["french_grade"] is None and facts["grade_trend"] is None
    assert facts["years_behind"] == 0


def test_a_year_total_is_known_only_when_the_year_is_over():
    absences = (
        b"code_permanent;annee_scolaire;etape;jours_absence;jours_ecole\nAAAA11031501;2025-2026;;18;180\n"
    )
    loaded = folder(absences=absences)
    at_2 = facts_at(loaded, "AAAA11031501", "2025-2026", 2, has_events=False)
    at_3 = facts_at(loaded, "AAAA11031501", "2025-2026", 3, has_events=False)
    assert at_2["attendance_rate_year"] is None and at_2["attendance_rate_4w"] is None
    assert at_3["attendance_rate_year"] == 90.0 and at_3["attendance_rate_4w"] == 90.0


def test_several_french_subjects_are_averaged_and_the_latest_etape_wins():
    resultats = (
        "code_permanent;annee_scolaire;etape;matiere;note\n"
        "AAAA11031501;2025-2026;1;Français lecture;50\n"
        "AAAA11031501;2025-2026;1;Mathématique;70\n"
        "AAAA11031501;2025-2026;2;Français, lecture;58\n"
        "AAAA11031501;2025-2026;2;Français, écriture;63\n"
    ).encode()
    loaded = read_folder(
        {
            "eleves.csv": ELEVES,
            "resultats.csv": resultats,
            "issues.csv": ISSUES,
            "absences.csv": b"code_permanent;annee_scolaire;etape;jours_absence;jours_ecole\n",
        },
        CALENDAR,
    )
    facts = facts_at(loaded, "AAAA11031501", "2025-2026", 2, has_events=True)
    assert facts["french_grade"] == 60.5  # (58 + 63) / 2 at étape 2
    assert facts["math_grade"] == 70  # only known at étape 1
    assert facts["grade_trend"] == 0.5  # average 60 at étape 1, 60.5 at étape 2
    assert facts["incidents_year"] == 0 and facts["suspension_days_year"] == 0


def test_duplicates_and_unknown_statuses_are_refused_line_by_line():
    presences = b"code_permanent;date;periode;statut\nAAAA11031501;2025-09-02;1;present\n"
    presences += b"AAAA11031501;2025-09-02;1;absent\n"
    with pytest.raises(BacktestInputError) as caught:
        folder(presences=presences)
    assert [str(p) for p in caught.value.problems] == [
        "presences.csv, ligne 3 : statut inconnu « absent » "
        "(attendu present, absent motivé, absent non motivé ou retard)"
    ]
    issues = ISSUES + b"AAAA11031501;2025-2026;reussite\n"
    with pytest.raises(BacktestInputError) as caught:
        read_folder(
            {"eleves.csv": ELEVES, "resultats.csv": RESULTATS, "issues.csv": issues, "absences.csv": b"a\n"},
            CALENDAR,
        )
    messages = [str(p) for p in caught.value.problems]
    assert (
        "absences.csv, ligne 1 : colonnes obligatoires manquantes : code_permanent, annee_scolaire, etape, "
        "jours_absence, jours_ecole. En-tête attendu : "
        "code_permanent;annee_scolaire;etape;jours_absence;jours_ecole"
    ) in messages
    assert (
        "issues.csv, ligne 3 : issue en double pour « AAAA11031501 » en 2025-2026 : aussi à la ligne 2"
        in messages
    )


def test_an_excel_file_or_a_missing_attendance_file_is_refused():
    with pytest.raises(
        BacktestInputError, match=re.escape("absences.csv : fichier manquant : absences.csv ou presences.csv")
    ):
        folder()
    with pytest.raises(BacktestInputError, match=re.escape("eleves.csv : Le fichier est un classeur Excel")):
        read_folder(
            {
                "eleves.csv": b"PK\x03\x04xx",
                "resultats.csv": RESULTATS,
                "issues.csv": ISSUES,
                "absences.csv": b"x",
            },
            CALENDAR,
        )


def test_sources_refuse_unexpected_names_and_mixtures():
    with pytest.raises(BacktestInputError, match=re.escape("resultat.csv : fichier inattendu")):
        sources.from_uploads([("eleves.csv", b""), ("resultat.csv", b"")])
    with pytest.raises(
        BacktestInputError, match=re.escape("notes.xlsx : seuls des fichiers .csv ou une archive .zip")
    ):
        sources.from_uploads([("notes.xlsx", b"")])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        zipped.writestr("dossier/Eleves.csv", "x")
        zipped.writestr("__MACOSX/dossier/._eleves.csv", "x")
        zipped.writestr("dossier/lisez-moi.txt", "x")
    assert sources.from_uploads([("dossier.zip", buffer.getvalue())]) == {"eleves.csv": b"x"}
    with pytest.raises(BacktestInputError, match="envoyez soit une archive zip, soit les fichiers CSV"):
        sources.from_uploads([("dossier.zip", buffer.getvalue()), ("eleves.csv", b"")])
    corrupt = bytearray(buffer.getvalue())
    corrupt[corrupt.index(b"dossier/Eleves.csv") + len("dossier/Eleves.csv")] ^= 0xFF  # its data byte
    with pytest.raises(
        BacktestInputError, match=re.escape("« dossier/Eleves.csv » illisible dans l'archive")
    ):
        sources.from_zip(bytes(corrupt), "a.zip")
    with pytest.raises(BacktestInputError, match="archive zip illisible"):
        sources.from_zip(b"not a zip", "a.zip")


def test_the_calendar_is_ordered_within_the_school_year():
    assert CALENDAR.end_of("2025-2026", 1).isoformat() == "2025-11-14"
    assert CALENDAR.end_of("2025-2026", 3).isoformat() == "2026-06-22"
    with pytest.raises(CalendarError, match="doivent se suivre"):
        EtapeCalendar.parse("02-13,11-14")
