from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Guichet unique")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from intake import models, sections
        from students.sections import register

        register(sections.requests_section)
        auditlog.register(models.ServiceRequest, mask_fields=["details", "already_tried", "status_note"])
        auditlog.register(models.ServiceEpisode, mask_fields=["closing_note"])
        auditlog.register(models.IntakeSettings)
