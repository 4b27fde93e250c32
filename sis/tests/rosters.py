"""Helpers to write roster files inline: ages are relative to today so the files never go stale."""

from __future__ import annotations

import datetime as dt

HEADER = "code_permanent;nom;prenom;date_naissance;sexe;ecole;niveau;groupe;code_ehdaa;redoublements"


def born(age: int, month: int = 3, day: int = 15) -> str:
    """A DD/MM/YYYY birth date giving `age` years today (well inside the year)."""
    today = dt.date.today()
    birth = dt.date(today.year - age, month, day)
    if (today.month, today.day) < (month, day):
        birth = dt.date(today.year - age - 1, month, day)
    return birth.strftime("%d/%m/%Y")


def roster(*lines: str, header: str = HEADER, encoding: str = "utf-8", newline: str = "\n") -> bytes:
    return newline.join([header, *lines, ""]).encode(encoding)


def good_lines() -> list[str]:
    """Two new students: one by school code in a new group, one by school name in an existing group."""
    return [
        f"BOUE12345601;Bouchard;Éloïse;{born(13)};F;751001;Sec 1;101;;0",
        f"LAVM23456702;Lavoie;Mathis;{born(8)};Masculin;École Saint-Laurent;3e année;501;50;1",
    ]


def good_file() -> bytes:
    return roster(*good_lines())
