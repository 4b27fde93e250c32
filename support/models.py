"""Models of the support app: tiers (paliers), interventions and progress monitoring (domain notes §7).

- A `TierDecision` places a student in tier 1 (universal), 2 (targeted) or 3 (intensive). It is a
  person's decision with a reason (Law 25, art. 65.2: a score never acts alone). Decisions are never
  edited: a new one supersedes the previous (`previous`, one successor at most), so the history stays.
- An `Intervention` (type from a configurable list, a measurable goal with a unit, a baseline and a
  target, a responsible person, a frequency, a start and a planned length) is monitored by
  `ProgressPoint`s against its goal line; after the review period a person records an
  `InterventionDecision` (continue, intensify, change, stop).

Every change goes through `support.actions`. Free text that may describe a student's difficulties
(reasons, notes) is encrypted at rest.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from lib import progress as logic


class Tier(models.IntegerChoices):
    UNIVERSAL = 1, _("Palier 1 — universel")
    TARGETED = 2, _("Palier 2 — ciblé")
    INTENSIVE = 3, _("Palier 3 — intensif")


class TierSource(models.TextChoices):
    """What brought the team to decide (a hook for the early-warning list and the plan)."""

    EARLY_WARNING = "early_warning", _("Liste de repérage")
    PLAN = "plan", _("Plan d'intervention")
    TEAM = "team", _("Équipe-école")
    INTERVENTION = "intervention", _("Bilan d'une intervention")


class TierDecision(models.Model):
    student = models.ForeignKey("students.Student", on_delete=models.CASCADE, related_name="tier_decisions")
    tier = models.PositiveSmallIntegerField(_("palier"), choices=Tier.choices)
    reason = EncryptedTextField(_("motif de la décision"))
    source = models.CharField(
        _("à l'origine de la décision"), max_length=20, choices=TierSource.choices, blank=True
    )
    source_reference = models.CharField(
        _("référence"),
        max_length=200,
        blank=True,
        help_text=_(
            "Par exemple : la semaine de la liste de repérage, le nº du plan, la rencontre d'équipe."
        ),
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("décidé le"), default=timezone.now)
    # CASCADE only so that destroying a student's file (retention, A-2.1 art. 73) removes the whole
    # chain; the application never deletes a decision.
    previous = models.OneToOneField(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("décision remplacée"),
    )

    class Meta:
        verbose_name = _("décision de palier")
        verbose_name_plural = _("décisions de palier")
        ordering = ["-decided_at", "-pk"]
        indexes = [models.Index(fields=["student", "-decided_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(tier__in=[1, 2, 3]), name="support_tier_is_1_2_or_3"),
            models.UniqueConstraint(
                fields=["student"], condition=Q(previous__isnull=True), name="support_one_first_tier_decision"
            ),
        ]

    def __str__(self) -> str:  # never the reason
        return f"Décision de palier nº {self.pk}"


class InterventionType(models.Model):
    """The configurable list of intervention types (Django admin); defaults seeded by a migration."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    default_unit = models.CharField(_("unité suggérée"), max_length=80, blank=True)
    is_active = models.BooleanField(_("offert"), default=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=100)

    class Meta:
        verbose_name = _("type d'intervention")
        verbose_name_plural = _("types d'intervention")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        """The translated name of a default type; the name as entered for a type added locally."""
        from support.catalogue import label_for

        return label_for(self.code, self.name)


class InterventionStatus(models.TextChoices):
    ACTIVE = "active", _("En cours")
    ENDED = "ended", _("Terminée")


class Outcome(models.TextChoices):
    GOAL_MET = "goal_met", _("Objectif atteint")
    PROGRESS = "progress", _("Progrès, objectif non atteint")
    NO_PROGRESS = "no_progress", _("Pas de progrès")
    INTERRUPTED = "interrupted", _("Interrompue (départ, absence, autre raison)")


class Intervention(models.Model):
    student = models.ForeignKey("students.Student", on_delete=models.CASCADE, related_name="interventions")
    kind = models.ForeignKey(
        InterventionType, on_delete=models.PROTECT, related_name="interventions", verbose_name=_("type")
    )
    goal = EncryptedTextField(_("objectif mesurable"))
    unit = models.CharField(_("unité de mesure"), max_length=80)
    baseline = models.DecimalField(_("niveau de départ"), max_digits=9, decimal_places=2)
    target = models.DecimalField(_("cible"), max_digits=9, decimal_places=2)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="support_interventions",
        verbose_name=_("responsable"),
    )
    frequency = models.CharField(_("fréquence"), max_length=120)
    start_on = models.DateField(_("début"))
    planned_weeks = models.PositiveSmallIntegerField(
        _("durée prévue (semaines)"), default=logic.DEFAULT_WEEKS
    )
    review_from = models.DateField(
        _("début de la période de bilan"),
        help_text=_("Le début, puis la date de la dernière décision de poursuivre ou d'intensifier."),
    )
    plan = models.ForeignKey(
        "plans.InterventionPlan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_interventions",
        verbose_name=_("plan d'intervention lié"),
    )
    staff_notes = EncryptedTextField(_("notes pour l'équipe"), blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=InterventionStatus.choices, default=InterventionStatus.ACTIVE
    )
    ended_on = models.DateField(_("terminée le"), null=True, blank=True)
    outcome = models.CharField(_("résultat"), max_length=15, choices=Outcome.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["-start_on", "-pk"]
        indexes = [
            models.Index(fields=["student", "status"]),
            models.Index(fields=["responsible", "status"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(planned_weeks__gte=1), name="support_planned_weeks_positive"),
            models.CheckConstraint(
                condition=Q(status="active", ended_on__isnull=True, outcome="")
                | (Q(status="ended", ended_on__isnull=False) & ~Q(outcome="")),
                name="support_ended_has_date_and_outcome",
            ),
            models.CheckConstraint(condition=~Q(baseline=models.F("target")), name="support_goal_moves"),
        ]

    def __str__(self) -> str:  # never the goal
        return f"Intervention nº {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status == InterventionStatus.ACTIVE

    @property
    def planned_end(self) -> dt.date:
        return logic.planned_end(self.start_on, self.planned_weeks)


class ProgressPoint(models.Model):
    """A measure of the goal on a day. Never edited; the note is for the school team only."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="points")
    measured_on = models.DateField(_("date de la mesure"))
    value = models.DecimalField(_("valeur"), max_digits=9, decimal_places=2)
    note = EncryptedTextField(_("note pour l'équipe"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("point de suivi")
        verbose_name_plural = _("points de suivi")
        ordering = ["measured_on", "pk"]
        indexes = [models.Index(fields=["intervention", "measured_on"])]

    def __str__(self) -> str:
        return f"Point nº {self.pk} de l'intervention nº {self.intervention_id}"


class DecisionKind(models.TextChoices):
    CONTINUE = "continue", _("Poursuivre")
    INTENSIFY = "intensify", _("Intensifier")
    CHANGE = "change", _("Changer d'intervention")
    STOP = "stop", _("Arrêter")


ENDING_DECISIONS = frozenset({DecisionKind.CHANGE, DecisionKind.STOP})


class InterventionDecision(models.Model):
    """What a person decided at the end of a review period, and why; with what the data showed then."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("décision"), max_length=10, choices=DecisionKind.choices)
    reason = EncryptedTextField(_("motif"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(_("date de la décision"))
    decided_at = models.DateTimeField(default=timezone.now)
    point_count = models.PositiveSmallIntegerField(_("points de la période"))
    slope_per_week = models.FloatField(_("tendance (par semaine)"), null=True, blank=True)

    class Meta:
        verbose_name = _("décision de suivi")
        verbose_name_plural = _("décisions de suivi")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"Décision nº {self.pk} de l'intervention nº {self.intervention_id}"
