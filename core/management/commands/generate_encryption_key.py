"""Print a new key for ENCRYPTION_KEYS: `kid:base64`."""

from django.core.management.base import BaseCommand, CommandParser

from core.crypto import new_key_spec


class Command(BaseCommand):
    help = "Affiche une nouvelle clé AES-256 au format id:base64 pour ENCRYPTION_KEYS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kid", help="identifiant court de la clé, par exemple 2026a")

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(new_key_spec(str(options["kid"])))
