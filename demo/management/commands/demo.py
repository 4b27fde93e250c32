"""`manage.py demo --students N --seed S [--reset] [--if-empty]`: the fictional demo service centre."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.models import ServiceCentre
from demo import generator


class Command(BaseCommand):
    help = (
        "Génère un centre de services scolaire fictif (Mauricie) : écoles, élèves, parents, personnel "
        "et un compte de démonstration par rôle."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--students", type=int, default=2000, help="nombre d'élèves (défaut : 2000)")
        parser.add_argument("--seed", type=int, default=42, help="graine : même graine, même centre")
        parser.add_argument(
            "--reset", action="store_true", help="supprime d'abord la démonstration précédente"
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="ne fait rien (sauf afficher les comptes) si un centre de services existe déjà",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("La démonstration ne se génère pas en production.")
        students: int = options["students"]
        if students < generator.MIN_STUDENTS:
            raise CommandError(f"--students doit valoir au moins {generator.MIN_STUDENTS}.")
        verbose = options["verbosity"] >= 2
        log = self.stdout.write if verbose else None

        if options["if_empty"] and not options["reset"] and ServiceCentre.objects.exists():
            self.stdout.write("Un centre de services existe déjà : la démonstration n'est pas régénérée.")
            self.print_accounts(generator.existing_accounts())
            return
        self.stdout.write(f"Génération de la démonstration : {students} élèves, graine {options['seed']}…")
        try:
            result = generator.generate(students, options["seed"], reset=options["reset"], log=log)
        except generator.DemoExists as exc:
            raise CommandError(f"{exc}.") from exc
        summary = ", ".join(f"{count} {label}" for label, count in result.counts.items())
        self.stdout.write(self.style.SUCCESS(f"{result.centre.name} : {summary} ({result.seconds:.1f} s)."))
        self.print_accounts(result.accounts)

    def print_accounts(self, accounts: list[generator.AccountRow]) -> None:
        if not accounts:
            self.stdout.write("Aucun compte de démonstration dans la base.")
            return
        headers = ("Rôle", "Utilisateur", "Nom", "Mot de passe", "Secret TOTP (base32)")
        rows = [(a.label, a.username, a.full_name, a.password, a.totp_secret or "—") for a in accounts]
        widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
        line = "  ".join(f"{{:<{w}}}" for w in widths)
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING(line.format(*headers).rstrip()))
        for row in rows:
            self.stdout.write(line.format(*row).rstrip())
        self.stdout.write("")
        bypass = getattr(settings, "MFA_TOTP_INSECURE_BYPASS_CODE", None)
        if bypass:
            self.stdout.write(self.style.WARNING(f"Code de deuxième facteur (démonstration) : {bypass}"))
        else:
            self.stdout.write(
                "Deuxième facteur : le code fixe de démonstration n'est actif qu'en développement ; "
                "ajoutez le secret TOTP ci-dessus à une application d'authentification."
            )
        self.stdout.write("Les parents et l'élève n'ont pas de deuxième facteur obligatoire.")
