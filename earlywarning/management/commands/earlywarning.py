"""Early-warning chores, as subcommands.

    python manage.py earlywarning backtest --data DIR --as-of-etape 2 [--criteria NOM] [--fit] [--save NOM]
    python manage.py earlywarning backtest-sample DIR --students 5000 --seed 42 [--presences]

``backtest`` prints one JSON object on stdout (docs/reperage-backtest.md); a folder with problems
prints them in French on stderr, file by file and line by line, and exits with status 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from earlywarning.backtest import criteria_sets, sources
from earlywarning.backtest.calendar import CalendarError, EtapeCalendar, default_calendar
from earlywarning.backtest.criteria_sets import Source
from earlywarning.backtest.problems import BacktestInputError
from earlywarning.backtest.report import prepare, report_of
from lib.risk import Criterion


class Command(BaseCommand):
    help = "Repérage : backtest des critères sur un dossier d'une année passée, et dossier d'exemple."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        backtest = sub.add_parser(
            "backtest", help="Évaluer un jeu de critères sur un dossier d'une année passée."
        )
        backtest.add_argument("--data", required=True, help="Dossier des fichiers CSV (ou archive .zip).")
        backtest.add_argument("--as-of-etape", type=int, required=True, dest="etape")
        backtest.add_argument(
            "--criteria", default=None, help="Nom du jeu de critères (par défaut : en vigueur)."
        )
        backtest.add_argument("--fit", action="store_true", help="Apprendre les poids (validation croisée).")
        backtest.add_argument(
            "--save", default=None, help="Enregistrer le jeu ajusté sous ce nom (avec --fit)."
        )
        backtest.add_argument("--seed", type=int, default=42)
        backtest.add_argument("--repeats", type=int, default=5, help="Répétitions des 10 plis (défaut : 5).")
        backtest.add_argument("--etapes", default=None, help="Fins d'étape MM-JJ séparées par des virgules.")
        sample = sub.add_parser("backtest-sample", help="Écrire un dossier synthétique réaliste.")
        sample.add_argument("directory")
        sample.add_argument("--students", type=int, default=5000)
        sample.add_argument("--seed", type=int, default=42)
        sample.add_argument("--year", default="2025-2026")
        sample.add_argument(
            "--presences", action="store_true", help="Présences par période au lieu de sommaires."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "backtest-sample":
            self._sample(options)
        else:
            self._backtest(options)

    def _backtest(self, options: dict[str, Any]) -> None:
        if options["repeats"] < 1:
            raise CommandError("--repeats : au moins 1 répétition des 10 plis.")
        if options["save"] and not options["fit"]:
            raise CommandError("--save demande --fit : seuls des poids ajustés s'enregistrent.")
        try:
            calendar = EtapeCalendar.parse(options["etapes"]) if options["etapes"] else default_calendar()
            path = options["data"]
            files = (
                sources.from_zip(Path(path).read_bytes(), path)
                if path.endswith(".zip")
                else sources.from_directory(path)
            )
            prepared = prepare(files, etape=options["etape"], calendar=calendar)
            source = criteria_sets.resolve(options["criteria"])
            report, fitted = report_of(
                prepared,
                criteria=source.criteria,
                criteria_name=source.label,
                fit=options["fit"],
                seed=options["seed"],
                repeats=options["repeats"],
            )
            if options["save"]:
                report["saved"] = self._save(options["save"], fitted, source, report)
        except (BacktestInputError, CalendarError, LookupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))

    def _save(self, name: str, fitted: tuple[Criterion, ...], source: Source, report: dict[str, Any]) -> str:
        if not fitted:
            raise CommandError("Aucun critère n'a un poids positif : rien à enregistrer.")
        try:
            saved = criteria_sets.save(
                name, fitted, based_on=source.criteria_set, notes=criteria_sets.fit_notes(report)
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        return str(saved)

    def _sample(self, options: dict[str, Any]) -> None:
        from earlywarning.backtest.sample import write_sample

        summary = write_sample(
            options["directory"],
            students=options["students"],
            seed=options["seed"],
            year=options["year"],
            presences=options["presences"],
        )
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
