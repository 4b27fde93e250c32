"""Reading school-information-system exports: pure functions, no database.

Bytes are decoded (UTF-8, UTF-8 with BOM or cp1252), the separator is sniffed from the header line,
headers are folded (case, accents and spacing do not matter) and each row becomes a dict keyed by
folded header, with its line number in the file (the header is line 1). Values stay text: a cell that
starts with ``=`` is data, never a formula. Parsers for dates, grade levels and sex return the stored
value or raise ``ValueError`` with a French message.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from lib.schoolyear import age_on
from lib.text import fold

SEPARATORS = (";", ",")
MIN_AGE = 3
MAX_AGE = 25


class FormatError(ValueError):
    """The file as a whole cannot be read (encoding, header, emptiness). ``line`` is None for the file."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]
    problem: str = ""


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[Row]
    separator: str


# --- decoding ---------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) strictly, else cp1252; anything else is refused with a French message."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FormatError(
            "Le fichier est encodé en UTF-16, qui n'est pas pris en charge : "
            "enregistrez-le en CSV UTF-8 ou en CSV (séparateur : point-virgule)."
        )
    if data.startswith(b"PK\x03\x04"):
        raise FormatError(
            "Le fichier est un classeur Excel ou une archive, pas un fichier CSV : "
            "enregistrez-le au format CSV (UTF-8 ou Windows) avant de l'importer."
        )
    if b"\x00" in data:
        raise FormatError(
            "Le fichier contient des octets nuls : ce n'est pas un fichier texte CSV "
            "(fichier binaire ou encodé en UTF-16). Enregistrez-le en CSV UTF-8."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise FormatError(
                "Encodage du fichier non reconnu (ni UTF-8 ni Windows-1252) : "
                "enregistrez-le en CSV UTF-8 avant de l'importer."
            ) from exc
    if _CONTROL.search(text):
        raise FormatError(
            "Le fichier contient des caractères de contrôle : ce n'est pas un fichier texte CSV. "
            "Enregistrez-le en CSV UTF-8 avant de l'importer."
        )
    return text


# --- table ------------------------------------------------------------------------------------------


def sniff_separator(header_line: str) -> str:
    """';' or ',' — whichever appears more often in the header line (';' when tied or absent)."""
    semicolons, commas = header_line.count(";"), header_line.count(",")
    return "," if commas > semicolons else ";"


def compact(name: str) -> str:
    """The folded name without separators: 'Code permanent', 'CODE_PERMANENT', 'CodePermanent' agree."""
    return fold(name).replace("_", "")


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line
    return ""


def read_table(text: str, aliases: Mapping[str, str] | None = None) -> Table:
    """Rows keyed by folded header. ``aliases`` maps compact names to the canonical name to use instead."""
    header_line = _first_line(text)
    if not header_line:
        raise FormatError("Le fichier est vide : il doit commencer par une ligne d'en-tête.")
    separator = sniff_separator(header_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, quotechar='"', strict=False)
    aliases = aliases or {}

    headers: list[str] | None = None
    rows: list[Row] = []
    previous_end = 0
    for cells in reader:
        line, previous_end = previous_end + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if headers is None:
            headers = _headers(cells, aliases, line)
            continue
        rows.append(_row(line, headers, cells))
    assert headers is not None
    return Table(headers=headers, rows=rows, separator=separator)


def _headers(cells: list[str], aliases: Mapping[str, str], line: int) -> list[str]:
    headers = [aliases.get(compact(cell), fold(cell)) for cell in cells]
    named = [h for h in headers if h]
    duplicates = sorted({h for h in named if named.count(h) > 1})
    if duplicates:
        raise FormatError(f"Colonnes en double dans l'en-tête : {', '.join(duplicates)}.", line=line)
    return headers


def _row(line: int, headers: list[str], cells: list[str]) -> Row:
    values = {h: cell.strip() for h, cell in zip(headers, cells, strict=False) if h}
    width = max((i + 1 for i, h in enumerate(headers) if h), default=0)
    too_many = any(cell.strip() for cell in cells[len(headers) :])
    problem = ""
    if too_many or len(cells) < width:
        problem = f"la ligne compte {len(cells)} valeurs alors que l'en-tête compte {len(headers)} colonnes"
    return Row(line=line, values=values, problem=problem)


def read_bytes(data: bytes, aliases: Mapping[str, str] | None = None) -> Table:
    return read_table(decode(data), aliases)


def missing_columns(headers: Iterable[str], required: Iterable[str]) -> list[str]:
    present = set(headers)
    return [name for name in required if name not in present]


# --- values -----------------------------------------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")


def parse_date(value: str) -> dt.date:
    """'15/01/2011' (JJ/MM/AAAA) or '2011-01-15' (AAAA-MM-JJ)."""
    text = value.strip()
    if match := _DMY.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError(f"date illisible « {text} » (attendu JJ/MM/AAAA ou AAAA-MM-JJ)")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"date impossible « {text} »") from None


def parse_birth_date(value: str, today: dt.date) -> dt.date:
    """A birth date that gives an age between 3 and 25 years today."""
    birth = parse_date(value)
    if birth > today:
        raise ValueError(f"date de naissance dans le futur « {value.strip()} »")
    age = age_on(birth, today)
    if age < MIN_AGE or age > MAX_AGE:
        raise ValueError(
            f"date de naissance invraisemblable « {value.strip()} » "
            f"(l'élève aurait {age} ans ; attendu de {MIN_AGE} à {MAX_AGE} ans)"
        )
    return birth


_ORDINAL = r"(?:re|er|ere|e|eme|ieme)?"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
_LEVEL_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("P", re.compile(r"^(?:p|prim|primaire)([1-6])$")),
    ("P", re.compile(rf"^([1-6]){_ORDINAL}(?:annee)?(?:du)?(?:primaire|prim)?$")),
    ("S", re.compile(r"^(?:s|sec|secondaire|secondary)([1-5]|iii|ii|iv|i|v)$")),
    ("S", re.compile(rf"^([1-5]){_ORDINAL}(?:annee)?(?:du|de)?(?:secondaire|sec)$")),
    ("M", re.compile(r"^(?:m|mat|maternelle|prescolaire)([45])(?:ans)?$")),
    ("M", re.compile(r"^([45])ans$")),
    ("M", re.compile(r"^(prematernelle)(?:4ans)?$")),
]


def parse_level(value: str) -> str | None:
    """A GradeLevel code ('M4', 'M5', 'P1'…'P6', 'S1'…'S5') from how exports write it, or None.

    'P1', '1', '1re année' → P1; 'S3', 'Sec 3', 'secondaire III', '3e secondaire' → S3;
    'M5', 'maternelle 5 ans' → M5; 'prématernelle', 'maternelle 4 ans' → M4.
    """
    key = compact(value)
    for prefix, pattern in _LEVEL_PATTERNS:
        if match := pattern.match(key):
            number = match.group(1)
            if number == "prematernelle":
                return "M4"
            return f"{prefix}{_ROMAN.get(number, number)}"
    return None


_SEXES = {"f": "F", "feminin": "F", "m": "M", "masculin": "M", "x": "X", "nonprecise": "X"}


def parse_sex(value: str) -> str | None:
    """'F', 'M' or 'X' from 'F', 'féminin', 'Masculin', 'x', 'non précisé'; None otherwise."""
    return _SEXES.get(compact(value))


def has_letter(value: str) -> bool:
    return any(char.isalpha() for char in value)
