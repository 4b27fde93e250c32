"""The five kinds, registered in the `sis` registry so that `import_sis` and the upload with preview
offer them."""

from __future__ import annotations

from functools import partial

from django.utils.translation import gettext

from earlywarning.imports import keyed, presences, small
from sis import base

LABELS = {
    "presences": lambda: gettext("Présences par période (hebdomadaire)"),
    "absences": lambda: gettext("Absences des années passées (sommaires)"),
    "resultats": lambda: gettext("Résultats par étape"),
    "evenements": lambda: gettext("Manquements, incidents et suspensions"),
    "issues": lambda: gettext("Issues des années passées (réussite, échec, décrochage)"),
}


def _presences() -> base.ImportKind:
    return base.ImportKind(
        code="presences",
        label=LABELS["presences"](),
        plan=presences.plan_file,
        apply=presences.apply_plan,
        preview_template="earlywarning/imports/_preview_presences.html",
    )


def _keyed(spec: keyed.Spec) -> base.ImportKind:
    return base.ImportKind(
        code=spec.code,
        label=LABELS[spec.code](),
        plan=partial(keyed.plan, spec),
        apply=keyed.apply,
        preview_template="earlywarning/imports/_preview_keyed.html",
    )


def register() -> None:
    base.register("presences", _presences)
    for spec in small.SPECS:
        base.register(spec.code, partial(_keyed, spec))
