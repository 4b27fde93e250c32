"""What the five early-warning imports share: students by code permanent, school years, numbers.

Same rules as the roster import: headers without regard to case or accents, `;` or `,`, UTF-8 / BOM /
cp1252, `JJ/MM/AAAA` or ISO dates, every bad line reported in French with its number, nothing written
when one line is refused.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import QuerySet

from core.audit import log_event
from core.models import School, ServiceCentre
from sis.base import LineError
from students.models import Student

CHUNK = 5000
_YEAR = re.compile(r"^(\d{4})\s*[-/]\s*(\d{4})$")


def student_ids(codes: Iterable[str], schools: QuerySet[School] | None) -> dict[str, tuple[int, int]]:
    """code permanent → (student id, school id) for the students of these schools (all when None)."""
    found: dict[str, tuple[int, int]] = {}
    wanted = sorted(set(codes))
    base = Student.objects.all() if schools is None else Student.objects.filter(school__in=schools)
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        for code, pk, school_id in base.filter(code_permanent__in=chunk).values_list(
            "code_permanent", "pk", "school_id"
        ):
            found[code] = (pk, school_id)
    return found


def unknown_code(code: str) -> str:
    return f"code permanent inconnu « {code} » (aucun élève de vos écoles ne porte ce code)"


def parse_school_year(value: str) -> str:
    """'2024-2025' (or '2024/2025'): two consecutive years."""
    match = _YEAR.match(value.strip())
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise ValueError(f"année scolaire illisible « {value.strip()} » (attendu par exemple 2024-2025)")
    return f"{match.group(1)}-{match.group(2)}"


def parse_number(value: str, label: str, *, low: float, high: float) -> Decimal:
    text = value.strip().replace(",", ".").replace("%", "").replace(" ", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{label} illisible « {value.strip()} » (nombre attendu)") from None
    if not number.is_finite() or not low <= number <= high:
        raise ValueError(f"{label} hors limites « {value.strip()} » (attendu de {low:g} à {high:g})")
    return number


def parse_etape(value: str, *, allow_empty: bool) -> int:
    text = value.strip()
    if not text and allow_empty:
        return 0
    if not text.isdecimal() or not 1 <= int(text) <= 6:
        raise ValueError(
            f"étape invalide « {text} » (nombre de 1 à 6{', ou vide pour l’année' if allow_empty else ''})"
        )
    return int(text)


def duplicate_errors(lines_by_key: dict[Any, list[int]], describe: str) -> Iterator[LineError]:
    for _key, lines in lines_by_key.items():
        if len(lines) < 2:
            continue
        for line in lines:
            others = ", ".join(str(o) for o in lines if o != line)
            yield LineError(line, f"ligne en double ({describe}) : aussi à la ligne {others}")


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def audit(user: Any, event: str, school_ids: Iterable[int], **counts: Any) -> None:
    """One event per service centre touched, counts only (no names, no codes)."""
    by_centre: dict[int, set[int]] = defaultdict(set)
    for school_id, centre_id in School.objects.filter(pk__in=set(school_ids)).values_list("pk", "centre_id"):
        by_centre[centre_id].add(school_id)
    for centre in ServiceCentre.objects.filter(pk__in=by_centre):
        log_event(user, centre, event=event, schools=len(by_centre[centre.pk]), **counts)
