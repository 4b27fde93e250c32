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


def _write(path: Path, header: str, lines: list[str]) -> None:
    path.write_text(header + "\n" + "\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")


def write_sample(
    directory: str | Path, *, students: int, seed: int = 42, year: str = "2025-2026", presences: bool = False
) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    calendar = default_calendar()
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
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
    _write(
        out / "eleves.csv",
        "code_permanent;nom;prenom;date_naissance;sexe;ecole;niveau;groupe;redoublements",
        roster,
    )
    _write(out / "resultats.csv", "code_permanent;annee_scolaire;etape;matiere;note", grades_rows)
    if presences:
        _write(out / "presences.csv", "code_permanent;date;periode;statut", presence_rows)
    else:
        _write(
            out / "absences.csv",
            "code_permanent;annee_scolaire;etape;jours_absence;jours_ecole",
            absence_rows,
        )
    _write(out / "evenements.csv", "code_permanent;date;type;gravite;jours_suspension", event_rows)
    _write(out / "issues.csv", "code_permanent;annee_scolaire;issue", issue_rows)
    return {
        "directory": str(out),
        "students": n,
        "positives": int(positive.sum()),
        "decrochage": int(drops.sum()),
        "files": sorted(p.name for p in out.glob("*.csv")),
    }
