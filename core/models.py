"""The service centre's reference model: centre, networks, schools, school years, people and roles."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MANAGER = "manager", _("Gestionnaire des services complémentaires")
    COORDINATOR = "coordinator", _("Coordination du guichet unique")
    PROFESSIONAL = "professional", _("Professionnel·le")
    PRINCIPAL = "principal", _("Direction d'école")
    TEACHER = "teacher", _("Enseignant·e")
    GUARDIAN = "guardian", _("Parent ou tuteur")
    STUDENT = "student", _("Élève")
    PRIVACY_OFFICER = "privacy_officer", _("Responsable de la protection des renseignements personnels")


STAFF_ROLES = frozenset(
    {Role.MANAGER, Role.COORDINATOR, Role.PROFESSIONAL, Role.PRINCIPAL, Role.TEACHER, Role.PRIVACY_OFFICER}
)


class Profession(models.TextChoices):
    PSYCHOLOGIST = "psychologist", _("Psychologue")
    SPEECH_THERAPIST = "speech_therapist", _("Orthophoniste")
    PSYCHOEDUCATOR = "psychoeducator", _("Psychoéducateur·trice")
    GUIDANCE_COUNSELLOR = "guidance_counsellor", _("Conseiller·ère d'orientation")
    REMEDIAL_TEACHER = "remedial_teacher", _("Orthopédagogue")
    SPECIAL_EDUCATION = "special_education", _("Technicien·ne en éducation spécialisée")
    SOCIAL_WORKER = "social_worker", _("Travailleur·euse social·e")
    NURSE = "nurse", _("Infirmier·ère")


class ServiceCentre(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    code = models.CharField(_("code"), max_length=20, unique=True)
    region = models.CharField(_("région administrative"), max_length=100)

    class Meta:
        verbose_name = _("centre de services scolaire")
        verbose_name_plural = _("centres de services scolaires")

    def __str__(self) -> str:
        return self.name


class Network(models.Model):
    """A network of schools served by the same team of professionals."""

    centre = models.ForeignKey(ServiceCentre, on_delete=models.PROTECT, related_name="networks")
    name = models.CharField(_("nom"), max_length=200)

    class Meta:
        verbose_name = _("réseau d'écoles")
        verbose_name_plural = _("réseaux d'écoles")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["centre", "name"], name="network_unique_name")]

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    class Level(models.TextChoices):
        PRIMARY = "primary", _("Primaire")
        SECONDARY = "secondary", _("Secondaire")

    centre = models.ForeignKey(ServiceCentre, on_delete=models.PROTECT, related_name="schools")
    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="schools", null=True, blank=True
    )
    ministry_code = models.CharField(_("code d'organisme (MEQ)"), max_length=12, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    city = models.CharField(_("municipalité"), max_length=120, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=7, blank=True)
    region = models.CharField(_("région administrative"), max_length=100, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    level = models.CharField(_("ordre d'enseignement"), max_length=10, choices=Level.choices)
    imse_decile = models.PositiveSmallIntegerField(
        _("rang décile IMSE"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    sfr_decile = models.PositiveSmallIntegerField(
        _("rang décile SFR"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )

    class Meta:
        verbose_name = _("école")
        verbose_name_plural = _("écoles")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(imse_decile__isnull=True) | Q(imse_decile__gte=1, imse_decile__lte=10),
                name="school_imse_decile_range",
            ),
            models.CheckConstraint(
                condition=Q(sfr_decile__isnull=True) | Q(sfr_decile__gte=1, sfr_decile__lte=10),
                name="school_sfr_decile_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SchoolYear(models.Model):
    centre = models.ForeignKey(ServiceCentre, on_delete=models.PROTECT, related_name="school_years")
    label = models.CharField(_("année scolaire"), max_length=9, help_text=_("Par exemple 2026-2027"))
    start = models.DateField(_("début"))
    end = models.DateField(_("fin"))
    is_current = models.BooleanField(_("année en cours"), default=False)

    class Meta:
        verbose_name = _("année scolaire")
        verbose_name_plural = _("années scolaires")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "label"], name="schoolyear_unique_label"),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="schoolyear_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.label

    def period_on(self, day: dt.date) -> ReportPeriod | None:
        return self.periods.filter(start__lte=day, end__gte=day).first()


class ReportPeriod(models.Model):
    """An étape of a school year; dates and weights change from year to year."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="periods")
    number = models.PositiveSmallIntegerField(_("étape"))
    start = models.DateField(_("début"))
    end = models.DateField(_("fin"))
    weight = models.PositiveSmallIntegerField(
        _("pondération (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("étape")
        verbose_name_plural = _("étapes")
        ordering = ["school_year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "number"], name="period_unique_number"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="period_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.school_year} — étape {self.number}"


class ServiceDomain(models.Model):
    """A complementary service of the Régime pédagogique (art. 5), with the professions that provide it."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=120)
    professions = models.JSONField(_("professions"), default=list)

    class Meta:
        verbose_name = _("service éducatif complémentaire")
        verbose_name_plural = _("services éducatifs complémentaires")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, blank=True)
    profession = models.CharField(_("profession"), max_length=30, choices=Profession.choices, blank=True)
    centre = models.ForeignKey(
        ServiceCentre, on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    schools = models.ManyToManyField(School, blank=True, related_name="staff", verbose_name=_("écoles"))
    networks = models.ManyToManyField(Network, blank=True, related_name="staff", verbose_name=_("réseaux"))
    preferred_language = models.CharField(
        _("langue préférée"),
        max_length=5,
        choices=[("fr-ca", "Français"), ("en", "English")],
        default="fr-ca",
    )

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        constraints = [
            models.CheckConstraint(
                condition=Q(profession="") | Q(role="professional"),
                name="user_profession_only_for_professionals",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_staff_member(self) -> bool:
        """Staff of the centre (not a family account): two-factor is mandatory for them."""
        return self.role in STAFF_ROLES or self.is_superuser

    def served_school_ids(self) -> set[int]:
        """Schools a staff member serves directly or through a network (once per request:
        core.request_memo)."""
        from core.request_memo import remember

        return set(remember(("served_school_ids", self.pk), self._served_school_ids))

    def _served_school_ids(self) -> frozenset[int]:
        if self.pk is None:
            return frozenset()
        direct = User.schools.through.objects.filter(user_id=self.pk).values("school_id")
        networks = User.networks.through.objects.filter(user_id=self.pk).values("network_id")
        return frozenset(
            School.objects.filter(Q(pk__in=direct) | Q(network_id__in=networks))
            .order_by()
            .values_list("pk", flat=True)
        )
