"""The professional record (dossier professionnel, domain notes §2 and §4).

One record per professional, student and mandate. The professional is its guardian: principals and
teachers never read it; they see only what the professional deliberately publishes (`Publication`) into
the dossier d'aide particulière. Entries are drafts until signed; a signed entry is never edited nor
deleted — a correction is a new entry that points to the one it corrects (docs/adr/0008). Every text that
says something about the student is encrypted at rest.

State changes go through `records.actions`; the guards below (`save`/`delete` of a signed entry) are the
last line of defence, not the rule's only home.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedBinaryField, EncryptedTextField
from core.models import Profession
from intake.models import MandateOrigin


class ImmutableEntryError(Exception):
    """A signed entry (or its attachment) was about to be changed or deleted."""


class RecordStatus(models.TextChoices):
    OPEN = "open", _("Ouvert")
    CLOSED = "closed", _("Fermé")


class EntryKind(models.TextChoices):
    PROGRESS_NOTE = "progress_note", _("Note évolutive")
    EVALUATION_REPORT = "evaluation_report", _("Rapport d'évaluation")
    INDIRECT_SERVICE = "indirect_service", _("Service indirect (appel, rencontre)")
    CONSENT_NOTE = "consent_note", _("Note sur le consentement")
    RAW_DATA = "raw_data", _("Données brutes")


class EntryModality(models.TextChoices):
    IN_PERSON = "in_person", _("En présence")
    TELEPRACTICE = "telepractice", _("Télépratique")
    PHONE = "phone", _("Téléphone")


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SIGNED = "signed", _("Signée")


class ProfessionalRecord(models.Model):
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="professional_records",
        verbose_name=_("professionnel·le responsable"),
    )
    student = models.ForeignKey(
        "students.Student",
        on_delete=models.PROTECT,
        related_name="professional_records",
        verbose_name=_("élève"),
    )
    profession = models.CharField(_("profession"), max_length=30, choices=Profession.choices)
    mandate_origin = models.CharField(_("origine du mandat"), max_length=10, choices=MandateOrigin.choices)
    episode = models.OneToOneField(
        "intake.ServiceEpisode",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="record",
        verbose_name=_("épisode de service"),
    )
    opened_at = models.DateTimeField(_("ouvert le"), default=timezone.now)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reasons = EncryptedTextField(_("motifs de consultation"))
    parent_name = EncryptedTextField(
        _("nom du parent ou tuteur"),
        blank=True,
        help_text=_("Pour un élève mineur (exigé des orthophonistes)."),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.OPEN
    )
    last_service_on = models.DateField(_("dernier service"), null=True, blank=True)
    closed_at = models.DateTimeField(_("fermé le"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closing_note = EncryptedTextField(_("note de fermeture"), blank=True)
    retention_until = models.DateField(_("à conserver jusqu'au"), null=True, blank=True)

    class Meta:
        verbose_name = _("dossier professionnel")
        verbose_name_plural = _("dossiers professionnels")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["professional", "student", "mandate_origin"],
                condition=Q(status="open"),
                name="record_one_open_per_mandate",
            )
        ]
        indexes = [
            models.Index(fields=["professional", "status"]),
            models.Index(fields=["student", "status"]),
        ]

    def __str__(self) -> str:  # never the reasons
        return f"Dossier {self.pk} — {self.get_profession_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == RecordStatus.OPEN


class Entry(models.Model):
    record = models.ForeignKey(ProfessionalRecord, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("type"), max_length=20, choices=EntryKind.choices)
    service_date = models.DateField(_("date du service"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), null=True, blank=True)
    modality = models.CharField(_("modalité"), max_length=15, choices=EntryModality.choices, blank=True)
    student_location = EncryptedTextField(
        _("lieu où se trouvait l'élève"), blank=True, help_text=_("Exigé en télépratique.")
    )
    text = EncryptedTextField(_("texte"))
    status = models.CharField(
        _("statut"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.DRAFT
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    signed_at = models.DateTimeField(_("signée le"), null=True, blank=True)
    signature_sha256 = models.CharField(
        _("empreinte à la signature"), max_length=64, blank=True, help_text=_("SHA-256 du contenu signé.")
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrige l'entrée"),
    )

    class Meta:
        verbose_name = _("entrée du dossier")
        verbose_name_plural = _("entrées du dossier")
        ordering = ["service_date", "created_at", "pk"]
        indexes = [models.Index(fields=["record", "status"])]

    def __str__(self) -> str:  # never the text
        return f"{self.get_kind_display()} du {self.service_date:%Y-%m-%d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and Entry.objects.filter(pk=self.pk, status=EntryStatus.SIGNED).exists():
            raise ImmutableEntryError("Une entrée signée ne se modifie jamais; ajoutez une correction.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if Entry.objects.filter(pk=self.pk, status=EntryStatus.SIGNED).exists():
            raise ImmutableEntryError("Une entrée signée ne se supprime jamais.")
        return super().delete(*args, **kwargs)

    @property
    def is_signed(self) -> bool:
        return self.status == EntryStatus.SIGNED


class EntryAttachment(models.Model):
    """Raw data (test protocols, scans) attached to an entry; frozen with it when it is signed."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="attachments")
    filename = models.CharField(_("nom du fichier"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("taille (octets)"))
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    content = EncryptedBinaryField(_("contenu"))
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")

    def __str__(self) -> str:
        return f"Pièce jointe {self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if Entry.objects.filter(pk=self.entry_id, status=EntryStatus.SIGNED).exists():
            raise ImmutableEntryError("L'entrée est signée : ses pièces jointes sont figées.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if Entry.objects.filter(pk=self.entry_id, status=EntryStatus.SIGNED).exists():
            raise ImmutableEntryError("L'entrée est signée : ses pièces jointes sont figées.")
        return super().delete(*args, **kwargs)


class PublicationKind(models.TextChoices):
    CONCLUSION = "conclusion", _("Conclusion")
    RECOMMENDATIONS = "recommendations", _("Recommandations")


class Publication(models.Model):
    """What the professional deliberately publishes into the dossier d'aide particulière."""

    record = models.ForeignKey(ProfessionalRecord, on_delete=models.PROTECT, related_name="publications")
    kind = models.CharField(_("type"), max_length=20, choices=PublicationKind.choices)
    text = EncryptedTextField(_("texte publié"))
    published_at = models.DateTimeField(_("publié le"), default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(_("retiré le"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("publication au dossier d'aide particulière")
        verbose_name_plural = _("publications au dossier d'aide particulière")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.published_at:%Y-%m-%d})"


class ShareKind(models.TextChoices):
    PROFESSIONAL = "professional", _("Consultation par un·e autre professionnel·le")
    THIRD_PARTY_COPY = "third_party_copy", _("Copie à un tiers")


class RecordShare(models.Model):
    """A share of the record under a sharing consent: another professional's view, or a copy to a third
    party. A psychologist's copy is available only RECORD_COPY_HOLD_DAYS after the authorisation unless
    the emergency waiver is recorded."""

    record = models.ForeignKey(ProfessionalRecord, on_delete=models.PROTECT, related_name="shares")
    kind = models.CharField(_("type"), max_length=20, choices=ShareKind.choices)
    with_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="records_shared_with_me",
        verbose_name=_("professionnel·le"),
    )
    recipient = EncryptedTextField(_("destinataire"), blank=True)
    purpose = EncryptedTextField(_("fin de la communication"), blank=True)
    consent = models.ForeignKey(
        "consents.Consent",
        on_delete=models.PROTECT,
        related_name="record_shares",
        verbose_name=_("consentement"),
    )
    authorised_on = models.DateField(_("autorisé le"))
    available_from = models.DateField(_("disponible à partir du"))
    emergency_waiver = models.BooleanField(_("urgence : délai levé"), default=False)
    waiver_reason = EncryptedTextField(_("motif de l'urgence"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(_("copie remise le"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("retiré le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("communication du dossier")
        verbose_name_plural = _("communications du dossier")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:  # never the recipient
        return f"{self.get_kind_display()} — dossier {self.record_id}"


class RecordTransfer(models.Model):
    """The coordinator moved a record to another professional, without reading it."""

    record = models.ForeignKey(ProfessionalRecord, on_delete=models.PROTECT, related_name="transfers")
    from_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    to_professional = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    transferred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    transferred_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(_("motif"), max_length=200)

    class Meta:
        verbose_name = _("transfert de dossier")
        verbose_name_plural = _("transferts de dossier")
        ordering = ["-transferred_at", "-pk"]

    def __str__(self) -> str:
        return f"Transfert du dossier {self.record_id}"
