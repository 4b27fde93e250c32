from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Référentiel du centre de services")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from core import form_guard, models, request_memo

        form_guard.install()
        request_memo.connect()

        auditlog.register(models.School)
        auditlog.register(models.Network)
        auditlog.register(models.SchoolYear)
        auditlog.register(models.ReportPeriod)
        auditlog.register(models.User, exclude_fields=["password", "last_login"])
