"""The register of communications made without the consent of the person concerned (A-2.1, art. 67.3):
for each, the kind of information, who received it, the purpose (and whether it left Québec, art. 70.1),
and the provision that allowed it. Written by `privacy.actions.record_communication`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LegalBasis(models.TextChoices):
    LAW = "law", _("Nécessaire à l'application d'une loi au Québec (art. 67)")
    PUBLIC_BODY = "public_body", _("Nécessaire à l'exercice des attributions d'un organisme public (art. 68)")
    MANDATARY = "mandatary", _("Mandataire ou prestataire de services (art. 67.2)")
    VIOLENCE = "violence", _("Prévenir un acte de violence, dont un suicide (art. 59.1)")
    PROSECUTION = "prosecution", _("Prévention ou poursuite d'une infraction (art. 59, al. 2)")
    YOUTH_PROTECTION = (
        "youth_protection",
        _("Signalement au DPJ (Loi sur la protection de la jeunesse, art. 39)"),
    )
    OTHER = "other", _("Autre disposition (précisée)")


class Communication(models.Model):
    centre = models.ForeignKey("core.ServiceCentre", on_delete=models.PROTECT, related_name="+")
    communicated_on = models.DateField(_("date de la communication"), default=timezone.localdate)
    recipient = models.CharField(_("personne ou organisme qui reçoit"), max_length=300)
    purpose = models.CharField(_("fin de la communication"), max_length=500)
    legal_basis = models.CharField(_("disposition qui la permet"), max_length=20, choices=LegalBasis.choices)
    legal_basis_detail = models.CharField(_("précision sur la disposition"), max_length=300, blank=True)
    information = models.CharField(_("nature ou type des renseignements"), max_length=500)
    outside_quebec = models.BooleanField(_("communiqués à l'extérieur du Québec (art. 70.1)"), default=False)
    student = models.ForeignKey(
        "students.Student",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("élève concerné"),
    )
    persons_count = models.PositiveIntegerField(_("nombre de personnes concernées"), default=1)
    # Where it was written from: "manual" or the capability's name, and its object (e.g. the school year).
    source = models.CharField(_("source"), max_length=40, default="manual")
    source_ref = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("inscrit par")
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("communication sans consentement")
        verbose_name_plural = _("communications sans consentement")
        ordering = ["-communicated_on", "-pk"]
        indexes = [models.Index(fields=["centre", "communicated_on"])]

    def __str__(self) -> str:
        return f"Communication {self.pk} du {self.communicated_on:%Y-%m-%d}"
