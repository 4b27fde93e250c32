"""Compile the project's catalogue (locale/) and each app's own (<app>/locale/) into .mo files with polib
(no system gettext needed). See docs/adr/0004."""

from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile les catalogues de traduction (.po → .mo) sans dépendre de gettext."

    def handle(self, *args: object, **options: object) -> None:
        count = 0
        bases = [Path(p) for p in settings.LOCALE_PATHS]
        base_dir = Path(settings.BASE_DIR).resolve()
        for config in apps.get_app_configs():
            app_locale = Path(config.path) / "locale"
            if app_locale.is_dir() and Path(config.path).resolve().parent == base_dir:  # our apps only
                bases.append(app_locale)
        for base in bases:
            for po_path in sorted(Path(base).glob("*/LC_MESSAGES/*.po")):
                po = polib.pofile(str(po_path))
                po.save_as_mofile(str(po_path.with_suffix(".mo")))
                count += 1
                self.stdout.write(f"{po_path} : {po.percent_translated()} % traduit")
        self.stdout.write(self.style.SUCCESS(f"{count} catalogue(s) compilé(s)."))
