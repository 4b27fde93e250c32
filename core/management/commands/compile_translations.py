"""Compile locale/*/LC_MESSAGES/*.po into .mo with polib (no system gettext needed). See docs/adr/0004."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile les catalogues de traduction (.po → .mo) sans dépendre de gettext."

    def handle(self, *args: object, **options: object) -> None:
        count = 0
        for base in settings.LOCALE_PATHS:
            for po_path in sorted(Path(base).glob("*/LC_MESSAGES/*.po")):
                po = polib.pofile(str(po_path))
                po.save_as_mofile(str(po_path.with_suffix(".mo")))
                count += 1
                self.stdout.write(f"{po_path} : {po.percent_translated()} % traduit")
        self.stdout.write(self.style.SUCCESS(f"{count} catalogue(s) compilé(s)."))
