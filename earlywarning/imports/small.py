"""The four small kinds: past absences, results, incidents and suspensions, past outcomes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from earlywarning import facts
from earlywarning.imports import common
from earlywarning.imports.keyed import RowErrors, Spec
from earlywarning.models import AbsenceSummary, BehaviourEvent, Grade, OutcomeKind, PastOutcome, Severity
from lib.text import fold
from sis import formats

_TENTH = Decimal("0.1")
SUBJECTS = {
    "francais": facts.FRENCH,
    "francais_langue_d_enseignement": facts.FRENCH,
    "francais_langue_d_enseignement_": facts.FRENCH,
    "math": facts.MATH,
    "maths": facts.MATH,
    "mathematique": facts.MATH,
    "mathematiques": facts.MATH,
}
SEVERITIES = {
    "1": Severity.MINOR,
    "mineur": Severity.MINOR,
    "mineure": Severity.MINOR,
    "2": Severity.MODERATE,
    "modere": Severity.MODERATE,
    "moderee": Severity.MODERATE,
    "moyen": Severity.MODERATE,
    "moyenne": Severity.MODERATE,
    "3": Severity.MAJOR,
    "majeur": Severity.MAJOR,
    "majeure": Severity.MAJOR,
    "grave": Severity.MAJOR,
}
OUTCOMES = {
    "reussite": OutcomeKind.SUCCESS,
    "diplome": OutcomeKind.SUCCESS,
    "echec": OutcomeKind.FAILURE,
    "decrochage": OutcomeKind.DROPOUT,
    "abandon": OutcomeKind.DROPOUT,
}


def _collect(*steps: Any) -> list[Any]:
    """Run each parser, gathering every French message instead of stopping at the first."""
    values, errors = [], []
    for step in steps:
        try:
            values.append(step())
        except ValueError as exc:
            values.append(None)
            errors.append(str(exc))
    if errors:
        raise RowErrors(errors)
    return values


def _absences(v: dict[str, str]) -> tuple[tuple[Any, ...], dict[str, Any]]:
    year, etape, absent, days = _collect(
        lambda: common.parse_school_year(v["annee_scolaire"]),
        lambda: common.parse_etape(v.get("etape", ""), allow_empty=True),
        lambda: common.parse_number(v["jours_absence"], "jours d'absence", low=0, high=250),
        lambda: common.parse_number(v["jours_ecole"], "jours d'école", low=1, high=250),
    )
    if absent > days:
        raise ValueError(f"plus de jours d'absence ({absent}) que de jours d'école ({days})")
    return (year, etape), {"days_absent": absent.quantize(_TENTH), "school_days": days.quantize(_TENTH)}


def _subject(value: str) -> str:
    key = fold(value)
    if not key:
        raise ValueError("matière manquante")
    if len(key) > 40:
        raise ValueError(f"nom de matière trop long « {value.strip()} » (40 caractères au plus)")
    return SUBJECTS.get(key, key)


def _results(v: dict[str, str]) -> tuple[tuple[Any, ...], dict[str, Any]]:
    year, etape, subject, grade = _collect(
        lambda: common.parse_school_year(v["annee_scolaire"]),
        lambda: common.parse_etape(v.get("etape", ""), allow_empty=False),
        lambda: _subject(v["matiere"]),
        lambda: common.parse_number(v["note"], "note", low=0, high=100),
    )
    return (year, etape, subject), {"grade": grade.quantize(_TENTH)}


def _severity(value: str) -> int:
    found = SEVERITIES.get(fold(value))
    if found is None:
        raise ValueError(
            f"gravité non reconnue « {value.strip()} » (attendu mineure, modérée ou majeure, ou 1 à 3)"
        )
    return int(found)


def _kind(value: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise ValueError("type d'événement manquant")
    if len(text) > 80:
        raise ValueError("type d'événement trop long (80 caractères au plus)")
    return text


def _events(v: dict[str, str]) -> tuple[tuple[Any, ...], dict[str, Any]]:
    day, kind, severity, days = _collect(
        lambda: formats.parse_date(v["date"]),
        lambda: _kind(v["type"]),
        lambda: _severity(v["gravite"]),
        lambda: common.parse_number(
            v.get("jours_suspension", "") or "0", "jours de suspension", low=0, high=60
        ),
    )
    return (day, kind), {"severity": severity, "suspension_days": days.quantize(_TENTH)}


def _outcomes(v: dict[str, str]) -> tuple[tuple[Any, ...], dict[str, Any]]:
    year, outcome = _collect(
        lambda: common.parse_school_year(v["annee_scolaire"]),
        lambda: _outcome(v["issue"]),
    )
    return (year,), {"outcome": outcome}


def _outcome(value: str) -> str:
    found = OUTCOMES.get(fold(value))
    if found is None:
        raise ValueError(f"issue non reconnue « {value.strip()} » (attendu reussite, echec ou decrochage)")
    return str(found)


ABSENCES = Spec(
    code="absences",
    model=AbsenceSummary,
    required=("code_permanent", "annee_scolaire", "etape", "jours_absence", "jours_ecole"),
    key_fields=("school_year", "etape"),
    value_fields=("days_absent", "school_days"),
    parse=_absences,
    describe="même élève, même année, même étape",
    aliases={"annee": "annee_scolaire", "joursdabsence": "jours_absence", "joursdecole": "jours_ecole"},
)
RESULTS = Spec(
    code="resultats",
    model=Grade,
    required=("code_permanent", "annee_scolaire", "etape", "matiere", "note"),
    key_fields=("school_year", "etape", "subject"),
    value_fields=("grade",),
    parse=_results,
    describe="même élève, même année, même étape, même matière",
    aliases={"annee": "annee_scolaire", "resultat": "note"},
    refresh=facts.refresh_grades,
)
EVENTS = Spec(
    code="evenements",
    model=BehaviourEvent,
    required=("code_permanent", "date", "type", "gravite", "jours_suspension"),
    key_fields=("date", "kind"),
    value_fields=("severity", "suspension_days"),
    parse=_events,
    describe="même élève, même date, même type",
    aliases={"joursdesuspension": "jours_suspension", "suspension": "jours_suspension"},
)
OUTCOMES_SPEC = Spec(
    code="issues",
    model=PastOutcome,
    required=("code_permanent", "annee_scolaire", "issue"),
    key_fields=("school_year",),
    value_fields=("outcome",),
    parse=_outcomes,
    describe="même élève, même année",
    aliases={"annee": "annee_scolaire"},
)
SPECS = (ABSENCES, RESULTS, EVENTS, OUTCOMES_SPEC)
