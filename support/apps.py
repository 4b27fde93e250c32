from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("Paliers et interventions")

    def ready(self) -> None:
        from support import setup

        setup.connect()
