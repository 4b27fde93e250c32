"""A realistic synthetic backtest folder: one school year of secondary students and their outcomes.

Each student has a hidden disengagement ``z`` (normal) and an ability correlated with it. Absences
rise with ``z`` and with the years repeated, and drift up over the year for the disengaged; grades
follow ability and fall for the disengaged; incidents and suspensions are rarer for the engaged. The
outcome (failure or dropping out, about one student in six) depends on ``z``, ability and retention,
so that the facts the criteria read are informative but not perfect — an AUC around 0.75, not 1.
Everything is drawn from ``numpy.random.default_rng(seed)``: the same seed writes the same files.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from earlywarning.backtest.calendar import EtapeCalendar, default_calendar
from lib.schoolyear import school_year_bounds

FIRST = ["Léa", "Olivia", "Emma", "Florence", "Alice", "Charlotte", "Zoé", "Rosalie", "Béatrice", "Juliette"]
FIRST += ["William", "Noah", "Thomas", "Liam", "Jacob", "Félix", "Raphaël", "Édouard", "Samuel", "Antoine"]
LAST = ["Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Gagné"]
LAST += [
    "Ouellet",
    "Pelletier",
    "Bélanger",
    "Lévesque",
    "Bergeron",
    "Leblanc",
    "Paquette",
    "Girard",
    "Simard",
]
SCHOOLS = ["École secondaire des Chutes", "École secondaire du Rocher", "Polyvalente des Riverains"]
SUBJECTS = ("Français", "Mathématique", "Anglais", "Science et technologie")
ETAPE_DAYS = (58, 60, 62)
EVENT_TYPES = ("manquement", "retards répétés", "conflit", "intimidation")


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def _school_days(year: str, calendar: EtapeCalendar) -> list[dt.date]:
    start, _ = school_year_bounds(year)
    first, last = dt.date(start.year, 8, 28), calendar.end_of(year, calendar.count)
    breaks = [(dt.date(start.year, 12, 22), dt.date(start.year + 1, 1, 5))]
    breaks.append((dt.date(start.year + 1, 3, 2), dt.date(start.year + 1, 3, 6)))
    days, day = [], first
    while day <= last:
        if day.weekday() < 5 and not any(a <= day <= b for a, b in breaks):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _text(header: str, lines: list[str]) -> str:
    return header + "\n" + "\n".join(lines) + ("\n" if lines else "")


def write_sample(
    directory: str | Path, *, students: int, seed: int = 42, year: str = "2025-2026", presences: bool = False
) -> dict[str, Any]:
    """Write the folder's CSV files (UTF-8, ``;``) into ``directory``; return a summary."""
    files, summary = sample_files(students=students, seed=seed, year=year, presences=presences)
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    return {"directory": str(out), **summary}


def sample_zip(*, students: int, seed: int = 42, year: str = "2025-2026") -> bytes:
    """The same folder as a zip archive, built in memory (the example folder of the page)."""
    files, _ = sample_files(students=students, seed=seed, year=year)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(f"backtest-exemple/{name}", text.encode("utf-8"))
    return buffer.getvalue()


def sample_files(
    *, students: int, seed: int = 42, year: str = "2025-2026", presences: bool = False
) -> tuple[dict[str, str], dict[str, Any]]:
    """The CSV files of a synthetic folder, by name, and a summary (students, positives)."""
    rng = np.random.default_rng(seed)
    calendar = default_calendar()
    start, _ = school_year_bounds(year)
    n = students
    z = rng.normal(size=n)
    ability = -0.5 * z + np.sqrt(0.75) * rng.normal(size=n)
    grade = rng.integers(1, 6, size=n)
    repeated = rng.choice([0, 1, 2], size=n, p=[0.85, 0.13, 0.02]) * (
        rng.random(size=n) < 0.5 + 0.2 * (z > 1)
    )
    age = 11 + grade + repeated
    birth_offsets = rng.integers(0, 365, size=n)
    absent_p = _sigmoid(-3.3 + 0.9 * z + 0.35 * repeated)
    logit = -2.3 + 1.1 * z - 0.6 * ability + 0.6 * repeated
    positive = rng.random(size=n) < _sigmoid(logit)
    drops = positive & (age >= 16) & (rng.random(size=n) < 0.5)

    codes = [f"{LAST[i % len(LAST)][:3].upper()}{FIRST[i % len(FIRST)][0].upper()}{i:08d}" for i in range(n)]
    roster, grades_rows, absence_rows, event_rows, issue_rows, presence_rows = [], [], [], [], [], []
    days = _school_days(year, calendar) if presences else []
    for i, code in enumerate(codes):
        birth = dt.date(start.year - int(age[i]) - 1, 10, 1) + dt.timedelta(days=int(birth_offsets[i]))
        last, first = LAST[rng.integers(len(LAST))], FIRST[rng.integers(len(FIRST))]
        school = SCHOOLS[i % len(SCHOOLS)]
        group = f"{grade[i]}0{1 + i % 4}"
        sex = "F" if FIRST.index(first) < 10 else "M"
        roster.append(
            f"{code};{last};{first};{birth:%d/%m/%Y};{sex};{school};S{grade[i]};{group};{repeated[i]}"
        )
        for etape in range(1, calendar.count + 1):
            drift = 1 + 0.25 * max(z[i], 0) * (etape - 1)
            school_days = ETAPE_DAYS[(etape - 1) % len(ETAPE_DAYS)]
            absent = int(rng.binomial(school_days, min(0.9, absent_p[i] * drift)))
            absence_rows.append(f"{code};{year};{etape};{absent};{school_days}")
            for subject in SUBJECTS:
                note = 72 + 11 * ability[i] - 3 * repeated[i] - 2.5 * max(z[i], 0) * (etape - 1)
                note = float(np.clip(note + rng.normal(0, 6), 5, 100))
                grades_rows.append(f"{code};{year};{etape};{subject};{note:.0f}")
        for _ in range(int(rng.poisson(np.exp(-1.6 + 0.8 * z[i])))):
            day = start + dt.timedelta(days=int(rng.integers(62, 355)))
            suspension = int(rng.integers(1, 4)) if rng.random() < 0.25 else 0
            kind = EVENT_TYPES[rng.integers(len(EVENT_TYPES))]
            event_rows.append(
                f"{code};{day:%d/%m/%Y};{'suspension' if suspension else kind};"
                f"{'majeure' if suspension else 'mineure'};{suspension or ''}"
            )
        outcome = "decrochage" if drops[i] else "echec" if positive[i] else "reussite"
        issue_rows.append(f"{code};{year};{outcome}")
        if presences:
            absent_days = rng.random(len(days)) < absent_p[i]
            for day, away in zip(days, absent_days, strict=True):
                for period in range(1, 5):
                    status = "absent non motivé" if away else "retard" if rng.random() < 0.01 else "present"
                    presence_rows.append(f"{code};{day.isoformat()};{period};{status}")
    files = {
        "eleves.csv": _text(
            "code_permanent;nom;prenom;date_naissance;sexe;ecole;niveau;groupe;redoublements", roster
        ),
        "resultats.csv": _text("code_permanent;annee_scolaire;etape;matiere;note", grades_rows),
        "evenements.csv": _text("code_permanent;date;type;gravite;jours_suspension", event_rows),
        "issues.csv": _text("code_permanent;annee_scolaire;issue", issue_rows),
    }
    if presences:
        files["presences.csv"] = _text("code_permanent;date;periode;statut", presence_rows)
    else:
        files["absences.csv"] = _text(
            "code_permanent;annee_scolaire;etape;jours_absence;jours_ecole", absence_rows
        )
    summary = {
        "students": n,
        "positives": int(positive.sum()),
        "decrochage": int(drops.sum()),
        "files": sorted(files),
    }
    return files, summary
