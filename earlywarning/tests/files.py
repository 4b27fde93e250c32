"""Small CSV files of each kind for the cast (alice TREA11561101, bruno GAGB12071102, zoe ROYZ55031503)."""

from __future__ import annotations

ALICE, BRUNO, ZOE = "TREA11561101", "GAGB12071102", "ROYZ55031503"

GOOD = {
    "presences": (
        "code_permanent;date;periode;statut\n"
        f"{ALICE};02/11/2026;1;présent\n"
        f"{ALICE};02/11/2026;2;absent motivé\n"
        f"{ALICE};2026-11-03;1;Absent non motivé\n"
        f"{ALICE};03/11/2026;2;retard\n"
        f"{BRUNO};02/11/2026;1;present\n"
    ),
    "absences": (
        "code_permanent;annee_scolaire;etape;jours_absence;jours_ecole\n"
        f"{ALICE};2025-2026;;21;180\n"
        f"{ALICE};2025-2026;1;6,5;60\n"
        f"{BRUNO};2024-2025;;4;180\n"
    ),
    "resultats": (
        "code_permanent;annee_scolaire;etape;matiere;note\n"
        f"{ALICE};2026-2027;1;Français;72\n"
        f"{ALICE};2026-2027;1;mathematique;64\n"
        f"{ALICE};2026-2027;2;francais;55,5\n"
        f"{ALICE};2026-2027;2;Mathématiques;48\n"
        f"{BRUNO};2026-2027;1;francais;81\n"
    ),
    "evenements": (
        "code_permanent;date;type;gravite;jours_suspension\n"
        f"{ALICE};05/10/2026;Manquement au code de vie;mineure;0\n"
        f"{ALICE};2026-10-20;Bagarre;majeure;2\n"
        f"{BRUNO};12/11/2026;Retard répété;1;\n"
    ),
    "issues": (
        "code_permanent;annee_scolaire;issue\n"
        f"{ALICE};2024-2025;reussite\n"
        f"{ALICE};2025-2026;echec\n"
        f"{BRUNO};2025-2026;décrochage\n"
    ),
}

# One bad line per kind: (header-less bad row, expected French fragment)
BAD_DATE = {
    "presences": (f"{ALICE};31/02/2026;1;présent", "date impossible"),
    "evenements": (f"{ALICE};le 3 octobre;Bagarre;majeure;1", "date illisible"),
}
BAD_VALUE = {
    "presences": (f"{ALICE};02/11/2026;1;en vacances", "statut non reconnu"),
    "absences": (f"{ALICE};2025-2026;;200;180", "plus de jours d'absence"),
    "resultats": (f"{ALICE};2026-2027;1;francais;120", "note hors limites"),
    "evenements": (f"{ALICE};2026-10-01;Bagarre;catastrophique;1", "gravité non reconnue"),
    "issues": (f"{ALICE};2023-2024;diplômé avec mention", "issue non reconnue"),
}
BAD_HEADER = {
    "presences": "code;jour;periode;statut\n",
    "absences": "code_permanent;annee;jours\n",
    "resultats": "code_permanent;annee_scolaire;etape;note\n",
    "evenements": "code_permanent;date;type\n",
    "issues": "code_permanent;resultat\n",
}


def header(kind: str) -> str:
    return GOOD[kind].split("\n", 1)[0]


def first_line(kind: str) -> str:
    return GOOD[kind].split("\n")[1]
