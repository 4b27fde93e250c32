"""Appointments and telepractice: availability, the school calendar, rooms, appointments and their
series, bookable slots, reminders sent, calendar feeds.

An appointment belongs to a service episode (intake) and so to one student's service; it may gather
other students (a group session), other professionals, guardians or a teacher. State changes go through
`scheduling.actions`; times are stored in UTC and shown in America/Montreal.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("lundi")
    TUESDAY = 1, _("mardi")
    WEDNESDAY = 2, _("mercredi")
    THURSDAY = 3, _("jeudi")
    FRIDAY = 4, _("vendredi")


class Modality(models.TextChoices):
    SCHOOL = "school", _("À l'école")
    TELEPRACTICE = "telepractice", _("Télépratique")
    PHONE = "phone", _("Téléphone")


class Status(models.TextChoices):
    PLANNED = "planned", _("Prévu")
    HELD = "held", _("Tenu")
    ABSENT = "absent", _("Élève absent")
    CANCELLED_LATE = "cancelled_late", _("Annulé tardivement")
    CANCELLED = "cancelled", _("Annulé")


ACTIVE_STATUSES = (Status.PLANNED, Status.HELD, Status.ABSENT)
CANCELLED_STATUSES = (Status.CANCELLED, Status.CANCELLED_LATE)


class MeetingKind(models.TextChoices):
    SESSION = "session", _("Séance de suivi")
    EVALUATION = "evaluation", _("Évaluation")
    PARENT_MEETING = "parent_meeting", _("Rencontre de parents")
    FOLLOW_UP = "follow_up", _("Rencontre de suivi avec l'équipe-école")


class ClosureKind(models.TextChoices):
    PEDAGOGICAL = "pedagogical", _("Journée pédagogique")
    HOLIDAY = "holiday", _("Congé")


class AvailabilityPattern(models.Model):
    """Where a professional works on a weekday of a school year (school or remote), and when."""

    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availability_patterns"
    )
    school_year = models.ForeignKey("core.SchoolYear", on_delete=models.CASCADE, related_name="+")
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday.choices)
    school = models.ForeignKey(
        "core.School",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("école (vide : à distance)"),
    )
    starts = models.TimeField(_("début"))
    ends = models.TimeField(_("fin"))

    class Meta:
        verbose_name = _("disponibilité hebdomadaire")
        verbose_name_plural = _("disponibilités hebdomadaires")
        ordering = ["professional", "weekday", "starts"]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gt=models.F("starts")), name="pattern_ends_after_starts")
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"

    @property
    def is_remote(self) -> bool:
        return self.school_id is None


class AvailabilityException(models.Model):
    """A day a professional is not available (training, leave), or works elsewhere."""

    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availability_exceptions"
    )
    day = models.DateField(_("date"))
    reason = models.CharField(_("motif"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("exception de disponibilité")
        verbose_name_plural = _("exceptions de disponibilité")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["professional", "day"], name="availability_exception_unique")
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}"


class SchoolClosure(models.Model):
    """A pedagogical day or a holiday of the school calendar (a school, or every school of the centre)."""

    school_year = models.ForeignKey("core.SchoolYear", on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(
        "core.School", on_delete=models.CASCADE, null=True, blank=True, related_name="closures"
    )
    day = models.DateField(_("date"))
    kind = models.CharField(_("type"), max_length=12, choices=ClosureKind.choices)
    label = models.CharField(_("libellé"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("journée du calendrier scolaire")
        verbose_name_plural = _("journées du calendrier scolaire")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.get_kind_display()}"


class Room(models.Model):
    school = models.ForeignKey("core.School", on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("local"), max_length=80)

    class Meta:
        verbose_name = _("local")
        verbose_name_plural = _("locaux")
        ordering = ["school", "name"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="room_unique_name")]

    def __str__(self) -> str:
        return f"{self.school} — {self.name}"


class Series(models.Model):
    """A weekly series of sessions: its rule and exception days; each session is an Appointment."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    first_day = models.DateField(_("première séance"))
    interval_weeks = models.PositiveSmallIntegerField(_("toutes les (semaines)"), default=1)
    count = models.PositiveSmallIntegerField(_("nombre de séances"), null=True, blank=True)
    until = models.DateField(_("jusqu'au"), null=True, blank=True)
    exceptions = models.JSONField(_("dates sautées"), default=list, blank=True)

    class Meta:
        verbose_name = _("série de rendez-vous")
        verbose_name_plural = _("séries de rendez-vous")

    def __str__(self) -> str:
        return f"Série {self.pk}"


def new_room_name() -> str:
    """An unguessable video room name (128 bits of randomness)."""
    return "e360-" + secrets.token_urlsafe(16).replace("_", "x").replace("-", "y").lower()


class Appointment(models.Model):
    episode = models.ForeignKey(
        "intake.ServiceEpisode",
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("épisode"),
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("type de rencontre"), max_length=20, choices=MeetingKind.choices)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    modality = models.CharField(_("modalité"), max_length=15, choices=Modality.choices)
    school = models.ForeignKey(
        "core.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("école"),
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("local"),
    )
    status = models.CharField(_("statut"), max_length=15, choices=Status.choices, default=Status.PLANNED)
    students = models.ManyToManyField(
        "students.Student", related_name="appointments", verbose_name=_("élèves")
    )
    professionals = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="appointments", verbose_name=_("professionnels")
    )
    guardians = models.ManyToManyField(
        "students.Guardian", blank=True, related_name="appointments", verbose_name=_("parents ou tuteurs")
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments_invited",
        verbose_name=_("enseignant·e invité·e"),
    )
    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions"
    )
    slot = models.ForeignKey(
        "BookableSlot", on_delete=models.PROTECT, null=True, blank=True, related_name="appointments"
    )
    video_room = models.CharField(max_length=64, blank=True, default="")
    student_location = EncryptedTextField(_("lieu où se trouve l'élève"), blank=True)
    adult_on_site = models.BooleanField(_("un adulte est sur place avec l'élève"), default=False)
    no_recording = models.BooleanField(_("aucun enregistrement"), default=False)
    readiness_confirmed_at = models.DateTimeField(null=True, blank=True)
    note_entry = models.ForeignKey(
        "records.Entry", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("réservé par")
    )
    created_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rendez-vous")
        verbose_name_plural = _("rendez-vous")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="appointment_ends_after"
            ),
            # A slot is taken by one appointment at most (the booking race: exactly one wins).
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(slot__isnull=False) & ~Q(status__in=["cancelled", "cancelled_late"]),
                name="appointment_one_per_slot",
            ),
        ]
        indexes = [models.Index(fields=["starts_at", "status"])]

    def __str__(self) -> str:  # never a name
        return f"Rendez-vous {self.pk} — {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def is_telepractice(self) -> bool:
        return self.modality == Modality.TELEPRACTICE

    @property
    def is_cancelled(self) -> bool:
        return self.status in CANCELLED_STATUSES

    @property
    def minutes(self) -> int:
        # In UTC: two datetimes of the same zone subtract as wall time (wrong across a DST change).
        return int(
            (self.ends_at.astimezone(dt.UTC) - self.starts_at.astimezone(dt.UTC)).total_seconds() // 60
        )


class BookableSlot(models.Model):
    """A time a professional offers to the families of the students they serve."""

    professional = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="slots")
    kind = models.CharField(_("type de rencontre"), max_length=20, choices=MeetingKind.choices)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    modality = models.CharField(_("modalité"), max_length=15, choices=Modality.choices)
    school = models.ForeignKey(
        "core.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("école"),
    )
    room = models.ForeignKey(Room, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    published = models.BooleanField(_("publiée"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("plage réservable")
        verbose_name_plural = _("plages réservables")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after")
        ]

    def __str__(self) -> str:
        return f"Plage {self.pk} — {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def minutes(self) -> int:
        # In UTC: two datetimes of the same zone subtract as wall time (wrong across a DST change).
        return int(
            (self.ends_at.astimezone(dt.UTC) - self.starts_at.astimezone(dt.UTC)).total_seconds() // 60
        )


class Notice(models.TextChoices):
    CONFIRMATION = "confirmation", _("Confirmation")
    CHANGE = "change", _("Changement")
    CANCELLATION = "cancellation", _("Annulation")
    REMINDER = "reminder", _("Rappel")


class SentNotice(models.Model):
    """An e-mail sent about an appointment. A reminder is sent once per appointment, recipient and
    sequence: the unique constraint is what makes the worker send it once and only once."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=15, choices=Notice.choices)
    recipient = models.EmailField()
    sequence = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("avis envoyé")
        verbose_name_plural = _("avis envoyés")
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "recipient", "sequence"],
                condition=Q(kind="reminder"),
                name="reminder_once_per_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.appointment_id}"


def new_feed_secret() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A professional's personal iCalendar URL; its secret is replaced (the old URL dies) on revocation."""

    professional = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    secret = models.CharField(max_length=64, unique=True, default=new_feed_secret)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("agenda personnel (iCalendar)")
        verbose_name_plural = _("agendas personnels (iCalendar)")

    def __str__(self) -> str:
        return f"Agenda {self.professional_id}"
