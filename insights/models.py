"""Models of the portraits: class observations (they feed the student's file) and the data version that
keys the cached aggregates of the dashboards."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField

OBSERVATION_MAX_LENGTH = 500


class ObservationDomain(models.TextChoices):
    LEARNING = "learning", _("Apprentissages")
    BEHAVIOUR = "behaviour", _("Comportement")
    SOCIAL = "social", _("Relations avec les autres")
    WELLBEING = "wellbeing", _("Bien-être, émotions")
    ATTENDANCE = "attendance", _("Assiduité, ponctualité")
    OTHER = "other", _("Autre")


class Observation(models.Model):
    """A teacher's short dated observation of a student of their group (portrait de classe)."""

    student = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, related_name="observations", verbose_name=_("élève")
    )
    group = models.ForeignKey(
        "students.Group", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    observed_on = models.DateField(_("date de l'observation"))
    domain = models.CharField(_("domaine"), max_length=15, choices=ObservationDomain.choices)
    text = EncryptedTextField(_("observation"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("observation en classe")
        verbose_name_plural = _("observations en classe")
        ordering = ["-observed_on", "-pk"]
        indexes = [
            models.Index(fields=["student", "-observed_on"]),
            models.Index(fields=["group", "-observed_on"]),
        ]

    def __str__(self) -> str:  # never the text
        return f"Observation nº {self.pk} du {self.observed_on:%Y-%m-%d}"


class DataVersion(models.Model):
    """One counter, raised whenever data that a dashboard aggregates changes (insights.cache)."""

    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("version des données des portraits")

    def __str__(self) -> str:
        return f"v{self.number}"
