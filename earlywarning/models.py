"""Models of early warning (repérage): the imported facts, the student-week facts, the criteria sets and
the weekly scores.

Attendance is the large table (period-level rows, ~100 million a year in the largest centre): compact
rows (student id, date, two small integers), no foreign-key constraint and, on PostgreSQL, partitioned
by school year with a BRIN index on the date (ADR 0013). Everything the scores read comes from the
student-week facts (`StudentWeek`) that the imports keep up to date, never from re-reading attendance.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from students.models import Student


class AttendanceStatus(models.IntegerChoices):
    PRESENT = 0, _("Présent")
    EXCUSED = 1, _("Absent motivé")
    UNEXCUSED = 2, _("Absent non motivé")
    LATE = 3, _("Retard")


class Attendance(models.Model):
    """One period of one school day of one student (`presences` import). Rows are never edited: an
    import replaces, for each student, the days its file contains."""

    pk = models.CompositePrimaryKey("student_id", "date", "period")
    student = models.ForeignKey(Student, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    date = models.DateField(_("date"))
    period = models.SmallIntegerField(_("période"))
    status = models.SmallIntegerField(_("statut"), choices=AttendanceStatus.choices)

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        db_table = "earlywarning_attendance"

    def __str__(self) -> str:  # ids only: never a name
        return f"{self.student_id} {self.date} p{self.period}"


class AbsenceSummary(models.Model):
    """Days absent over a past year or one of its étapes (`absences` import); étape 0: the whole year."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="absence_summaries")
    school_year = models.CharField(_("année scolaire"), max_length=9)
    etape = models.PositiveSmallIntegerField(_("étape"), default=0)
    days_absent = models.DecimalField(_("jours d'absence"), max_digits=5, decimal_places=1)
    school_days = models.DecimalField(_("jours d'école"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("sommaire d'absences")
        verbose_name_plural = _("sommaires d'absences")
        constraints = [
            models.UniqueConstraint(fields=["student", "school_year", "etape"], name="ew_absence_unique"),
            models.CheckConstraint(
                condition=Q(days_absent__lte=models.F("school_days")), name="ew_absence_le"
            ),
        ]

    def __str__(self) -> str:  # ids only: never a name
        return f"{self.student_id} {self.school_year} é{self.etape}"


class Grade(models.Model):
    """A result in percent for one subject at one étape (`resultats` import)."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="grades")
    school_year = models.CharField(_("année scolaire"), max_length=9)
    etape = models.PositiveSmallIntegerField(_("étape"))
    subject = models.CharField(_("matière"), max_length=40)
    grade = models.DecimalField(_("résultat (%)"), max_digits=4, decimal_places=1)

    class Meta:
        verbose_name = _("résultat")
        verbose_name_plural = _("résultats")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "school_year", "etape", "subject"], name="ew_grade_unique"
            )
        ]
        indexes = [models.Index(fields=["school_year", "student"])]

    def __str__(self) -> str:  # ids only: never a name
        return f"{self.student_id} {self.school_year} é{self.etape} {self.subject}"


class Severity(models.IntegerChoices):
    MINOR = 1, _("Mineure")
    MODERATE = 2, _("Modérée")
    MAJOR = 3, _("Majeure")


class BehaviourEvent(models.Model):
    """An incident or breach of the code of life, with its suspension days (`evenements` import)."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="behaviour_events")
    date = models.DateField(_("date"))
    kind = models.CharField(_("type"), max_length=80)
    severity = models.PositiveSmallIntegerField(_("gravité"), choices=Severity.choices)
    suspension_days = models.DecimalField(_("jours de suspension"), max_digits=4, decimal_places=1, default=0)

    class Meta:
        verbose_name = _("manquement ou incident")
        verbose_name_plural = _("manquements et incidents")
        constraints = [models.UniqueConstraint(fields=["student", "date", "kind"], name="ew_event_unique")]
        indexes = [models.Index(fields=["date", "student"])]

    def __str__(self) -> str:  # ids only: never a name
        return f"{self.student_id} {self.date} {self.kind}"


class OutcomeKind(models.TextChoices):
    SUCCESS = "reussite", _("Réussite")
    FAILURE = "echec", _("Échec")
    DROPOUT = "decrochage", _("Décrochage")


class PastOutcome(models.Model):
    """How a past school year ended for a student (`issues` import): what the backtest learns from."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="past_outcomes")
    school_year = models.CharField(_("année scolaire"), max_length=9)
    outcome = models.CharField(_("issue"), max_length=12, choices=OutcomeKind.choices)

    class Meta:
        verbose_name = _("issue d'une année")
        verbose_name_plural = _("issues des années")
        constraints = [models.UniqueConstraint(fields=["student", "school_year"], name="ew_outcome_unique")]

    def __str__(self) -> str:  # ids only: never a name
        return f"{self.student_id} {self.school_year}"


class StudentWeek(models.Model):
    """The attendance facts of one student for one week (Monday), kept up to date by the imports: the
    periods counted and, among them, absences (excused or not) and late arrivals. The school and group
    are those of the student when the week was imported (weekly portraits)."""

    # Derived rows written in bulk every week: Django cascades the deletion, the database checks
    # nothing per row (ADR 0013).
    student = models.ForeignKey(Student, on_delete=models.CASCADE, db_constraint=False, related_name="weeks")
    week = models.DateField(_("semaine (lundi)"))
    school_id = models.IntegerField(_("école"))
    group_id = models.IntegerField(_("groupe"), null=True)
    periods = models.PositiveSmallIntegerField(_("périodes"))
    absent = models.PositiveSmallIntegerField(_("périodes d'absence"))
    unexcused = models.PositiveSmallIntegerField(_("absences non motivées"))
    late = models.PositiveSmallIntegerField(_("retards"))

    class Meta:
        verbose_name = _("semaine d'un élève")
        verbose_name_plural = _("semaines des élèves")
        constraints = [models.UniqueConstraint(fields=["student", "week"], name="ew_week_unique")]
        indexes = [models.Index(fields=["week", "school_id"])]

    def __str__(self) -> str:  # ids only: never a name
        return f"{self.student_id} {self.week}"

    @property
    def rate(self) -> float | None:
        return round(100 * (self.periods - self.absent) / self.periods, 1) if self.periods else None


class CriteriaSet(models.Model):
    """One version of a named criteria set: the criteria are data (`lib.risk.Criterion` as dicts). A
    version is never edited: a change is a new version (`earlywarning.criteria.create_criteria_set`)."""

    name = models.CharField(_("nom"), max_length=80)
    version = models.PositiveIntegerField(_("version"))
    criteria = models.JSONField(_("critères"))
    notes = models.TextField(_("notes"), blank=True)
    is_default = models.BooleanField(_("ensemble par défaut"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ensemble de critères")
        verbose_name_plural = _("ensembles de critères")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="ew_criteriaset_version"),
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="ew_one_default"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def as_criteria(self) -> tuple[Any, ...]:
        from lib.risk import Criterion

        return tuple(Criterion.from_dict(item) for item in self.criteria)


class RiskScore(models.Model):
    """The coefficient of one student for one week with one criteria set, and why: the criteria that
    fired with the values they read, the criteria whose fact was unknown, and every fact read."""

    # Written in bulk every week for the whole centre: no per-row constraint check in the database;
    # Django cascades a student's deletion and protects a criteria set in use (ADR 0013).
    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, db_constraint=False, related_name="risk_scores"
    )
    week = models.DateField(_("semaine (lundi)"))
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.PROTECT, db_constraint=False, related_name="scores"
    )
    school_id = models.IntegerField(_("école"))
    group_id = models.IntegerField(_("groupe"), null=True)
    coefficient = models.FloatField(_("coefficient"))
    fired = models.JSONField(_("critères atteints"), default=list)
    missing = models.JSONField(_("critères sans donnée"), default=list)
    facts = models.JSONField(_("faits"), default=dict)
    computed_at = models.DateTimeField(default=timezone.now)

    from earlywarning.queries import RiskScoreQuerySet

    objects = RiskScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("coefficient de risque")
        verbose_name_plural = _("coefficients de risque")
        constraints = [
            models.UniqueConstraint(fields=["student", "week", "criteria_set"], name="ew_score_unique")
        ]
        indexes = [models.Index(fields=["week", "criteria_set", "school_id", "coefficient"])]

    def __str__(self) -> str:  # ids only: never a name
        return f"{self.student_id} {self.week} ({self.criteria_set_id})"


class GradeFacts(models.Model):
    """The grade facts of one student for one school year, refreshed by the `resultats` import: French
    and mathematics at their latest étape, and the change of the average since the étape before."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="grade_facts")
    school_year = models.CharField(_("année scolaire"), max_length=9)
    latest_etape = models.PositiveSmallIntegerField(_("dernière étape"))
    french_grade = models.FloatField(_("français"), null=True)
    math_grade = models.FloatField(_("mathématique"), null=True)
    grade_trend = models.FloatField(_("variation de la moyenne"), null=True)

    class Meta:
        verbose_name = _("faits des résultats")
        verbose_name_plural = _("faits des résultats")
        constraints = [
            models.UniqueConstraint(fields=["student", "school_year"], name="ew_gradefacts_unique")
        ]

    def __str__(self) -> str:  # ids only: never a name
        return f"{self.student_id} {self.school_year}"
