"""Plausible French content of the demo's tiers and interventions (fiction)."""

from __future__ import annotations

from typing import NamedTuple


class GoalSpec(NamedTuple):
    goal: str  # {target} is replaced by the target
    unit: str
    baseline: tuple[float, float]  # range of the starting level
    gain: tuple[float, float]  # target − baseline (negative: the goal is to decrease)
    low: float
    high: float
    noise: float
    decimals: int
    frequency: str


GOALS: dict[str, GoalSpec] = {
    "tutorat-lecture": GoalSpec(
        "Lire correctement {target} mots par minute dans un texte de son niveau.",
        "mots lus correctement par minute",
        (32, 58),
        (15, 24),
        0,
        200,
        3.0,
        0,
        "3 fois par semaine, 20 minutes",
    ),
    "recuperation-mathematiques": GoalSpec(
        "Réussir {target} % des exercices ciblés sur les fractions.",
        "% de réussite aux exercices ciblés",
        (35, 55),
        (20, 30),
        0,
        100,
        6.0,
        0,
        "2 périodes de récupération par semaine",
    ),
    "check-in-check-out": GoalSpec(
        "Obtenir {target} % des points de la fiche de suivi chaque jour.",
        "% des points de la fiche obtenus",
        (45, 62),
        (18, 30),
        0,
        100,
        5.0,
        0,
        "Chaque jour : accueil le matin, bilan en fin de journée",
    ),
    "mentorat": GoalSpec(
        "Être présent·e au moins {target} jours sur 5 chaque semaine.",
        "jours de présence sur 5",
        (2.5, 3.5),
        (1.5, 2),
        0,
        5,
        0.5,
        1,
        "Rencontre de 15 minutes chaque lundi",
    ),
    "gestion-emotions": GoalSpec(
        "Réduire à {target} le nombre de désorganisations par semaine.",
        "désorganisations par semaine",
        (6, 9),
        (-6, -4),
        0,
        20,
        1.0,
        0,
        "2 ateliers par semaine avec la TES",
    ),
    "habiletes-sociales": GoalSpec(
        "Utiliser une stratégie de résolution de conflit au moins {target} fois par jour.",
        "stratégies utilisées par jour",
        (0.5, 1.5),
        (2.5, 3.5),
        0,
        10,
        0.5,
        1,
        "Atelier en petit groupe, 1 fois par semaine",
    ),
    "organisation-devoirs": GoalSpec(
        "Remettre à temps {target} % des travaux.",
        "% des travaux remis à temps",
        (40, 60),
        (25, 35),
        0,
        100,
        7.0,
        0,
        "Agenda vérifié chaque jour, aide aux devoirs 2 fois par semaine",
    ),
}

TIER_REASONS = {
    2: (
        "Absences répétées depuis la rentrée et travaux non remis; l'équipe convient d'un suivi ciblé.",
        "Résultats en lecture sous les attentes à la première étape; soutien ciblé en petit groupe.",
        "Difficultés en mathématiques observées par l'enseignante; récupération ciblée.",
        "Conflits fréquents à la récréation; atelier d'habiletés sociales proposé par la TES.",
        "Signalé par la liste de repérage (assiduité sous 90 %); la rencontre d'équipe confirme.",
    ),
    3: (
        "Peu de progrès après six semaines de soutien ciblé; l'équipe intensifie.",
        "Désorganisations quotidiennes en classe; suivi intensif avec la psychoéducatrice.",
        "Absentéisme chronique (plus de 20 % des jours); suivi intensif et rencontre avec les parents.",
    ),
}
DECISION_REASONS = {
    "continue": "La tendance suit la ligne de but; on poursuit sans changement.",
    "intensify": "La tendance reste sous la ligne de but : une séance de plus par semaine.",
    "stop": "Objectif atteint et maintenu sur trois points; retour au palier universel.",
}
POINT_NOTES = (
    "",
    "",
    "",
    "Mesure prise en classe, bonne collaboration.",
    "Élève fatigué·e ce jour-là.",
    "Mesure reprise après une absence.",
)
STAFF_NOTES = (
    "",
    "Parents informés par téléphone au début de l'intervention.",
    "À coordonner avec le plan d'intervention.",
)
