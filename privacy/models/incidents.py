"""The register of confidentiality incidents (A-2.1, art. 63.8 to 63.11; Règlement sur les incidents de
confidentialité, art. 11): one row per incident, with the fields the Commission d'accès à l'information
lists, and the candidates the audit scan raises before a person qualifies or dismisses them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField


class IncidentStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Signalement à examiner")
    OPEN = "open", _("Incident qualifié (ouvert)")
    CLOSED = "closed", _("Incident fermé")
    DISMISSED = "dismissed", _("Écarté")


class Detector(models.TextChoices):
    MANUAL = "manual", _("Déclaration manuelle")
    BREAK_GLASS = "break_glass", _("Accès d'urgence (bris de glace)")
    MANY_STUDENTS = "many_students", _("Nombreux élèves consultés en peu de temps")
    DENIED_RETRIES = "denied_retries", _("Refus d'accès répétés")
    REASON_ANOMALY = "reason_anomaly", _("Motif d'accès inhabituel")
    LARGE_EXPORT = "large_export", _("Exportation volumineuse")


class Incident(models.Model):
    centre = models.ForeignKey("core.ServiceCentre", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("statut"), max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.CANDIDATE
    )
    detector = models.CharField(_("origine"), max_length=20, choices=Detector.choices)
    # Which audit pattern raised the candidate: unique per detector, so a scan never raises it twice.
    fingerprint = models.CharField(max_length=120, blank=True)
    # Metadata of the signal only (ids, counts, period): never the content that was read.
    signal = models.JSONField(default=dict, blank=True)
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("personne dont l'activité a été signalée"),
    )
    # The register's fields (Commission d'accès à l'information, registre des incidents).
    information = EncryptedTextField(_("renseignements personnels visés"), blank=True)
    information_unknown_reason = EncryptedTextField(
        _("raison pour laquelle les renseignements ne peuvent être décrits"), blank=True
    )
    circumstances = EncryptedTextField(_("brève description des circonstances"), blank=True)
    occurred_from = models.DateField(_("date ou début de la période de l'incident"), null=True, blank=True)
    occurred_to = models.DateField(_("fin de la période de l'incident"), null=True, blank=True)
    discovered_on = models.DateField(_("date de la prise de connaissance"), null=True, blank=True)
    persons_count = models.PositiveIntegerField(_("nombre de personnes concernées"), null=True, blank=True)
    persons_count_estimated = models.BooleanField(_("nombre estimé"), default=False)
    risk_sensitivity = EncryptedTextField(_("sensibilité des renseignements"), blank=True)
    risk_consequences = EncryptedTextField(_("conséquences appréhendées"), blank=True)
    risk_likelihood = EncryptedTextField(
        _("probabilité que les renseignements soient mal utilisés"), blank=True
    )
    serious_risk = models.BooleanField(_("risque qu'un préjudice sérieux soit causé"), null=True, blank=True)
    commission_notified_on = models.DateField(_("avis à la Commission le"), null=True, blank=True)
    persons_notified_on = models.DateField(_("avis aux personnes concernées le"), null=True, blank=True)
    public_notice = models.BooleanField(_("avis public"), default=False)
    public_notice_on = models.DateField(_("avis public le"), null=True, blank=True)
    measures = EncryptedTextField(_("mesures prises pour diminuer le risque"), blank=True)
    # Workflow.
    dismissal_reason = EncryptedTextField(_("motif du rejet"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    qualified_at = models.DateTimeField(null=True, blank=True)
    qualified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("incident de confidentialité")
        verbose_name_plural = _("incidents de confidentialité")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["detector", "fingerprint"],
                condition=~Q(fingerprint=""),
                name="incident_once_per_signal",
            )
        ]
        indexes = [models.Index(fields=["centre", "status"])]

    def __str__(self) -> str:  # never the description
        return f"Incident {self.pk} ({self.get_status_display()})"

    @property
    def number(self) -> str:
        return f"IC-{self.created_at:%Y}-{self.pk:04d}"

    @property
    def is_register_entry(self) -> bool:
        """Qualified incidents (open or closed) are the register; candidates and dismissals are not."""
        return self.status in (IncidentStatus.OPEN, IncidentStatus.CLOSED)
