"""School-side reference data of the demo: grade levels, school names, EHDAA codes, health alerts.

Pure data and helpers, no database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from demo.names import Weighted


@dataclass(frozen=True)
class Grade:
    code: str  # students.models.GradeLevel value
    age: int  # age on 30 September when on time (Régime pédagogique)
    secondary: bool
    weight: float  # relative enrolment of the grade
    group_size: int  # usual maximum group size (collective agreement, roughly)
    retention: float  # share of students one year behind (years_repeated = 1)


# fmt: off
GRADES: tuple[Grade, ...] = (
    Grade("M4", 4, False, 0.75, 17, 0.0),
    Grade("M5", 5, False, 1.0, 19, 0.0),
    Grade("P1", 6, False, 1.0, 22, 0.01),
    Grade("P2", 7, False, 1.0, 22, 0.03),
    Grade("P3", 8, False, 1.0, 26, 0.04),
    Grade("P4", 9, False, 1.0, 26, 0.05),
    Grade("P5", 10, False, 1.0, 26, 0.06),
    Grade("P6", 11, False, 1.0, 26, 0.07),
    Grade("S1", 12, True, 1.0, 28, 0.11),
    Grade("S2", 13, True, 0.98, 28, 0.13),
    Grade("S3", 14, True, 0.96, 30, 0.14),
    Grade("S4", 15, True, 0.93, 30, 0.14),
    Grade("S5", 16, True, 0.88, 30, 0.14),
)
# fmt: on
GRADE_BY_CODE = {grade.code: grade for grade in GRADES}
PRIMARY_GRADES = tuple(g for g in GRADES if not g.secondary)
SECONDARY_GRADES = tuple(g for g in GRADES if g.secondary)
# Maternelle 4 ans is offered where the school's IMSE decile is at least this.
M4_MIN_IMSE = 6


def group_code(grade: Grade, index: int) -> str:
    """'101', '102'… in secondary 1; 'P3-A', 'P3-B'… or 'M5-A' in primary. `index` starts at 0."""
    if grade.secondary:
        return f"{grade.code[1]}{index + 1:02d}"
    suffix = chr(ord("A") + index) if index < 26 else str(index + 1)
    return f"{grade.code}-{suffix}"


def birth_window(grade: Grade, years_behind: int, school_year_start: dt.date) -> tuple[dt.date, int]:
    """First birth date and number of days of the window that gives the grade's age on 30 September."""
    age = grade.age + years_behind
    september_30 = dt.date(school_year_start.year, 9, 30)
    latest = september_30.replace(year=september_30.year - age)
    earliest = dt.date(latest.year - 1, 10, 1)
    return earliest, (latest - earliest).days + 1


# fmt: off
PRIMARY_SCHOOL_NAMES: tuple[str, ...] = (
    "École Saint-Joseph", "École Sainte-Marie", "École Notre-Dame-des-Neiges", "École Sainte-Thérèse",
    "École Saint-Paul", "École Sainte-Bernadette", "École des Pins", "École des Érables",
    "École du Boisé", "École de la Rivière", "École des Grès", "École des Bâtisseurs",
    "École des Pionniers", "École La Passerelle", "École L'Envolée", "École Le Sablon",
    "École Les Explorateurs", "École des Petits-Castors", "École du Versant", "École de la Source",
    "École Marie-Leneuf", "École Pierre-Boucher", "École de la Solidarité", "École des Vieilles-Forges",
    "École Louis-de-France", "École Sainte-Catherine", "École Saint-Gabriel", "École des Hirondelles",
    "École du Rocher", "École Laflèche", "École Belle-Vallée", "École des Sentiers",
    "École Val-Marie", "École des Ormeaux", "École du Bocage", "École Notre-Dame-de-la-Joie",
    "École Saint-Charles-Garnier", "École des Trois-Sources", "École Cardinal-Roy", "École Plein-Soleil",
    "École de l'Arc-en-ciel", "École Mond'Ami", "École des Boutons-d'Or", "École Jacques-Buteux",
    "École du Méandre", "École des Cascades", "École de la Croisée", "École des Moissons",
    "École Sainte-Flore", "École Immaculée-Conception", "École Saint-Pie-X", "École Saint-Dominique",
    "École La Providence", "École Dollard", "École Antoine-Hallé", "École du Petit-Bois",
    "École des Semailles", "École du Clocher", "École aux Quatre-Vents", "École Félix-Leclerc",
    "École Gilles-Vigneault", "École Mgr-Comtois", "École Bois-Joli", "École Marguerite-d'Youville",
    "École Richelieu", "École de la Vérendrye", "École des Sommets", "École Horizon-Jeunesse",
    "École Centrale", "École du Sacré-Cœur",
)
SECONDARY_SCHOOL_NAMES: tuple[str, ...] = (
    "École secondaire des Chenaux", "École secondaire du Rocher", "École secondaire Val-Mauricie",
    "École secondaire des Pionniers", "École secondaire Chavigny-des-Rives", "Académie des Forges",
    "École secondaire Paul-Le Jeune", "École secondaire de la Haute-Rive", "Polyvalente des Érables",
    "École secondaire Félix-Leclerc", "École secondaire Les Estacades", "École secondaire du Versant",
    "École secondaire Sainte-Ursule", "Polyvalente de la Tuque-Haute", "École secondaire des Grès",
    "École secondaire du Boisé", "École secondaire Marie-de-l'Incarnation", "École secondaire Horizon",
    "École secondaire de l'Escale", "Polyvalente Pointe-aux-Rivières", "École secondaire Le Tremplin",
    "École secondaire des Vieilles-Forges", "École secondaire Carrefour", "École secondaire Jean-Nicolet",
)
# fmt: on

# EHDAA codes (handicap codes) with their relative frequency among coded students.
# fmt: off
EHDAA_CODES = Weighted.of(
    [
        ("34", 30), ("50", 28), ("53", 16), ("14", 12), ("33", 4), ("24", 3),
        ("36", 1.5), ("44", 1.3), ("99", 1.2), ("42", 0.7), ("23", 0.3),
    ]
)
# fmt: on
EHDAA_RATE = {"M": 0.15, "F": 0.085, "X": 0.12}

HEALTH_ALERTS = Weighted.of(
    [
        ("Allergie aux arachides — auto-injecteur au secrétariat", 22),
        ("Allergie aux arachides et aux noix — auto-injecteur dans le sac et au secrétariat", 10),
        ("Asthme — pompe dans le sac", 25),
        ("Diabète de type 1 — collation à 10 h", 6),
        ("Épilepsie — protocole d'urgence au secrétariat", 5),
        ("Allergie aux piqûres d'insectes — auto-injecteur au secrétariat", 6),
        ("Allergie aux œufs — vérifier les collations partagées", 6),
        ("Maladie cœliaque — aucun aliment contenant du gluten", 5),
        ("Intolérance au lactose — lait sans lactose à la cafétéria", 6),
        ("Hémophilie — aviser les parents en cas de chute", 1),
        ("Allergie au latex — gants de nitrile à l'infirmerie", 2),
    ]
)
HEALTH_ALERT_RATE = 0.03
