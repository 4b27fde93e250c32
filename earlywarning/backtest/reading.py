"""Reading a backtest folder with the platform's parsing rules (``sis.formats``), into memory only.

Every line is checked; every problem is reported with its file and line number, and a folder with a
single problem is not scored at all. The schools and groups of ``eleves.csv`` need not exist in the
platform: only the permanent code, the birth date, the level and the years repeated are read.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from earlywarning.backtest.calendar import EtapeCalendar
from earlywarning.backtest.problems import BacktestInputError, Problem
from lib.schoolyear import school_year_bounds, school_year_label
from lib.text import fold as _fold_text
from sis import formats, roster

OUTCOMES = ("reussite", "echec", "decrochage")
POSITIVE = frozenset({"echec", "decrochage"})
PRESENT = {"present": True, "presente": True, "retard": True, "absent_motive": False}
PRESENT |= {"absent_non_motive": False, "absence_motivee": False, "absence_non_motivee": False}
COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {  # file: (required, optional)
    "eleves.csv": (("code_permanent", "date_naissance", "niveau"), ("redoublements",)),
    "resultats.csv": (("code_permanent", "annee_scolaire", "etape", "matiere", "note"), ()),
    "absences.csv": (("code_permanent", "annee_scolaire", "etape", "jours_absence", "jours_ecole"), ()),
    "presences.csv": (("code_permanent", "date", "periode", "statut"), ()),
    "evenements.csv": (("code_permanent", "date", "type"), ("gravite", "jours_suspension")),
    "issues.csv": (("code_permanent", "annee_scolaire", "issue"), ()),
}
ALIASES = roster.ALIASES | {
    formats.compact(name): name for cols in COLUMNS.values() for group in cols for name in group
}
ALIASES |= {"annee": "annee_scolaire", "resultat": "note", "joursabsences": "jours_absence"}
ALIASES |= {
    "joursdeclasse": "jours_ecole",
    "joursecoles": "jours_ecole",
    "joursdesuspension": "jours_suspension",
}


fold = lru_cache(maxsize=4096)(_fold_text)  # subjects, statuses and outcomes repeat on every line
_year_bounds = lru_cache(maxsize=256)(school_year_bounds)


@dataclass(frozen=True)
class StudentInfo:
    birth_date: dt.date
    level: str
    years_repeated: int


@dataclass
class Folder:
    calendar: EtapeCalendar
    students: dict[str, StudentInfo] = field(default_factory=dict)
    # (code, year) -> étape -> subject (folded) -> grade
    grades: dict[tuple[str, str], dict[int, dict[str, float]]] = field(default_factory=dict)
    # (code, year) -> étape (None: the year) -> (days absent, school days)
    summaries: dict[tuple[str, str], dict[int | None, tuple[float, float]]] = field(default_factory=dict)
    # (code, year) -> [(date, present)] one per period
    presences: dict[tuple[str, str], list[tuple[dt.date, bool]]] = field(default_factory=dict)
    # (code, year) -> [(date, suspension days)]
    events: dict[tuple[str, str], list[tuple[dt.date, float]]] = field(default_factory=dict)
    outcomes: list[tuple[str, str, str]] = field(default_factory=list)  # (code, year, outcome)
    has_events_file: bool = False


class _File:
    """One file being read: its rows and the problems found in it."""

    def __init__(self, name: str, data: bytes, problems: list[Problem]) -> None:
        self.name, self.problems = name, problems
        required, optional = COLUMNS[name]
        self.rows: list[formats.Row] = []
        try:
            table = formats.read_bytes(data, ALIASES)
        except formats.FormatError as exc:
            self.fail(exc.line, exc.message)
            return
        missing = formats.missing_columns(table.headers, required)
        if missing:
            expected = ";".join(required) + (f" (facultatives : {';'.join(optional)})" if optional else "")
            self.fail(
                1, f"colonnes obligatoires manquantes : {', '.join(missing)}. En-tête attendu : {expected}"
            )
            return
        for row in table.rows:
            if row.problem:
                self.fail(row.line, row.problem)
            else:
                self.rows.append(row)

    def fail(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.name, line, message))

    def each(self, parse: Callable[[dict[str, str]], Any]) -> list[tuple[int, Any]]:
        """Parse every row; a ValueError becomes the row's problem. Returns (line, parsed) pairs."""
        out = []
        for row in self.rows:
            try:
                out.append((row.line, parse(row.values)))
            except ValueError as exc:
                self.fail(row.line, str(exc))
        return out


def _code(values: Mapping[str, str]) -> str:
    code = values.get("code_permanent", "").strip().upper()
    if not code:
        raise ValueError("code permanent manquant")
    return code


def _year(values: Mapping[str, str]) -> str:
    label = values.get("annee_scolaire", "").strip()
    _year_bounds(label)  # raises with a French message
    return label


def _number(value: str, label: str, *, low: float = 0, high: float | None = None) -> float:
    text = value.strip().replace("%", "").replace(",", ".").replace(" ", "")
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{label} illisible « {value.strip()} » (nombre attendu)") from None
    if number < low or (high is not None and number > high):
        upper = f" à {high:g}" if high is not None else " ou plus"
        raise ValueError(f"{label} hors limites « {value.strip()} » (attendu de {low:g}{upper})")
    return number


def _etape(value: str, calendar: EtapeCalendar, *, optional: bool = False) -> int | None:
    text = value.strip()
    if not text and optional:
        return None
    if not text.isdecimal() or not 1 <= int(text) <= calendar.count:
        raise ValueError(f"étape invalide « {text} » (attendu un nombre de 1 à {calendar.count})")
    return int(text)


def read_folder(files: Mapping[str, bytes], calendar: EtapeCalendar) -> Folder:
    """Every file of the folder, checked; raises ``BacktestInputError`` with every problem found."""
    problems: list[Problem] = []
    for name in ("eleves.csv", "resultats.csv", "issues.csv"):
        if name not in files:
            problems.append(Problem(name, None, "fichier obligatoire manquant"))
    if "absences.csv" not in files and "presences.csv" not in files:
        problems.append(Problem("absences.csv", None, "fichier manquant : absences.csv ou presences.csv"))
    if problems:
        raise BacktestInputError(problems)
    folder = Folder(calendar=calendar, has_events_file="evenements.csv" in files)
    opened = {name: _File(name, data, problems) for name, data in files.items()}
    latest = _read_issues(opened["issues.csv"], folder)
    _read_students(opened["eleves.csv"], folder, latest)
    # A student refused in eleves.csv is not "absent" from it: its lines elsewhere are not reported again.
    known = set(folder.students) | {code for _, code in _codes(opened["eleves.csv"])}
    for name, reader in _READERS.items():
        if name in opened:
            reader(opened[name], folder)
    for name, item in opened.items():
        for line, code in _codes(item):
            if code not in known and name != "eleves.csv":
                item.fail(line, f"élève « {code} » absent de eleves.csv")
    if problems:
        order = list(COLUMNS)
        problems.sort(key=lambda p: (order.index(p.file) if p.file in order else 99, p.line or 0))
        raise BacktestInputError(problems)
    return folder


def _codes(item: _File) -> list[tuple[int, str]]:
    return [(row.line, code) for row in item.rows if (code := row.values.get("code_permanent", "").upper())]


def _read_issues(item: _File, folder: Folder) -> dt.date:
    def parse(values: dict[str, str]) -> tuple[str, str, str]:
        outcome = fold(values.get("issue", ""))
        if outcome not in OUTCOMES:
            raise ValueError(
                f"issue inconnue « {values.get('issue', '')} » (attendu reussite, echec ou decrochage)"
            )
        return _code(values), _year(values), outcome

    seen: dict[tuple[str, str], int] = {}
    for line, (code, year, outcome) in item.each(parse):
        if (code, year) in seen:
            item.fail(
                line, f"issue en double pour « {code} » en {year} : aussi à la ligne {seen[(code, year)]}"
            )
            continue
        seen[(code, year)] = line
        folder.outcomes.append((code, year, outcome))
    if not item.rows and not item.problems:
        item.fail(None, "aucune issue : le fichier ne contient que la ligne d'en-tête")
    years = {year for _, year, _ in folder.outcomes}
    return max((school_year_bounds(y)[1] for y in years), default=dt.date.today())


def _read_students(item: _File, folder: Folder, reference: dt.date) -> None:
    def parse(values: dict[str, str]) -> tuple[str, StudentInfo]:
        code = _code(values)
        birth = formats.parse_birth_date(values.get("date_naissance", ""), reference)
        level = formats.parse_level(values.get("niveau", ""))
        if level is None:
            raise ValueError(
                f"niveau non reconnu « {values.get('niveau', '')} » (par exemple S1 à S5, Sec 3)"
            )
        repeated = roster._years_repeated(values.get("redoublements", "").strip())
        if isinstance(repeated, str):
            raise ValueError(repeated)
        return code, StudentInfo(birth, level, repeated)

    lines: dict[str, int] = {}
    for line, (code, info) in item.each(parse):
        if code in lines:
            item.fail(line, f"code permanent « {code} » en double : aussi à la ligne {lines[code]}")
            continue
        lines[code] = line
        folder.students[code] = info


def _read_grades(item: _File, folder: Folder) -> None:
    def parse(values: dict[str, str]) -> tuple[str, str, int, str, float]:
        subject = fold(values.get("matiere", ""))
        if not subject:
            raise ValueError("matière manquante")
        etape = _etape(values.get("etape", ""), folder.calendar)
        assert etape is not None
        return _code(values), _year(values), etape, subject, _number(values.get("note", ""), "note", high=100)

    lines: dict[tuple[str, str, int, str], int] = {}
    for line, (code, year, etape, subject, note) in item.each(parse):
        key = (code, year, etape, subject)
        if key in lines:
            item.fail(
                line,
                f"résultat en double (même élève, année, étape et matière) : aussi à la ligne {lines[key]}",
            )
            continue
        lines[key] = line
        folder.grades.setdefault((code, year), {}).setdefault(etape, {})[subject] = note


def _read_summaries(item: _File, folder: Folder) -> None:
    def parse(values: dict[str, str]) -> tuple[str, str, int | None, float, float]:
        etape = _etape(values.get("etape", ""), folder.calendar, optional=True)
        absent = _number(values.get("jours_absence", ""), "jours d'absence")
        days = _number(values.get("jours_ecole", ""), "jours d'école", low=1)
        if absent > days:
            raise ValueError(f"plus de jours d'absence ({absent:g}) que de jours d'école ({days:g})")
        return _code(values), _year(values), etape, absent, days

    lines: dict[tuple[str, str, int | None], int] = {}
    for line, (code, year, etape, absent, days) in item.each(parse):
        key = (code, year, etape)
        if key in lines:
            item.fail(
                line, f"absences en double (même élève, année et étape) : aussi à la ligne {lines[key]}"
            )
            continue
        lines[key] = line
        folder.summaries.setdefault((code, year), {})[etape] = (absent, days)


def _read_presences(item: _File, folder: Folder) -> None:
    def parse(values: dict[str, str]) -> tuple[str, dt.date, str, bool]:
        day = formats.parse_date(values.get("date", ""))
        period = values.get("periode", "").strip()
        if not period:
            raise ValueError("période manquante")
        status = fold(values.get("statut", ""))
        if status not in PRESENT:
            raise ValueError(
                f"statut inconnu « {values.get('statut', '')} » "
                "(attendu present, absent motivé, absent non motivé ou retard)"
            )
        return _code(values), day, period, PRESENT[status]

    lines: dict[tuple[str, dt.date, str], int] = {}
    rows: dict[tuple[str, str], list[tuple[dt.date, bool]]] = defaultdict(list)
    for line, (code, day, period, present) in item.each(parse):
        key = (code, day, period)
        if key in lines:
            item.fail(
                line, f"présence en double (même élève, date et période) : aussi à la ligne {lines[key]}"
            )
            continue
        lines[key] = line
        rows[(code, school_year_label(day))].append((day, present))
    folder.presences.update(rows)


def _read_events(item: _File, folder: Folder) -> None:
    def parse(values: dict[str, str]) -> tuple[str, dt.date, float]:
        day = formats.parse_date(values.get("date", ""))
        if not values.get("type", "").strip():
            raise ValueError("type d'événement manquant")
        text = values.get("jours_suspension", "").strip()
        days = _number(text, "jours de suspension") if text else 0.0
        return _code(values), day, days

    for _, (code, day, days) in item.each(parse):
        folder.events.setdefault((code, school_year_label(day)), []).append((day, days))


_READERS: dict[str, Callable[[_File, Folder], None]] = {
    "resultats.csv": _read_grades,
    "absences.csv": _read_summaries,
    "presences.csv": _read_presences,
    "evenements.csv": _read_events,
}
