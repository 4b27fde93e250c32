from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Plans d'intervention")

    def ready(self) -> None:
        from plans import setup

        setup.connect()
