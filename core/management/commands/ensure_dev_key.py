"""Create var/dev-encryption.key for development if it is missing (never used in production)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.crypto import new_key_spec


class Command(BaseCommand):
    help = "Crée la clé de chiffrement de démonstration dans var/ si elle n'existe pas."

    def handle(self, *args: object, **options: object) -> None:
        if settings.PRODUCTION:
            raise CommandError("En production, fournissez ENCRYPTION_KEYS (ou ENCRYPTION_KEYS_FILE).")
        path = settings.VAR_DIR / "dev-encryption.key"
        if path.exists():
            self.stdout.write(f"Clé de démonstration présente : {path}")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(new_key_spec("dev1") + "\n", encoding="utf-8")
        path.chmod(0o600)
        self.stdout.write(self.style.SUCCESS(f"Clé de démonstration créée : {path}"))
