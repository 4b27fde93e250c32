"""`python manage.py rappels_plans`: e-mail the reminders of the monthly contact with the parents."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from plans.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Envoie un rappel aux responsables des plans d'intervention dont le dernier contact avec les "
        "parents date de plus d'un mois (une fois par personne et par jour)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Jour de référence AAAA-MM-JJ (par défaut : aujourd'hui).")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options.get("date"):
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("Date invalide : utilisez le format AAAA-MM-JJ.") from exc
        sent = send_reminders(day)
        self.stdout.write(
            f"{sent.people} rappel(s) envoyé(s) pour {sent.plans} plan(s); "
            f"{sent.skipped} déjà envoyé(s) aujourd'hui."
        )
