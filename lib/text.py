"""Text normalisation for matching headers and values without regard to case, accents or spacing."""

from __future__ import annotations

import re

from unidecode import unidecode


def fold(text: str) -> str:
    """'  Date de Naissance ' -> 'date_de_naissance'; 'Élève' -> 'eleve'."""
    ascii_text = unidecode(text.replace("\ufeff", "")).strip().lower()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")
