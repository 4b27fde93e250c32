"""Students, their groups and guardians, and the relationships that give staff access to them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import School, SchoolYear
from lib.schoolyear import age_on


class EhdaaCode(models.TextChoices):
    C14 = "14", _("14 — Trouble grave du comportement")
    C23 = "23", _("23 — Déficience intellectuelle profonde")
    C24 = "24", _("24 — Déficience intellectuelle moyenne à sévère")
    C33 = "33", _("33 — Déficience motrice légère ou organique")
    C34 = "34", _("34 — Déficience langagière")
    C36 = "36", _("36 — Déficience motrice grave")
    C42 = "42", _("42 — Déficience visuelle")
    C44 = "44", _("44 — Déficience auditive")
    C50 = "50", _("50 — Trouble du spectre de l'autisme")
    C53 = "53", _("53 — Trouble relevant de la psychopathologie")
    C99 = "99", _("99 — Déficience atypique")


class GradeLevel(models.TextChoices):
    PRESCHOOL_4 = "M4", _("Maternelle 4 ans")
    PRESCHOOL_5 = "M5", _("Maternelle 5 ans")
    P1 = "P1", _("1re année")
    P2 = "P2", _("2e année")
    P3 = "P3", _("3e année")
    P4 = "P4", _("4e année")
    P5 = "P5", _("5e année")
    P6 = "P6", _("6e année")
    S1 = "S1", _("Secondaire 1")
    S2 = "S2", _("Secondaire 2")
    S3 = "S3", _("Secondaire 3")
    S4 = "S4", _("Secondaire 4")
    S5 = "S5", _("Secondaire 5")


class Group(models.Model):
    """A class group (groupe-repère) of a school for one school year."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="groups")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="groups")
    code = models.CharField(_("groupe"), max_length=20)
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="taught_groups", verbose_name=_("enseignants")
    )

    class Meta:
        verbose_name = _("groupe")
        verbose_name_plural = _("groupes")
        ordering = ["school", "code"]
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year", "code"], name="group_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.school})"


class Student(models.Model):
    code_permanent = models.CharField(_("code permanent"), max_length=20, unique=True)
    last_name = models.CharField(_("nom"), max_length=120)
    first_name = models.CharField(_("prénom"), max_length=120)
    birth_date = models.DateField(_("date de naissance"))
    sex = models.CharField(
        _("sexe"), max_length=1, choices=[("F", _("Féminin")), ("M", _("Masculin")), ("X", _("Non précisé"))]
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="students")
    grade_level = models.CharField(_("niveau"), max_length=3, choices=GradeLevel.choices)
    group = models.ForeignKey(
        Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="students"
    )
    ehdaa_code = models.CharField(_("code EHDAA"), max_length=2, choices=EhdaaCode.choices, blank=True)
    years_repeated = models.PositiveSmallIntegerField(_("années redoublées"), default=0)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="student_profile",
    )
    health_alert = EncryptedTextField(
        _("alerte santé"), blank=True, help_text=_("Allergies, conduite à tenir. Chiffré au repos.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    from students.queries import StudentQuerySet

    objects = StudentQuerySet.as_manager()

    class Meta:
        verbose_name = _("élève")
        verbose_name_plural = _("élèves")
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["school", "last_name", "first_name"]),
            models.Index(fields=["last_name", "first_name"]),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age(self, on: dt.date | None = None) -> int:
        return age_on(self.birth_date, on or timezone.localdate())


class Guardian(models.Model):
    last_name = models.CharField(_("nom"), max_length=120)
    first_name = models.CharField(_("prénom"), max_length=120)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    preferred_language = models.CharField(
        _("langue de communication"),
        max_length=5,
        choices=[("fr-ca", "Français"), ("en", "English")],
        default="fr-ca",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guardian_profile",
    )

    class Meta:
        verbose_name = _("parent ou tuteur")
        verbose_name_plural = _("parents ou tuteurs")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class GuardianLink(models.Model):
    class Relationship(models.TextChoices):
        MOTHER = "mother", _("Mère")
        FATHER = "father", _("Père")
        TUTOR = "tutor", _("Tuteur ou tutrice")
        OTHER = "other", _("Autre")

    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="links")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="guardian_links")
    relationship = models.CharField(_("lien"), max_length=10, choices=Relationship.choices)
    has_parental_authority = models.BooleanField(_("autorité parentale"), default=True)
    lives_with_student = models.BooleanField(_("réside avec l'élève"), default=True)

    class Meta:
        verbose_name = _("lien parent-élève")
        verbose_name_plural = _("liens parent-élève")
        constraints = [models.UniqueConstraint(fields=["guardian", "student"], name="guardianlink_unique")]

    def __str__(self) -> str:
        return f"{self.guardian} → {self.student}"


class CaseloadQuerySet(models.QuerySet["Caseload"]):
    def active(self) -> CaseloadQuerySet:
        return self.filter(ended_on__isnull=True)


class Caseload(models.Model):
    """A professional serves a student: the relationship that opens the student's file to them."""

    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="caseload"
    )
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="caseload_entries")
    started_on = models.DateField(_("début"), default=timezone.localdate)
    ended_on = models.DateField(_("fin"), null=True, blank=True)

    objects = CaseloadQuerySet.as_manager()

    class Meta:
        verbose_name = _("charge de cas")
        verbose_name_plural = _("charges de cas")
        constraints = [
            models.UniqueConstraint(
                fields=["professional", "student"],
                condition=Q(ended_on__isnull=True),
                name="caseload_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.professional} → {self.student}"


class BreakGlassAccess(models.Model):
    """An emergency opening of a file outside the caseload: reason written, logged apart, reviewed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="break_glass")
    reason = models.TextField(_("motif"))
    opened_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("note de révision"), blank=True)

    class Meta:
        verbose_name = _("accès d'urgence")
        verbose_name_plural = _("accès d'urgence")
        ordering = ["-opened_at"]

    def __str__(self) -> str:  # never the reason: it may describe the emergency
        return f"{self.user} → {self.student} ({self.opened_at:%Y-%m-%d %H:%M})"

    def is_active(self, now: dt.datetime | None = None) -> bool:
        return self.expires_at > (now or timezone.now())
