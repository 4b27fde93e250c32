"""Places of the fictional centre: Mauricie's municipalities, their postal areas and coordinates.

Pure data and helpers. Coordinates are those of each municipality's centre (rounded); schools are
placed around them with a small jitter and stay inside the region's bounding box. Postal codes use
the real forward sortation areas (G8T, G9A, G9N, G0X…) with a random local part.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

REGION = "Mauricie"
# (south, west, north, east): the administrative region 04, generously.
BOUNDING_BOX = (46.15, -74.90, 48.60, -71.90)

# The fictional centre. "Forges" recalls the Forges du Saint-Maurice; no real CSS bears this name.
CENTRE_NAME = "Centre de services scolaire des Forges-et-Rivières"
CENTRE_CODE = "CSS-DEMO-FR"
CENTRE_EMAIL_DOMAIN = "cssfr.exemple.qc.ca"
# Ministry codes of the centre's schools: this prefix and three digits (fictional organisation code).
MINISTRY_PREFIX = "798"


@dataclass(frozen=True)
class Place:
    city: str  # the municipality, as written in an address
    sector: str  # a sector of a merged city, or the municipality again
    latitude: float
    longitude: float
    fsas: tuple[str, ...]  # forward sortation areas (first half of the postal code)
    population: int
    zone: str


ZONES: tuple[str, ...] = (
    "Trois-Rivières",
    "Cap-de-la-Madeleine",
    "Shawinigan",
    "Les Chenaux",
    "Maskinongé",
    "Mékinac et Haut-Saint-Maurice",
)

# How disadvantaged a zone tends to be (added to the IMSE decile drawn for its schools).
ZONE_DEPRIVATION: dict[str, float] = {
    "Trois-Rivières": 0.0,
    "Cap-de-la-Madeleine": 1.0,
    "Shawinigan": 1.8,
    "Les Chenaux": -0.5,
    "Maskinongé": 0.5,
    "Mékinac et Haut-Saint-Maurice": 1.5,
}

_TR, _CAP, _SHA, _CHE, _MAS, _MEK = ZONES


def _same(
    city: str, latitude: float, longitude: float, fsas: tuple[str, ...], population: int, zone: str
) -> Place:
    """A place whose sector is the municipality itself."""
    return Place(city, city, latitude, longitude, fsas, population, zone)


# fmt: off
PLACES: tuple[Place, ...] = (
    Place("Trois-Rivières", "Trois-Rivières (centre)", 46.3450, -72.5450, ("G9A", "G8Z"), 52000, _TR),
    Place("Trois-Rivières", "Trois-Rivières-Ouest", 46.3330, -72.6010, ("G8Y", "G9A"), 30000, _TR),
    Place("Trois-Rivières", "Pointe-du-Lac", 46.2930, -72.6800, ("G9B",), 7500, _TR),
    Place("Trois-Rivières", "Trois-Rivières (secteur nord)", 46.3800, -72.5900, ("G9C", "G8Z"), 12000, _TR),
    Place("Trois-Rivières", "Cap-de-la-Madeleine", 46.3740, -72.5090, ("G8T",), 33000, _CAP),
    Place("Trois-Rivières", "Sainte-Marthe-du-Cap", 46.3940, -72.4550, ("G8V",), 7000, _CAP),
    Place("Trois-Rivières", "Saint-Louis-de-France", 46.4230, -72.5450, ("G8W",), 8000, _CAP),
    Place("Shawinigan", "Shawinigan (centre)", 46.5660, -72.7490, ("G9N",), 19000, _SHA),
    Place("Shawinigan", "Shawinigan-Sud", 46.5280, -72.7520, ("G9P",), 12000, _SHA),
    Place("Shawinigan", "Grand-Mère", 46.6160, -72.6880, ("G9T",), 14000, _SHA),
    Place("Shawinigan", "Lac-à-la-Tortue", 46.6230, -72.6310, ("G9R",), 4000, _SHA),
    _same("Notre-Dame-du-Mont-Carmel", 46.4950, -72.6560, ("G0X",), 5800, _CHE),
    _same("Saint-Maurice", 46.4330, -72.5170, ("G0X",), 2800, _CHE),
    _same("Champlain", 46.4470, -72.3550, ("G0X",), 1700, _CHE),
    _same("Batiscan", 46.5020, -72.2500, ("G0X",), 1000, _CHE),
    _same("Sainte-Geneviève-de-Batiscan", 46.5360, -72.3330, ("G0X",), 1100, _CHE),
    _same("Saint-Narcisse", 46.5600, -72.4600, ("G0X",), 1900, _CHE),
    _same("Saint-Luc-de-Vincennes", 46.4700, -72.4300, ("G0X",), 600, _CHE),
    _same("Louiseville", 46.2560, -72.9420, ("J5V",), 7300, _MAS),
    _same("Yamachiche", 46.2740, -72.8320, ("G0X",), 3000, _MAS),
    _same("Saint-Étienne-des-Grès", 46.4350, -72.7650, ("G0X",), 4600, _MAS),
    _same("Saint-Boniface", 46.5000, -72.8200, ("G0X",), 4800, _MAS),
    _same("Saint-Paulin", 46.4180, -73.0230, ("J0K",), 1600, _MAS),
    _same("Saint-Alexis-des-Monts", 46.4650, -73.1380, ("J0K",), 2500, _MAS),
    _same("Maskinongé", 46.2280, -73.0190, ("J0K",), 2300, _MAS),
    _same("Saint-Tite", 46.7330, -72.5660, ("G0X",), 3700, _MEK),
    _same("Sainte-Thècle", 46.8110, -72.5010, ("G0X",), 2400, _MEK),
    _same("Saint-Adelphe", 46.7330, -72.4370, ("G0X",), 1000, _MEK),
    _same("Lac-aux-Sables", 46.8680, -72.3970, ("G0X",), 1400, _MEK),
    _same("La Tuque", 47.4360, -72.7860, ("G9X",), 11000, _MEK),
)
# fmt: on

# How the zones become 3 to 6 networks: (network name, zones) in order; the first holds the demo accounts.
NETWORK_LAYOUTS: dict[int, tuple[tuple[str, tuple[str, ...]], ...]] = {
    3: (
        ("Réseau Ouest", ("Trois-Rivières", "Maskinongé")),
        ("Réseau Est", ("Cap-de-la-Madeleine", "Les Chenaux")),
        ("Réseau Nord", ("Shawinigan", "Mékinac et Haut-Saint-Maurice")),
    ),
    4: (
        ("Réseau Trois-Rivières et Maskinongé", ("Trois-Rivières", "Maskinongé")),
        ("Réseau du Cap et des Chenaux", ("Cap-de-la-Madeleine", "Les Chenaux")),
        ("Réseau de Shawinigan", ("Shawinigan",)),
        ("Réseau de Mékinac et du Haut-Saint-Maurice", ("Mékinac et Haut-Saint-Maurice",)),
    ),
    5: (
        ("Réseau de Trois-Rivières", ("Trois-Rivières",)),
        ("Réseau du Cap et des Chenaux", ("Cap-de-la-Madeleine", "Les Chenaux")),
        ("Réseau de Shawinigan", ("Shawinigan",)),
        ("Réseau de Maskinongé", ("Maskinongé",)),
        ("Réseau de Mékinac et du Haut-Saint-Maurice", ("Mékinac et Haut-Saint-Maurice",)),
    ),
    6: (
        ("Réseau de Trois-Rivières", ("Trois-Rivières",)),
        ("Réseau du Cap-de-la-Madeleine", ("Cap-de-la-Madeleine",)),
        ("Réseau de Shawinigan", ("Shawinigan",)),
        ("Réseau des Chenaux", ("Les Chenaux",)),
        ("Réseau de Maskinongé", ("Maskinongé",)),
        ("Réseau de Mékinac et du Haut-Saint-Maurice", ("Mékinac et Haut-Saint-Maurice",)),
    ),
}

# fmt: off
STREETS: tuple[str, ...] = (
    "rue Notre-Dame", "rue Saint-Laurent", "boulevard des Forges", "rue des Érables", "rue Principale",
    "rue de l'Église", "avenue des Pins", "rue Champlain", "rue Laviolette", "rue Saint-Maurice",
    "chemin du Roy", "rue Papineau", "rue Laurier", "rue Radisson", "rue Marguerite-Bourgeoys",
    "rue des Ursulines", "rue Sainte-Julie", "rue Bellefeuille", "rue Royale", "avenue de la Station",
    "rue du Couvent", "rue Sainte-Anne", "rue Saint-Paul", "rue des Pionniers", "rue du Parc",
    "rue de la Fabrique", "rue Jacques-Cartier", "rue Frontenac", "rue Montcalm", "boulevard Jean-XXIII",
    "rue des Bouleaux", "rue des Cèdres", "rue du Moulin", "avenue du Collège", "rue des Écoles",
    "rue Saint-Joseph", "rue de la Rivière", "rang Saint-Jean", "rue des Peupliers", "rue Fusey",
    "boulevard Sainte-Madeleine", "rue Denis-Lemieux", "avenue Willow", "rue de la Station",
    "rue Sainte-Marie", "boulevard Saint-Sacrement", "rue Massicotte", "rue du Sanctuaire",
)
# fmt: on

# Letters that Canada Post uses in the local part of a postal code (no D, F, I, O, Q, U).
_LDU_LETTERS = "ABCEGHJKLMNPRSTVWXYZ"


def zones_of_network(count: int) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The networks for a number of networks from 3 to 6."""
    return NETWORK_LAYOUTS[max(3, min(6, count))]


def places_in(zones: tuple[str, ...]) -> list[Place]:
    return [place for place in PLACES if place.zone in zones]


def postal_code(rng: random.Random, place: Place) -> str:
    """'G8T 4K2': one of the place's forward sortation areas and a random local delivery unit."""
    fsa = place.fsas[rng.randrange(len(place.fsas))]
    return f"{fsa} {rng.randrange(1, 10)}{rng.choice(_LDU_LETTERS)}{rng.randrange(10)}"


def street_address(rng: random.Random) -> str:
    """'1250, rue Notre-Dame' (Quebec style: civic number, comma, street)."""
    number = rng.randrange(10, 3000) if rng.random() < 0.7 else rng.randrange(10, 400)
    return f"{number}, {rng.choice(STREETS)}"


def near(rng: random.Random, place: Place) -> tuple[float, float]:
    """A point near the place's centre (within a few kilometres in a city), inside the bounding box."""
    spread = 0.035 if place.population > 10000 else 0.012
    south, west, north, east = BOUNDING_BOX
    lat = min(max(place.latitude + rng.uniform(-spread, spread), south), north)
    lon = min(max(place.longitude + rng.uniform(-spread, spread) * 1.4, west), east)
    return round(lat, 6), round(lon, 6)
