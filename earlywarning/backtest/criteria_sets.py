"""The criteria sets a backtest reads and saves, through ``earlywarning.criteria`` (the stored sets).

Without a name, the set in force is used (``criteria_of(None)``), or ``lib.risk.DEFAULT_CRITERIA``
when the stored sets are not available.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from lib.risk import DEFAULT_CRITERIA, Criterion

DEFAULT_LABEL = "défaut"


def _module() -> Any:
    try:
        return importlib.import_module("earlywarning.criteria")
    except ModuleNotFoundError as error:
        if error.name != "earlywarning.criteria":
            raise
        return None


def resolve(name: str | None) -> tuple[tuple[Criterion, ...], str]:
    """The criteria of the set named (or the set in force) and the name to report. LookupError in French."""
    module = _module()
    if module is None:
        if name:
            raise LookupError(f"Jeu de critères « {name} » introuvable : aucun jeu n'est encore enregistré.")
        return DEFAULT_CRITERIA, DEFAULT_LABEL
    return tuple(module.criteria_of(name)), name or DEFAULT_LABEL


def save(
    name: str, criteria: Sequence[Criterion], *, author: Any = None, based_on: str | None, notes: str
) -> Any:
    module = _module()
    if module is None:
        raise LookupError("L'enregistrement des jeux de critères n'est pas encore disponible.")
    return module.create_criteria_set(
        name=name, criteria=criteria, author=author, based_on=based_on, notes=notes
    )


def fit_notes(report: dict[str, Any]) -> str:
    fit = report["fit"]
    return (
        f"Poids appris par backtest à la fin de l'étape {report['as_of_etape']} "
        f"sur {report['students']} élèves ({report['positives']} en échec ou décrochage) à partir du jeu "
        f"« {report['criteria_set']} » : AUC en validation croisée {fit['auc_fit']} "
        f"({fit['folds']} plis répétés {fit['repeats']} fois, graine {fit['seed']})."
    )
