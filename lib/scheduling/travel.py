"""Travel between schools (pure): a leg's road kilometres and minutes from the coordinates, a road
factor and an average speed; a day's route through the schools visited in order; the round trip that a
telepractice session avoided."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from lib.geo import road_km


@dataclass(frozen=True)
class TravelParams:
    road_factor: float = 1.3
    speed_kmh: float = 60.0


@dataclass(frozen=True)
class Place:
    key: int
    name: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Leg:
    origin: Place
    destination: Place
    km: float
    minutes: float


def leg(a: Place, b: Place, params: TravelParams) -> Leg:
    km = road_km(a.latitude, a.longitude, b.latitude, b.longitude, params.road_factor)
    return Leg(a, b, km, km / params.speed_kmh * 60)


@dataclass(frozen=True)
class Route:
    stops: tuple[Place, ...]
    legs: tuple[Leg, ...]

    @property
    def km(self) -> float:
        return sum(x.km for x in self.legs)

    @property
    def minutes(self) -> float:
        return sum(x.minutes for x in self.legs)


def route(visits: Sequence[Place], params: TravelParams) -> Route:
    """The schools of a day's in-person appointments in time order; a school that follows itself is one
    stop (no leg of 0 km)."""
    stops: list[Place] = []
    for place in visits:
        if not stops or stops[-1].key != place.key:
            stops.append(place)
    legs = tuple(leg(a, b, params) for a, b in itertools.pairwise(stops))
    return Route(tuple(stops), legs)


def avoided(base: Place | None, student_school: Place | None, params: TravelParams) -> Leg | None:
    """The round trip a telepractice session saved: from the professional's school of the day to the
    student's school and back (None when they are the same place or one is unknown). The leg returned
    carries the round trip's kilometres and minutes."""
    if base is None or student_school is None or base.key == student_school.key:
        return None
    one_way = leg(base, student_school, params)
    return Leg(base, student_school, one_way.km * 2, one_way.minutes * 2)
