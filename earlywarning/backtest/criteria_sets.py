"""The criteria sets a backtest reads and saves, through ``earlywarning.criteria`` (the stored sets).

Reading never writes: without a name, the active default set is read as it is (``criteria_of(None)``
would create it when missing); when there is none yet, or no database at all (an analyst's machine),
the shipped ``lib.risk.DEFAULT_CRITERIA`` is used and reported as « défaut (livré) ».
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError

from earlywarning import criteria as stored
from earlywarning.models import CriteriaSet
from lib.risk import DEFAULT_CRITERIA, Criterion

SHIPPED_LABEL = "défaut (livré)"


@dataclass(frozen=True)
class Source:
    criteria: tuple[Criterion, ...]
    label: str
    criteria_set: CriteriaSet | None


def _label(found: CriteriaSet) -> str:
    return f"{found.name} (v{found.version})"


def resolve(name: str | None) -> Source:
    """The criteria of the set named (latest version) or of the active default set; LookupError in French."""
    try:
        if name:
            found = stored.criteria_set_of(name)
            return Source(found.as_criteria(), _label(found), found)
        current = CriteriaSet.objects.filter(is_default=True).first()
    except DatabaseError as error:
        if name:
            raise LookupError(f"Ensembles de critères illisibles (base de données : {error}).") from error
        current = None  # no database (not migrated): the shipped set, as the label says
    if current is None:
        return Source(DEFAULT_CRITERIA, SHIPPED_LABEL, None)
    return Source(current.as_criteria(), _label(current), current)


def choices() -> list[tuple[str, str]]:
    """The names a manager can pick (the latest version of each), the default set first."""
    names = sorted(set(CriteriaSet.objects.values_list("name", flat=True)))
    return [(name, name) for name in names]


def save(
    name: str, criteria: Sequence[Criterion], *, author: Any = None, based_on: CriteriaSet | None, notes: str
) -> CriteriaSet:
    """A new version of ``name`` holding the fitted criteria (``ValidationError`` in French)."""
    return stored.create_criteria_set(
        name=name, criteria=criteria, author=author, based_on=based_on, notes=notes
    )


def fit_notes(report: dict[str, Any]) -> str:
    fit = report["fit"]
    return (
        f"Poids appris par backtest à la fin de l'étape {report['as_of_etape']} "
        f"sur {report['students']} élèves ({report['positives']} en échec ou décrochage) à partir de "
        f"« {report['criteria_set']} » : AUC en validation croisée {fit['auc_fit']} "
        f"({fit['folds']} plis répétés {fit['repeats']} fois, graine {fit['seed']}). "
        "Poids = logarithme du rapport de cotes."
    )
