"""`python manage.py verify_audit`: check the audit chain; exit 1 and name the first broken row."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from security import chain


class Command(BaseCommand):
    help = (
        "Vérifie la chaîne du journal d'audit : entrée modifiée, supprimée ou ajoutée hors de l'application."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seal-existing",
            action="store_true",
            help="Sceller d'abord les entrées sans sceau (une seule fois, à l'installation de la chaîne).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["seal_existing"]:
            self.stdout.write(f"{chain.seal_existing()} entrée(s) scellée(s).")
        checked, broken = chain.verify()
        if broken is not None:
            self.stderr.write(f"Journal d'audit altéré : {broken} ({checked} entrée(s) intactes avant elle).")
            sys.exit(1)
        self.stdout.write(f"Journal d'audit intact : {checked} entrée(s) vérifiée(s).")
