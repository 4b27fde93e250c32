from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Vie privée")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from privacy import models
        from privacy import rules as _rules  # noqa: F401 — registers the permissions

        # Encrypted fields masked: the audit says that they changed, never what they hold.
        auditlog.register(
            models.Incident,
            mask_fields=[
                "information",
                "information_unknown_reason",
                "circumstances",
                "risk_sensitivity",
                "risk_consequences",
                "risk_likelihood",
                "measures",
                "dismissal_reason",
            ],
        )
        auditlog.register(models.Communication)
        auditlog.register(models.AccessRequest, mask_fields=["details", "decision_note"])
        auditlog.register(models.LegalHold, mask_fields=["reason", "release_reason"])
        auditlog.register(models.DestructionRun)
