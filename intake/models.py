"""Guichet unique: service requests, their triage and history, waiting lists and service episodes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import Network, ServiceCentre, ServiceDomain
from lib.priority import DEFAULT_WEIGHTS


class ReasonChoice(models.TextChoices):
    LEARNING = "learning", _("Difficultés d'apprentissage")
    LANGUAGE = "language", _("Langage et communication")
    BEHAVIOUR = "behaviour", _("Comportement")
    EMOTIONAL = "emotional", _("Anxiété, humeur, bien-être")
    ATTENDANCE = "attendance", _("Absentéisme, décrochage")
    SOCIAL = "social", _("Relations sociales, intimidation")
    FAMILY = "family", _("Situation familiale")
    HEALTH = "health", _("Santé")
    ORIENTATION = "orientation", _("Choix scolaire ou professionnel")
    EVALUATION = "evaluation", _("Évaluation demandée")


class Urgency(models.TextChoices):
    LOW = "low", _("Faible")
    MODERATE = "moderate", _("Modérée")
    HIGH = "high", _("Élevée")
    SAFETY = "safety", _("Sécurité en jeu")


class SchoolingImpact(models.TextChoices):
    NONE = "none", _("Aucun")
    MILD = "mild", _("Léger")
    MARKED = "marked", _("Marqué")
    SEVERE = "severe", _("Sévère")


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("En présence")
    TELEPRACTICE = "telepractice", _("Télépratique")
    ANY = "any", _("Sans préférence")


class MandateOrigin(models.TextChoices):
    SCHOOL = "school", _("École ou centre de services")
    FAMILY = "family", _("Élève ou parent")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Reçue")
    INFO_REQUESTED = "info_requested", _("Précisions demandées")
    REDIRECTED = "redirected", _("Réorientée")
    REFUSED = "refused", _("Refusée")
    WAITING = "waiting", _("En liste d'attente")
    ASSIGNED = "assigned", _("Assignée")
    CLOSED = "closed", _("Fermée")
    WITHDRAWN = "withdrawn", _("Retirée")


OPEN_STATUSES = (Status.SUBMITTED, Status.INFO_REQUESTED, Status.WAITING, Status.ASSIGNED)


class IntakeSettings(models.Model):
    """What differs between service centres: the priority grid, the wait limit, self-referral."""

    centre = models.OneToOneField(ServiceCentre, on_delete=models.CASCADE, related_name="intake_settings")
    weights = models.JSONField(_("grille de priorité"), default=dict)
    waited_cap_weeks = models.PositiveSmallIntegerField(
        _("plafond de l'attente comptée (semaines)"), default=20
    )
    wait_limit_days = models.PositiveSmallIntegerField(_("délai d'attente maximal (jours)"), default=60)
    throughput_window_weeks = models.PositiveSmallIntegerField(_("fenêtre du débit (semaines)"), default=8)
    allow_self_referral = models.BooleanField(_("les parents peuvent faire une demande"), default=True)

    class Meta:
        verbose_name = _("réglages du guichet unique")
        verbose_name_plural = _("réglages du guichet unique")

    def __str__(self) -> str:
        return f"Guichet unique — {self.centre}"

    def grid(self) -> dict[str, int]:
        return {**DEFAULT_WEIGHTS, **(self.weights or {})}


class ServiceRequest(models.Model):
    student = models.ForeignKey("students.Student", on_delete=models.PROTECT, related_name="service_requests")
    domain = models.ForeignKey(ServiceDomain, on_delete=models.PROTECT, related_name="requests")
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="requests", null=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reasons = models.JSONField(_("motifs"), default=list)
    details = EncryptedTextField(_("description de la situation"), blank=True)
    already_tried = EncryptedTextField(_("ce que l'école a déjà essayé"), blank=True)
    tried_weeks = models.PositiveSmallIntegerField(_("depuis combien de semaines"), default=0)
    tier = models.PositiveSmallIntegerField(_("palier de soutien déjà offert"), default=1)
    urgency = models.CharField(_("urgence"), max_length=10, choices=Urgency.choices, default=Urgency.MODERATE)
    schooling_impact = models.CharField(
        _("impact sur la scolarité"),
        max_length=10,
        choices=SchoolingImpact.choices,
        default=SchoolingImpact.MILD,
    )
    availability = models.CharField(_("disponibilités de l'élève"), max_length=255, blank=True)
    modality = models.CharField(
        _("modalité souhaitée"), max_length=15, choices=Modality.choices, default="any"
    )
    mandate_origin = models.CharField(_("origine du mandat"), max_length=10, choices=MandateOrigin.choices)
    status = models.CharField(_("statut"), max_length=15, choices=Status.choices, default=Status.SUBMITTED)
    priority = models.PositiveSmallIntegerField(_("priorité"), null=True, blank=True)
    priority_parts = models.JSONField(_("composantes de la priorité"), default=dict, blank=True)
    status_note = EncryptedTextField(_("note"), blank=True)
    redirected_to = models.ForeignKey(
        ServiceDomain, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_requests",
    )
    created_at = models.DateTimeField(default=timezone.now)
    triaged_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    assigned_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("demande de service")
        verbose_name_plural = _("demandes de service")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "domain"],
                condition=Q(status__in=["submitted", "info_requested", "waiting", "assigned"]),
                name="request_one_open_per_student_and_domain",
            )
        ]
        indexes = [models.Index(fields=["status", "domain", "network"])]

    def __str__(self) -> str:
        return f"Demande nº {self.pk} — {self.domain}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def family_involved(self) -> bool:
        return self.mandate_origin == MandateOrigin.FAMILY or self.requested_by.role == "guardian"


class RequestEvent(models.Model):
    """One step of a request's history: who, when, from which status to which."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=15, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=15, choices=Status.choices)
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("étape d'une demande")
        verbose_name_plural = _("étapes des demandes")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_status} → {self.to_status}"


class ServiceEpisode(models.Model):
    """Opened by assignment; the professional record (records issue) will attach here."""

    request = models.OneToOneField(ServiceRequest, on_delete=models.PROTECT, related_name="episode")
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="episodes"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    first_service_at = models.DateTimeField(_("premier service"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("issue"), max_length=20, blank=True)
    closing_note = EncryptedTextField(_("note de fermeture"), blank=True)

    class Meta:
        verbose_name = _("épisode de service")
        verbose_name_plural = _("épisodes de service")

    def __str__(self) -> str:
        return f"Épisode {self.pk} — {self.professional}"
