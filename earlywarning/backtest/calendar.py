"""The étape calendar of the backtest: when each report period ends, as a month and a day.

Quebec secondary schools have three étapes. Their end dates change by school and year (the first
report card is due by 20 November, the second by 15 March, the last by 10 July); the default is an
approximation, configurable with the ``EARLYWARNING_ETAPE_ENDS`` setting or ``--etapes`` on the
command line ("11-14,02-13,06-22").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings

from lib.schoolyear import school_year_bounds

DEFAULT_ENDS = ("11-14", "02-13", "06-22")


class CalendarError(ValueError):
    pass


@dataclass(frozen=True)
class EtapeCalendar:
    ends: tuple[tuple[int, int], ...]  # (month, day) of the last day of each étape, in order

    @property
    def count(self) -> int:
        return len(self.ends)

    def end_of(self, year_label: str, etape: int) -> dt.date:
        """The last day of étape ``etape`` (1-based) of the school year ``year_label``."""
        start, _ = school_year_bounds(year_label)
        month, day = self.ends[etape - 1]
        return dt.date(start.year if month >= 7 else start.year + 1, month, day)

    def labels(self) -> list[str]:
        return [f"{day:02d}/{month:02d}" for month, day in self.ends]

    @classmethod
    def parse(cls, values: Sequence[str] | str) -> EtapeCalendar:
        items = values.split(",") if isinstance(values, str) else list(values)
        ends: list[tuple[int, int]] = []
        for item in items:
            month_text, _, day_text = item.strip().partition("-")
            try:
                month, day = int(month_text), int(day_text)
                dt.date(2000 if month >= 7 else 2001, month, day)
            except ValueError:
                raise CalendarError(
                    f"fin d'étape illisible « {item.strip()} » (attendu MM-JJ, par exemple 11-14)"
                ) from None
            ends.append((month, day))
        if not ends:
            raise CalendarError("le calendrier doit compter au moins une étape")
        order = [(m - 7) % 12 * 100 + d for m, d in ends]  # position in a school year from 1 July
        if order != sorted(order) or len(set(order)) != len(order):
            raise CalendarError(
                "les fins d'étape doivent se suivre dans l'année scolaire (de juillet à juin)"
            )
        return cls(tuple(ends))


def default_calendar() -> EtapeCalendar:
    return EtapeCalendar.parse(getattr(settings, "EARLYWARNING_ETAPE_ENDS", DEFAULT_ENDS))
