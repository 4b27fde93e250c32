"""Names for the fictional service centre: Quebec surnames and first names, weighted, and helpers.

Pure data and functions of a `random.Random`: nothing here touches the database or the global random.
The weights are rough relative frequencies, enough to make a roster look like a Quebec one
(Tremblay first, many Gagnon and Roy, a few names from more recent immigration).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from unidecode import unidecode


@dataclass(frozen=True)
class Weighted:
    """A weighted list that picks with one `random()` and a binary search."""

    items: tuple[str, ...]
    weights: tuple[float, ...]
    _cumulative: tuple[float, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.items) != len(self.weights) or not self.items:
            raise ValueError("items and weights must be non-empty and of the same length")
        object.__setattr__(self, "_cumulative", tuple(itertools.accumulate(self.weights)))

    @classmethod
    def of(cls, pairs: Sequence[tuple[str, float]]) -> Weighted:
        return cls(tuple(p[0] for p in pairs), tuple(float(p[1]) for p in pairs))

    def pick(self, rng: random.Random) -> str:
        index = bisect.bisect_right(self._cumulative, rng.random() * self._cumulative[-1])
        return self.items[min(index, len(self.items) - 1)]


# fmt: off
# The most common surnames of Quebec, with a Mauricie flavour (Dessureault, Lampron, Trudel…).
SURNAMES = Weighted.of(
    [
        ("Tremblay", 100), ("Gagnon", 60), ("Roy", 55), ("Côté", 50), ("Bouchard", 48),
        ("Gauthier", 45), ("Morin", 44), ("Lavoie", 42), ("Fortin", 41), ("Gagné", 40),
        ("Ouellet", 38), ("Pelletier", 36), ("Bélanger", 35), ("Lévesque", 34), ("Bergeron", 32),
        ("Leblanc", 31), ("Paquette", 30), ("Girard", 29), ("Simard", 29), ("Boucher", 28),
        ("Caron", 27), ("Beaulieu", 26), ("Cloutier", 25), ("Dubé", 25), ("Poirier", 24),
        ("Fournier", 24), ("Lapointe", 23), ("Leclerc", 23), ("Lefebvre", 22), ("Poulin", 22),
        ("Thibault", 21), ("St-Pierre", 21), ("Nadeau", 21), ("Martin", 20), ("Landry", 20),
        ("Martel", 19), ("Bédard", 19), ("Grenier", 18), ("Lessard", 18), ("Bernier", 18),
        ("Richard", 17), ("Michaud", 17), ("Hébert", 17), ("Desjardins", 16), ("Couture", 16),
        ("Turcotte", 16), ("Lachance", 15), ("Parent", 15), ("Blais", 15), ("Gosselin", 15),
        ("Savard", 14), ("Proulx", 14), ("Beaudoin", 14), ("Demers", 14), ("Perreault", 13),
        ("Boudreau", 13), ("Lemieux", 13), ("Cyr", 12), ("Perron", 12), ("Dufour", 12),
        ("Dion", 12), ("Mercier", 12), ("Bolduc", 11), ("Bérubé", 11), ("Boisvert", 11),
        ("Langlois", 11), ("Ménard", 10), ("Therrien", 10), ("Plante", 10), ("Bilodeau", 10),
        ("Blanchette", 10), ("Dessureault", 12), ("Lampron", 10), ("Trudel", 11), ("Rivard", 11),
        ("Lesieur", 9), ("Bellemare", 10), ("Gélinas", 10), ("Milot", 8), ("Héroux", 8),
        ("Lafrenière", 9), ("Pellerin", 8), ("Laperrière", 7), ("Trépanier", 9), ("Lacerte", 7),
        ("Vallée", 8), ("Bourassa", 9), ("Massicotte", 8), ("St-Onge", 8), ("Carpentier", 7),
        ("Descôteaux", 7), ("Jean-Baptiste", 2), ("Joseph", 2), ("Pierre-Louis", 2), ("Nguyen", 2),
        ("Tran", 2), ("Haddad", 2), ("Benali", 2), ("Diallo", 2), ("Traoré", 1.5), ("Rodriguez", 2),
        ("Gonzalez", 1.5), ("Chen", 1.5), ("Mukendi", 1), ("Ndiaye", 1.5), ("Kaur", 1),
    ]
)

# First names given in Quebec to children born 2008–2022 (Retraite Québec's yearly lists, rounded).
GIRL_NAMES = Weighted.of(
    [
        ("Léa", 10), ("Emma", 10), ("Olivia", 9), ("Alice", 8), ("Florence", 8), ("Charlotte", 8),
        ("Zoé", 8), ("Rosalie", 7), ("Juliette", 7), ("Béatrice", 6), ("Mia", 6), ("Chloé", 7),
        ("Éléonore", 5), ("Livia", 5), ("Charlie", 5), ("Camille", 6), ("Clara", 5), ("Jade", 6),
        ("Maëlie", 4), ("Laurence", 6), ("Noémie", 6), ("Océane", 4), ("Sarah", 5), ("Mégane", 4),
        ("Ève", 4), ("Justine", 4), ("Léonie", 5), ("Maïka", 3), ("Élodie", 3), ("Marianne", 3),
        ("Anaïs", 3), ("Victoria", 3), ("Romy", 3), ("Alicia", 3), ("Emy", 4), ("Amélia", 3),
        ("Lily", 3), ("Mila", 3), ("Elizabeth", 3), ("Gabrielle", 5), ("Audrey", 3), ("Rose", 4),
        ("Maude", 3), ("Delphine", 3), ("Ariane", 3), ("Frédérique", 3), ("Laurie", 3),
        ("Coralie", 3), ("Émilie", 3), ("Daphnée", 3), ("Lya", 2), ("Leïla", 2), ("Annabelle", 3),
        ("Marilou", 2), ("Kelly-Ann", 1), ("Mélodie", 2), ("Lauriane", 2), ("Aurélie", 2),
    ]
)
BOY_NAMES = Weighted.of(
    [
        ("William", 10), ("Liam", 9), ("Thomas", 9), ("Noah", 8), ("Jacob", 8), ("Léo", 8),
        ("Logan", 6), ("Nathan", 7), ("Samuel", 8), ("Félix", 8), ("Édouard", 5), ("Raphaël", 6),
        ("Émile", 6), ("Arthur", 5), ("Olivier", 6), ("Benjamin", 6), ("Gabriel", 7), ("Alexis", 6),
        ("Louis", 5), ("Charles", 6), ("Antoine", 6), ("Zack", 4), ("Loïc", 3), ("Xavier", 6),
        ("Mathis", 5), ("Hugo", 4), ("Jules", 4), ("Victor", 3), ("Adam", 4), ("Théo", 4),
        ("Nolan", 3), ("Alexandre", 5), ("Lucas", 4), ("Éloi", 2), ("Anthony", 3), ("Justin", 3),
        ("Malik", 2), ("Jérémy", 3), ("Vincent", 3), ("Tristan", 3), ("Zachary", 4), ("Maxime", 3),
        ("Elliot", 2), ("Milan", 2), ("Ethan", 4), ("Mathéo", 3), ("Jayden", 2), ("Dylan", 2),
        ("Nicolas", 3), ("Simon", 3), ("Philippe", 2), ("Laurent", 2), ("Henri", 2), ("Mathias", 3),
        ("Étienne", 3), ("Jake", 2), ("Cédric", 1), ("Eliot", 1), ("Marc-Olivier", 1),
    ]
)

# First names of parents and staff (born roughly 1965–1995).
WOMAN_NAMES = Weighted.of(
    [
        ("Mélanie", 8), ("Julie", 9), ("Isabelle", 8), ("Karine", 7), ("Stéphanie", 8),
        ("Geneviève", 8), ("Marie-Ève", 8), ("Valérie", 7), ("Caroline", 7), ("Annie", 6),
        ("Nathalie", 6), ("Émilie", 6), ("Audrey", 5), ("Véronique", 6), ("Catherine", 6),
        ("Vanessa", 4), ("Jessica", 4), ("Amélie", 5), ("Josée", 4), ("Mélissa", 5), ("Sophie", 6),
        ("Marie-Claude", 4), ("Chantal", 3), ("Sylvie", 3), ("Marie-Pier", 4), ("Andréanne", 3),
        ("Kim", 3), ("Maude", 3), ("Joëlle", 3), ("Myriam", 3), ("Patricia", 3), ("Nancy", 3),
    ]
)
MAN_NAMES = Weighted.of(
    [
        ("Mathieu", 8), ("Sébastien", 8), ("Jonathan", 7), ("Maxime", 7), ("Patrick", 7),
        ("Martin", 6), ("Éric", 6), ("Dominic", 5), ("Simon", 6), ("Jean-François", 7),
        ("David", 6), ("Alexandre", 6), ("Nicolas", 6), ("Frédéric", 6), ("Steve", 4),
        ("Jérôme", 4), ("Marc-André", 5), ("Pierre-Luc", 4), ("Kevin", 4), ("Francis", 5),
        ("Guillaume", 6), ("Vincent", 5), ("Philippe", 6), ("Stéphane", 5), ("Yannick", 4),
        ("Luc", 3), ("Daniel", 4), ("Michel", 3), ("Jean-Philippe", 4), ("Carl", 3), ("Dany", 3),
    ]
)

# fmt: on

# Fictional e-mail domains only (``.test`` is reserved; the others are placeholders).
EMAIL_DOMAINS = Weighted.of(
    [("exemple.qc.ca", 4), ("courriel.test", 4), ("famille.test", 2), ("exemple.test", 1)]
)
# Mauricie's area codes with the 555 exchange, kept for fiction.
AREA_CODES = Weighted.of([("819", 8), ("873", 2)])

_LETTERS = re.compile(r"[^A-Z]")
_SLUG = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=8192)
def letters(name: str) -> str:
    """Upper-case ASCII letters of a name: 'St-Pierre' → 'STPIERRE', 'Côté' → 'COTE'."""
    return _LETTERS.sub("", unidecode(name).upper())


@functools.lru_cache(maxsize=8192)
def slug(name: str) -> str:
    """'Marie-Ève Côté' → 'marie-eve-cote'; used for usernames and e-mail addresses."""
    return _SLUG.sub("-", unidecode(name).lower()).strip("-")


def username_for(first: str, last: str) -> str:
    """'Marie-Ève', 'St-Pierre' → 'marie-eve.st-pierre'."""
    return f"{slug(first)}.{slug(last)}"


def phone(rng: random.Random) -> str:
    """A fictional number in the 555 exchange of a Mauricie area code."""
    return f"{AREA_CODES.pick(rng)} 555-{rng.randrange(10000):04d}"
