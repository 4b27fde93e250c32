"""Plans d'intervention (LIP art. 96.14): the plan, its four phases' content, the people, the reviews,
the signatures of the family and the monthly contacts with the parents (Régime pédagogique art. 29).

Every change goes through `plans.actions`. Free text is encrypted at rest (`EncryptedTextField`): the
plan describes a student's difficulties. `version` grows with every change of the content a family
signs (analysis, needs, objectives, means); a signature keeps the version and the digest it saw.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from lib import plans as logic


class Phase(models.TextChoices):
    COLLECT = logic.COLLECT, _("Collecte et analyse de l'information")
    PLANNING = logic.PLANNING, _("Planification des interventions")
    CARRYING_OUT = logic.CARRYING_OUT, _("Réalisation des interventions")
    REVIEW = logic.REVIEW, _("Révision du plan")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("En préparation")
    ACTIVE = "active", _("Actif")
    CLOSED = "closed", _("Fermé")


class InterventionPlan(models.Model):
    student = models.ForeignKey("students.Student", on_delete=models.PROTECT, related_name="plans")
    school_year = models.ForeignKey("core.SchoolYear", on_delete=models.PROTECT, related_name="+")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("ouvert le"), default=timezone.now)
    phase = models.CharField(_("phase"), max_length=15, choices=Phase.choices, default=Phase.COLLECT)
    status = models.CharField(
        _("statut"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    strengths = EncryptedTextField(_("forces de l'élève"), blank=True)
    difficulties = EncryptedTextField(_("difficultés"), blank=True)
    next_review_on = models.DateField(_("prochaine révision"), null=True, blank=True)
    contact_responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsable du contact mensuel avec les parents"),
        help_text=_("Vide : la direction qui a ouvert le plan."),
    )
    version = models.PositiveIntegerField(default=1)
    shared_at = models.DateTimeField(
        _("montré à la famille le"), null=True, blank=True, help_text=_("Signature demandée ou plan activé.")
    )
    activated_at = models.DateTimeField(_("activé le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("fermé le"), null=True, blank=True)
    closing_note = EncryptedTextField(_("motif de la fermeture"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("plan d'intervention")
        verbose_name_plural = _("plans d'intervention")
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["school_year", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "school_year"],
                condition=~Q(status="closed"),
                name="plan_one_open_per_student_and_year",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(activated_at__isnull=False) | Q(status="closed"),
                name="plan_active_has_activation_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False), name="plan_closed_has_date"
            ),
        ]

    def __str__(self) -> str:  # never the content
        return f"Plan d'intervention nº {self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.status == PlanStatus.CLOSED

    @property
    def phase_number(self) -> int:
        return logic.phase_index(self.phase) + 1


class PriorityNeed(models.Model):
    plan = models.ForeignKey(InterventionPlan, on_delete=models.CASCADE, related_name="needs")
    description = EncryptedTextField(_("besoin prioritaire"))
    position = models.PositiveSmallIntegerField(_("ordre"), default=1)

    class Meta:
        verbose_name = _("besoin prioritaire")
        verbose_name_plural = _("besoins prioritaires")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"Besoin nº {self.pk} du plan nº {self.plan_id}"


class ObjectiveStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("En cours")
    ACHIEVED = "achieved", _("Atteint")
    PARTLY = "partly", _("Partiellement atteint")
    NOT_ACHIEVED = "not_achieved", _("Non atteint")
    DROPPED = "dropped", _("Abandonné")


class Objective(models.Model):
    """A measurable objective: what, how it is measured (indicator), the target and the due date."""

    plan = models.ForeignKey(InterventionPlan, on_delete=models.CASCADE, related_name="objectives")
    need = models.ForeignKey(
        PriorityNeed, on_delete=models.SET_NULL, null=True, blank=True, related_name="objectives"
    )
    text = EncryptedTextField(_("objectif"))
    indicator = EncryptedTextField(_("indicateur"))
    target = EncryptedTextField(_("cible"))
    due_on = models.DateField(_("échéance"))
    status = models.CharField(
        _("état"), max_length=15, choices=ObjectiveStatus.choices, default=ObjectiveStatus.IN_PROGRESS
    )

    class Meta:
        verbose_name = _("objectif")
        verbose_name_plural = _("objectifs")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"Objectif nº {self.pk} du plan nº {self.plan_id}"


class Means(models.Model):
    """A means of an objective: what is done, who does it (a staff member or free text such as
    "parents"), how often."""

    plan = models.ForeignKey(InterventionPlan, on_delete=models.CASCADE, related_name="means")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="means")
    what = EncryptedTextField(_("moyen"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_means",
        verbose_name=_("membre du personnel responsable"),
    )
    responsible_text = models.CharField(_("autre responsable"), max_length=120, blank=True)
    frequency = models.CharField(_("fréquence"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("moyen")
        verbose_name_plural = _("moyens")
        ordering = ["objective_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(responsible__isnull=False) | ~Q(responsible_text=""), name="means_has_responsible"
            )
        ]

    def __str__(self) -> str:
        return f"Moyen nº {self.pk} du plan nº {self.plan_id}"


class ParticipantKind(models.TextChoices):
    STAFF = "staff", _("Membre du personnel")
    GUARDIAN = "guardian", _("Parent ou tuteur")
    STUDENT = "student", _("L'élève")


class Participant(models.Model):
    plan = models.ForeignKey(InterventionPlan, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("participant"), max_length=10, choices=ParticipantKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    guardian = models.ForeignKey(
        "students.Guardian", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role_in_plan = models.CharField(_("rôle dans le plan"), max_length=120)
    present_at_meetings = models.BooleanField(_("présent·e aux rencontres"), default=True)

    class Meta:
        verbose_name = _("participant·e")
        verbose_name_plural = _("participant·e·s")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="staff", user__isnull=False, guardian__isnull=True)
                | Q(kind="guardian", user__isnull=True, guardian__isnull=False)
                | Q(kind="student", user__isnull=True, guardian__isnull=True),
                name="participant_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["plan", "user"], condition=Q(user__isnull=False), name="participant_unique_staff"
            ),
            models.UniqueConstraint(
                fields=["plan", "guardian"],
                condition=Q(guardian__isnull=False),
                name="participant_unique_guardian",
            ),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(kind="student"), name="participant_unique_student"
            ),
        ]

    def __str__(self) -> str:
        return f"Participant·e nº {self.pk} du plan nº {self.plan_id}"


class Review(models.Model):
    plan = models.ForeignKey(InterventionPlan, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField(_("date de la révision"))
    notes = EncryptedTextField(_("constats"))
    decisions = EncryptedTextField(_("décisions"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("révision")
        verbose_name_plural = _("révisions")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Révision nº {self.pk} du plan nº {self.plan_id}"


class Channel(models.TextChoices):
    PORTAL = "portal", _("Portail")
    PAPER = "paper", _("Papier")


class SignerKind(models.TextChoices):
    GUARDIAN = "guardian", _("Parent ou tuteur")
    STUDENT = "student", _("L'élève (14 ans ou plus)")


class GuardianSignature(models.Model):
    """A guardian (or the student from 14) signed the plan as it was at `plan_version`."""

    plan = models.ForeignKey(InterventionPlan, on_delete=models.CASCADE, related_name="signatures")
    signer_kind = models.CharField(_("signataire"), max_length=10, choices=SignerKind.choices)
    guardian = models.ForeignKey(
        "students.Guardian", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signer_name = models.CharField(_("nom du ou de la signataire"), max_length=250)
    signed_at = models.DateTimeField(_("signé le"))
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Le compte qui a signé dans le portail, ou la direction qui a consigné le papier."),
    )
    plan_version = models.PositiveIntegerField(_("version du plan signée"))
    content_sha256 = models.CharField(_("empreinte SHA-256 du plan signé"), max_length=64)

    class Meta:
        verbose_name = _("signature du plan")
        verbose_name_plural = _("signatures du plan")
        ordering = ["-signed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(signer_kind="guardian", guardian__isnull=False)
                | Q(signer_kind="student", guardian__isnull=True),
                name="plan_signature_signer_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"Signature nº {self.pk} du plan nº {self.plan_id}"


class ContactMode(models.TextChoices):
    PHONE = "phone", _("Téléphone")
    EMAIL = "email", _("Courriel")
    MEETING = "meeting", _("Rencontre")
    VIDEO = "video", _("Visioconférence")
    AGENDA = "agenda", _("Agenda ou mot écrit")
    OTHER = "other", _("Autre")


class ParentContact(models.Model):
    """A contact with the parents of a student with a plan (Régime pédagogique art. 29: at least monthly)."""

    plan = models.ForeignKey(InterventionPlan, on_delete=models.CASCADE, related_name="contacts")
    contacted_on = models.DateField(_("date du contact"))
    mode = models.CharField(_("mode"), max_length=10, choices=ContactMode.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = EncryptedTextField(_("note brève"), blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("contact avec les parents")
        verbose_name_plural = _("contacts avec les parents")
        ordering = ["-contacted_on", "-pk"]
        indexes = [models.Index(fields=["plan", "contacted_on"])]

    def __str__(self) -> str:
        return f"Contact nº {self.pk} du plan nº {self.plan_id}"


class ContactReminder(models.Model):
    """One reminder e-mail per person and day (`rappels_plans` is idempotent per day)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    plan_count = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("rappel de contact envoyé")
        verbose_name_plural = _("rappels de contact envoyés")
        constraints = [models.UniqueConstraint(fields=["user", "sent_on"], name="plan_reminder_once_a_day")]

    def __str__(self) -> str:
        return f"Rappel du {self.sent_on} à {self.user_id}"
