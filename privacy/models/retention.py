"""Legal holds and destruction runs (A-2.1, art. 73: destruction by the retention schedule, logged).

A run is prepared by one person (a dry run: the list of items due), approved by another, then executed:
each item is destroyed through its kind's destroyer, unless a legal hold now covers it. What stays is this
log: kind, id, the student's pseudonymous id, which rule, when and who; never the content."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField


class LegalHold(models.Model):
    """A hold on a student (everything about them) or on one item (kind + id): blocks its destruction."""

    centre = models.ForeignKey("core.ServiceCentre", on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(
        "students.Student",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("élève"),
    )
    kind = models.CharField(_("type de document"), max_length=30, blank=True)
    object_id = models.PositiveBigIntegerField(_("numéro"), null=True, blank=True)
    reason = EncryptedTextField(_("motif"))
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    release_reason = EncryptedTextField(_("motif de la levée"), blank=True)

    class Meta:
        verbose_name = _("suspension de la destruction")
        verbose_name_plural = _("suspensions de la destruction")
        ordering = ["-placed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(student__isnull=False) | (~Q(kind="") & Q(object_id__isnull=False)),
                name="legalhold_on_student_or_item",
            )
        ]

    def __str__(self) -> str:
        return f"Suspension {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.released_at is None


class RunStatus(models.TextChoices):
    PREPARED = "prepared", _("Préparée (à approuver)")
    EXECUTED = "executed", _("Approuvée et exécutée")
    CANCELLED = "cancelled", _("Annulée")


class DestructionRun(models.Model):
    centre = models.ForeignKey("core.ServiceCentre", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("statut"), max_length=10, choices=RunStatus.choices, default=RunStatus.PREPARED
    )
    as_of = models.DateField(_("échéances au"))
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    executed_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("destruction selon le calendrier")
        verbose_name_plural = _("destructions selon le calendrier")
        ordering = ["-prepared_at", "-pk"]

    def __str__(self) -> str:
        return f"Destruction {self.pk} ({self.get_status_display()})"

    @property
    def number(self) -> str:
        return f"DES-{self.prepared_at:%Y}-{self.pk:04d}"


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("Prévue")
    DESTROYED = "destroyed", _("Détruite")
    HELD = "held", _("Suspendue (conservation obligatoire)")
    GONE = "gone", _("Déjà absente")


class DestructionItem(models.Model):
    run = models.ForeignKey(DestructionRun, on_delete=models.PROTECT, related_name="items")
    kind = models.CharField(_("type"), max_length=30)
    object_id = models.PositiveBigIntegerField(_("numéro"))
    count = models.PositiveIntegerField(_("nombre d'éléments"), default=1)
    student_hash = models.CharField(_("élève (identifiant pseudonyme)"), max_length=16, blank=True)
    rule = models.CharField(_("règle du calendrier"), max_length=80)
    due_on = models.DateField(_("destructible depuis le"))
    status = models.CharField(
        _("statut"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.PLANNED
    )
    destroyed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("élément à détruire")
        verbose_name_plural = _("éléments à détruire")
        ordering = ["kind", "object_id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "kind", "object_id"], name="destructionitem_once_per_run")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
