from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = _("Dossiers professionnels")

    def ready(self) -> None:
        from records import setup

        setup.connect()
