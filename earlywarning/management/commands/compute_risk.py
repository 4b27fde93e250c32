"""`python manage.py compute_risk [--semaine AAAA-MM-JJ] [--criteres NOM]`: the weekly coefficients."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from earlywarning import scoring
from earlywarning.criteria import criteria_set_of
from sis.formats import parse_date


class Command(BaseCommand):
    help = (
        "Calcule le coefficient de risque de chaque élève pour une semaine (défaut : la dernière terminée)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--semaine", "--week", dest="week", help="un jour de la semaine (AAAA-MM-JJ)")
        parser.add_argument(
            "--criteres", dest="criteria", help="ensemble de critères (défaut : l'ensemble actif)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        week = scoring.last_complete_week()
        if options.get("week"):
            try:
                week = scoring.monday(parse_date(options["week"]))
            except ValueError as exc:
                raise CommandError(f"Semaine invalide : {exc}.") from exc
        try:
            chosen = criteria_set_of(options.get("criteria"))
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        started = time.perf_counter()
        count = scoring.compute_week(week, chosen)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Semaine du {week:%Y-%m-%d} : {count} élève(s) évalué(s) "
                f"avec « {chosen} » en {elapsed:.1f} s."
            )
        )
