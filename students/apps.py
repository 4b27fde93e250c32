from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudentsConfig(AppConfig):
    name = "students"
    verbose_name = _("Élèves")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from students import copy_parts, models

        auditlog.register(models.Student, mask_fields=["health_alert"])
        auditlog.register(models.Group)
        auditlog.register(models.Guardian)
        auditlog.register(models.GuardianLink)
        auditlog.register(models.Caseload)
        auditlog.register(models.BreakGlassAccess)
        copy_parts.register_all()
