from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentsConfig(AppConfig):
    name = "consents"
    verbose_name = _("Consentements")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured

        from consents import models, sections
        from lib.consent import parse_validity
        from students.sections import register

        try:  # fail loudly on a typo'd setting rather than at the first signature
            parse_validity(settings.CONSENT_VALIDITY)
        except ValueError as exc:
            raise ImproperlyConfigured(str(exc)) from exc
        register(sections.consents_section)
        auditlog.register(models.ConsentRequest, mask_fields=["explanation", "shared_with", "shared_what"])
        auditlog.register(models.Consent, mask_fields=["shared_with", "shared_what", "revocation_reason"])
        # ConsentDocument is not registered: its bytes never go to the log; the actions log each change.
