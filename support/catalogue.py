"""The default intervention types of a Quebec school (seeded by a migration, editable in the admin).

A default keeps its code; its name shows translated (English interface) through `label_for`. A type a
service centre adds shows its name as entered.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django.utils.translation import gettext_lazy as _


class DefaultType(NamedTuple):
    code: str
    name: Any  # lazy translation; the French text is stored
    description: Any
    unit: Any


DEFAULT_TYPES: tuple[DefaultType, ...] = (
    DefaultType(
        "mentorat",
        _("Mentorat (suivi par un adulte significatif)"),
        _("Un adulte de l'école rencontre l'élève chaque semaine pour faire le point et l'encourager."),
        _("jours de présence sur 5"),
    ),
    DefaultType(
        "tutorat-lecture",
        _("Tutorat en lecture"),
        _("Lecture répétée et guidée en petit groupe ou en dyade."),
        _("mots lus correctement par minute"),
    ),
    DefaultType(
        "recuperation-mathematiques",
        _("Récupération en mathématiques"),
        _("Périodes de récupération ciblées sur les notions non acquises."),
        _("% de réussite aux exercices ciblés"),
    ),
    DefaultType(
        "habiletes-sociales",
        _("Entraînement aux habiletés sociales"),
        _("Atelier en petit groupe : résolution de conflits, coopération, demande d'aide."),
        _("comportements attendus observés par jour"),
    ),
    DefaultType(
        "check-in-check-out",
        _("Suivi d'assiduité et de comportement (check-in check-out)"),
        _("Accueil le matin, fiche de suivi signée à chaque période, bilan en fin de journée."),
        _("% des points de la fiche obtenus"),
    ),
    DefaultType(
        "gestion-emotions",
        _("Gestion des émotions et de l'anxiété"),
        _("Stratégies d'apaisement et de régulation enseignées et pratiquées avec un·e TES."),
        _("désorganisations par semaine"),
    ),
    DefaultType(
        "organisation-devoirs",
        _("Soutien à l'organisation et aux devoirs"),
        _("Agenda vérifié, planification des travaux, aide aux devoirs."),
        _("% des travaux remis à temps"),
    ),
    DefaultType(
        "orthopedagogie",
        _("Soutien en orthopédagogie"),
        _("Intervention ciblée en lecture, en écriture ou en mathématiques, en petit groupe."),
        _("% de réussite à la tâche ciblée"),
    ),
    DefaultType(
        "rencontre-parents",
        _("Rencontres avec les parents"),
        _("Rencontres régulières école-famille pour convenir de moyens communs à la maison et en classe."),
        _("% des devoirs remis"),
    ),
    DefaultType("autre", _("Autre intervention"), _("Décrivez-la dans l'objectif."), ""),
)
_BY_CODE = {t.code: t for t in DEFAULT_TYPES}


def label_for(code: str, name: str) -> str:
    default = _BY_CODE.get(code)
    return str(default.name) if default is not None else name


def unit_for(code: str, unit: str) -> str:
    default = _BY_CODE.get(code)
    return str(default.unit) if default is not None and default.unit else unit


def ensure_default_types(model: Any) -> None:
    """Create the missing default types (a no-op when they are there); French text stored."""
    from django.utils import translation

    with translation.override("fr-ca"):
        for position, item in enumerate(DEFAULT_TYPES, start=1):
            model.objects.get_or_create(
                code=item.code,
                defaults={
                    "name": str(item.name),
                    "description": str(item.description),
                    "default_unit": str(item.unit),
                    "position": position * 10,
                },
            )
