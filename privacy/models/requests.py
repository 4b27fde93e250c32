"""Access requests (A-2.1, art. 83 to 98): who asked, for whom, when, the deadline (20 days, extendable once
by 10 with a notice), the decision and the readable copy produced for the requester (its manifest and
digest only: the privacy officer never sees the content)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from lib import access_deadlines


class RequesterCapacity(models.TextChoices):
    SELF = "self", _("La personne concernée (élève de 14 ans ou plus)")
    GUARDIAN = "guardian", _("Titulaire de l'autorité parentale")
    OTHER = "other", _("Autre personne (mandataire, représentant·e)")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Reçue")
    IN_PROGRESS = "in_progress", _("En traitement")
    ANSWERED = "answered", _("Répondue")


class Decision(models.TextChoices):
    GRANTED = "granted", _("Accès accordé")
    PARTIAL = "partial", _("Accès accordé en partie")
    REFUSED = "refused", _("Accès refusé")
    NO_INFORMATION = "no_information", _("Aucun renseignement détenu")


class AccessRequest(models.Model):
    centre = models.ForeignKey("core.ServiceCentre", on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(
        "students.Student", on_delete=models.PROTECT, related_name="+", verbose_name=_("personne concernée")
    )
    requester_name = models.CharField(_("nom du demandeur ou de la demanderesse"), max_length=200)
    requester_capacity = models.CharField(_("qualité"), max_length=10, choices=RequesterCapacity.choices)
    requester_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compte du portail"),
    )
    received_on = models.DateField(_("reçue le"))
    details = EncryptedTextField(_("objet de la demande"), blank=True)
    status = models.CharField(
        _("statut"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    extended = models.BooleanField(_("délai prolongé"), default=False)
    extension_notice_on = models.DateField(_("avis de prolongation le"), null=True, blank=True)
    answered_on = models.DateField(_("répondue le"), null=True, blank=True)
    decision = models.CharField(_("décision"), max_length=15, choices=Decision.choices, blank=True)
    decision_note = EncryptedTextField(_("motifs de la décision"), blank=True)
    copy_produced_at = models.DateTimeField(_("copie produite le"), null=True, blank=True)
    copy_manifest = models.JSONField(default=list, blank=True)  # [{"key", "title", "items"}] only
    copy_sha256 = models.CharField(_("empreinte de la copie"), max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("demande d'accès")
        verbose_name_plural = _("demandes d'accès")
        ordering = ["received_on", "pk"]
        indexes = [models.Index(fields=["centre", "status"])]

    def __str__(self) -> str:
        return f"Demande d'accès {self.pk}"

    @property
    def number(self) -> str:
        return f"DA-{self.received_on:%Y}-{self.pk:04d}"

    @property
    def due_on(self) -> dt.date:
        return access_deadlines.due_on(self.received_on, extended=self.extended)

    def deadline_state(self, today: dt.date | None = None) -> str:
        today = today or timezone.localdate()
        return access_deadlines.state(self.due_on, today, answered=self.status == RequestStatus.ANSWERED)

    def days_left(self, today: dt.date | None = None) -> int:
        return access_deadlines.days_left(self.due_on, today or timezone.localdate())
