"""`python manage.py import_sis eleves FICHIER`: import a school-information-system export.

Every line is checked first; if one is refused, nothing is written, each refused line is listed with
its number and the command fails. A good file is applied whole in one transaction.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from sis.base import UnknownKind, get_kind


class Command(BaseCommand):
    help = (
        "Importe un export du système d’information scolaire "
        "(eleves, presences, absences, resultats, evenements, issues)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind", metavar="TYPE", help="eleves, presences, absences, resultats, evenements ou issues"
        )
        parser.add_argument("path", metavar="FICHIER", help="fichier CSV exporté du système d'information")
        parser.add_argument(
            "--verifier",
            "--dry-run",
            dest="dry_run",
            action="store_true",
            help="valide le fichier et affiche les nombres sans rien enregistrer",
        )
        parser.add_argument(
            "--utilisateur", dest="username", help="nom d'utilisateur inscrit comme auteur dans le journal"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            kind = get_kind(options["kind"])
        except UnknownKind as exc:
            raise CommandError(str(exc)) from exc
        user = self._user(options.get("username"))
        path = Path(options["path"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Impossible de lire le fichier « {path} » : {exc.strerror or exc}.") from exc

        with transaction.atomic():
            plan = kind.plan(data)
            if plan.errors:
                for error in plan.errors:
                    self.stderr.write(str(error))
                lines = len({e.line for e in plan.errors if e.line})
                detail = f" ({lines} ligne(s) en erreur)" if lines else ""
                raise CommandError(f"Importation refusée{detail} : aucune modification n'a été enregistrée.")
            if options["dry_run"]:
                summary = plan.summary()
                self.stdout.write(
                    f"Vérification réussie, rien n'a été enregistré : {summary.created} à créer, "
                    f"{summary.updated} à mettre à jour, {summary.unchanged} inchangé(s)."
                )
                return
            summary = kind.apply(user, plan, source="commande")
        self.stdout.write(
            self.style.SUCCESS(
                f"Importation « {kind.code} » terminée : {summary.created} créé(s), "
                f"{summary.updated} mis à jour, {summary.unchanged} inchangé(s)."
            )
        )

    def _user(self, username: str | None) -> Any:
        if not username:
            return None
        User = get_user_model()
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist as exc:
            raise CommandError(f"Utilisateur inconnu « {username} ».") from exc
