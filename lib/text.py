"""Text normalisation for matching headers and values without regard to case, accents or spacing."""

from __future__ import annotations

import re

from unidecode import unidecode


def fold(text: str) -> str:
    """'  Date de Naissance ' -> 'date_de_naissance'; 'Élève' -> 'eleve'."""
    ascii_text = unidecode(text.replace("\ufeff", "")).strip().lower()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")


def is_identifier(value: object) -> bool:
    """A database identifier typed in a URL or a query string: ASCII-decimal digits that fit a bigint.

    `str.isdigit()` accepts "²", which `int()` refuses, and a 30-digit number overflows the database."""
    text = str(value)
    return text.isascii() and text.isdecimal() and 0 < len(text) <= 18
