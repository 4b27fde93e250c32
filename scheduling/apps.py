from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "scheduling"
    verbose_name = _("Rendez-vous et télépratique")

    def ready(self) -> None:
        from scheduling import setup

        setup.connect()
