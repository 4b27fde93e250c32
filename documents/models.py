"""Documents of the student file: each belongs to one compartment (domain notes §2) — the school file or
the dossier d'aide particulière (the professional record keeps its own attachments, records app) — and,
when staff decide so, is shared with the family. The bytes live encrypted in `DocumentContent`, apart,
so that no list ever loads them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedBinaryField


class Compartment(models.TextChoices):
    SCHOOL = "scolaire", _("Dossier scolaire")
    SUPPORT = "aide", _("Dossier d'aide particulière")


class DocumentKind(models.TextChoices):
    REPORT_CARD = "bulletin", _("Bulletin")
    REPORT = "rapport", _("Rapport d'évaluation publié")
    PLAN = "plan", _("Plan d'intervention")
    LETTER = "lettre", _("Lettre")
    FORM = "formulaire", _("Formulaire")
    OTHER = "autre", _("Autre")


class Document(models.Model):
    student = models.ForeignKey(
        "students.Student", on_delete=models.PROTECT, related_name="documents", verbose_name=_("élève")
    )
    compartment = models.CharField(_("dossier"), max_length=10, choices=Compartment.choices)
    kind = models.CharField(_("type de document"), max_length=12, choices=DocumentKind.choices)
    title = models.CharField(_("titre"), max_length=200)
    filename = models.CharField(_("nom du fichier"), max_length=200)
    content_type = models.CharField(_("format"), max_length=100)
    size = models.PositiveIntegerField(_("taille (octets)"))
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("déposé le"), default=timezone.now)
    # Who in the family sees it (lib/document_sharing.py): the guardians, the student of 14 or older.
    shared_with_guardians = models.BooleanField(_("communiqué aux parents"), default=False)
    shared_with_student = models.BooleanField(_("communiqué à l'élève"), default=False)
    shared_at = models.DateTimeField(_("communiqué le"), null=True, blank=True)  # the latest share
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("retiré le"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.CharField(_("motif du retrait"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["student", "withdrawn_at"])]

    def __str__(self) -> str:
        return f"Document {self.pk}"

    @property
    def shared_with_family(self) -> bool:
        return self.shared_with_guardians or self.shared_with_student


class DocumentContent(models.Model):
    document = models.OneToOneField(Document, on_delete=models.CASCADE, related_name="stored")
    content = EncryptedBinaryField(_("contenu"))

    class Meta:
        verbose_name = _("contenu d'un document")
        verbose_name_plural = _("contenus des documents")

    def __str__(self) -> str:
        return f"Contenu du document {self.document_id}"
