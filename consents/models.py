"""Consents: requests prepared by staff, consents signed in the portal or on paper, and their documents.

A consent is never edited: it is signed once, may expire by date and may be revoked (with who, when and
why). The document the signer saw (the PDF rendered in the portal, or the scanned paper form) lives in
`ConsentDocument`, encrypted, so that lists never load it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedBinaryField, EncryptedTextField
from core.models import ServiceDomain
from lib import consent as logic


class Scope(models.TextChoices):
    EVALUATION = logic.EVALUATION, _("Évaluation")
    SERVICES = logic.SERVICES, _("Services de suivi")
    TELEPRACTICE = logic.TELEPRACTICE, _("Télépratique")
    SHARING = logic.SHARING, _("Partage de renseignements")


class Channel(models.TextChoices):
    PORTAL = "portal", _("Portail")
    PAPER = "paper", _("Papier")


class SignerKind(models.TextChoices):
    GUARDIAN = logic.GUARDIAN, _("Parent ou tuteur")
    STUDENT = logic.STUDENT, _("L'élève")


class ConsentRequest(models.Model):
    """A consent form prepared by staff, waiting to be signed in the portal."""

    class Status(models.TextChoices):
        PENDING = "pending", _("À signer")
        SIGNED = "signed", _("Signée")
        CANCELLED = "cancelled", _("Annulée")

    student = models.ForeignKey("students.Student", on_delete=models.CASCADE, related_name="consent_requests")
    scope = models.CharField(_("portée"), max_length=15, choices=Scope.choices)
    domain = models.ForeignKey(
        ServiceDomain,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service"),
    )
    explanation = EncryptedTextField(_("explications"))
    shared_with = EncryptedTextField(_("communiqué à"), blank=True)
    shared_what = EncryptedTextField(_("renseignements communiqués"), blank=True)
    expires_on = models.DateField(_("valide jusqu'au"), null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.PENDING)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("demande de consentement")
        verbose_name_plural = _("demandes de consentement")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["student", "status"])]

    def __str__(self) -> str:
        return f"Demande de consentement nº {self.pk} ({self.scope})"


class Consent(models.Model):
    student = models.ForeignKey("students.Student", on_delete=models.PROTECT, related_name="consents")
    scope = models.CharField(_("portée"), max_length=15, choices=Scope.choices)
    domain = models.ForeignKey(
        ServiceDomain,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service"),
        help_text=_("Vide : tous les services éducatifs complémentaires."),
    )
    shared_with = EncryptedTextField(_("communiqué à"), blank=True)
    shared_what = EncryptedTextField(_("renseignements communiqués"), blank=True)
    signer_kind = models.CharField(_("signataire"), max_length=10, choices=SignerKind.choices)
    signer_guardian = models.ForeignKey(
        "students.Guardian", on_delete=models.PROTECT, null=True, blank=True, related_name="consents_signed"
    )
    signer_name = models.CharField(_("nom du ou de la signataire"), max_length=250)
    signed_at = models.DateTimeField(_("signé le"))
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    expires_on = models.DateField(_("valide jusqu'au"), null=True, blank=True)
    request = models.OneToOneField(
        ConsentRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="consent"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Le compte qui a signé dans le portail, ou le membre du personnel qui a consigné le papier."
        ),
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revocation_reason = EncryptedTextField(_("motif de la révocation"), blank=True)
    document_type = models.CharField(_("type du document"), max_length=40)
    document_size = models.PositiveIntegerField(_("taille du document (octets)"))
    document_sha256 = models.CharField(_("empreinte SHA-256 du document"), max_length=64)

    class Meta:
        verbose_name = _("consentement")
        verbose_name_plural = _("consentements")
        ordering = ["-signed_at", "-pk"]
        indexes = [models.Index(fields=["student", "scope"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(signer_kind="guardian", signer_guardian__isnull=False)
                | Q(signer_kind="student", signer_guardian__isnull=True),
                name="consent_signer_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_by__isnull=False),
                name="consent_revocation_has_author",
            ),
        ]

    def __str__(self) -> str:  # never the sharing details
        return f"Consentement nº {self.pk} ({self.scope})"

    def facts(self) -> logic.ConsentFacts:
        return logic.ConsentFacts(
            scope=self.scope,
            domain_id=self.domain_id,
            signed_on=timezone.localtime(self.signed_at).date(),
            expires_on=self.expires_on,
            revoked_on=timezone.localtime(self.revoked_at).date() if self.revoked_at else None,
        )

    def state(self, on: dt.date | None = None) -> str:
        return logic.state_on(self.facts(), on or timezone.localdate())

    @property
    def solo(self) -> bool:
        """Given by the student alone (14 or older): not shown to the parents."""
        return self.signer_kind == SignerKind.STUDENT


class ConsentDocument(models.Model):
    """The exact document of a consent: the PDF the signer saw in the portal, or the paper scan."""

    consent = models.OneToOneField(Consent, on_delete=models.PROTECT, related_name="document")
    content = EncryptedBinaryField(_("contenu"))

    class Meta:
        verbose_name = _("document de consentement")
        verbose_name_plural = _("documents de consentement")

    def __str__(self) -> str:
        return f"Document du consentement nº {self.consent_id}"
