"""The appointments of the demo centre (see demo/histories.py for the contract).

For the demo professionals (`psychologue`, `orthophoniste`) and up to ten colleagues: a weekly pattern
(Monday and Tuesday at the school where most of their students are, Wednesday and Thursday at the next
ones, Friday remote), the school calendar (the holiday break, pedagogical days), and for each open
service episode (up to 14 per professional) a weekly session: four weeks of past sessions with fixed
shares (80 % held, 10 % student absent, 5 % cancelled late, 5 % cancelled) and three weeks ahead,
planned. A session is at the student's school on the day the professional is there; else in
telepractice when the student has a valid telepractice consent, else by phone. The demo professionals
publish afternoon slots for the next two weeks, and the demo parent has booked one for their younger
child (telepractice when the consent allows it).

It writes what the named actions would have stored (no e-mail, no audit row), in bulk.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from consents.queries import missing_for
from core.models import Role, School, SchoolYear, ServiceCentre, User
from intake.models import ServiceEpisode
from lib.consent import TELEPRACTICE
from lib.scheduling.timeline import aware, week_start
from scheduling import jitsi
from scheduling.models import (
    Appointment,
    AvailabilityPattern,
    BookableSlot,
    CalendarFeed,
    ClosureKind,
    Modality,
    Room,
    SchoolClosure,
    Series,
    Status,
)

DEMO_PROFESSIONALS = ("psychologue", "orthophoniste")
OTHER_PROFESSIONALS = 10
EPISODES_PER_PROFESSIONAL = 14
PAST_WEEKS, FUTURE_WEEKS = 4, 3
SESSION_MINUTES = 45
FIRST_SESSION = dt.time(8, 30)
STEP = dt.timedelta(minutes=55)
PAST_STATUSES = (Status.HELD,) * 16 + (Status.ABSENT,) * 2 + (Status.CANCELLED_LATE, Status.CANCELLED)
DAYS_AT_SCHOOLS = ((0, 1), (2,), (3,))  # the first school Monday and Tuesday, then one day each
REMOTE_DAY = 4


def _closures(year: SchoolYear) -> list[SchoolClosure]:
    """The holiday break and five pedagogical days of the year (every school of the centre)."""
    first = year.start.year
    rows = [
        SchoolClosure(
            school_year=year,
            day=dt.date(first, 12, 22) + dt.timedelta(days=i),
            kind=ClosureKind.HOLIDAY,
            label="Congé des Fêtes",
        )
        for i in range(15)
    ]
    for day, label in (
        (dt.date(first, 10, 9), "Journée pédagogique"),
        (dt.date(first, 11, 13), "Journée pédagogique"),
        (dt.date(first + 1, 1, 26), "Journée pédagogique"),
        (dt.date(first + 1, 3, 5), "Relâche"),
        (dt.date(first + 1, 4, 17), "Journée pédagogique"),
    ):
        rows.append(SchoolClosure(school_year=year, day=day, kind=ClosureKind.PEDAGOGICAL, label=label))
    return rows


class Builder:
    def __init__(self, centre: ServiceCentre, year: SchoolYear, today: dt.date) -> None:
        self.centre, self.year, self.today = centre, year, today
        self.appointments: list[Appointment] = []
        self.people: list[tuple[int, list[int], list[int]]] = []  # (index, student ids, professional ids)
        self.patterns: list[AvailabilityPattern] = []
        self.slots: list[BookableSlot] = []
        self.closed: set[dt.date] = set()
        self.busy: Counter[tuple[int, dt.date]] = Counter()
        self.rooms: dict[tuple[int, int], Room] = {}
        self.past_count = 0  # fixed shares of the past statuses, in order

    def professionals(self) -> list[User]:
        base = User.objects.filter(role=Role.PROFESSIONAL, centre=self.centre, is_active=True)
        demo = list(base.filter(username__in=DEMO_PROFESSIONALS).order_by("username"))
        with_episodes = (
            base.exclude(username__in=DEMO_PROFESSIONALS)
            .filter(episodes__closed_at__isnull=True)
            .distinct()
            .order_by("pk")[:OTHER_PROFESSIONALS]
        )
        return demo + list(with_episodes)

    def next_time(self, professional: User, day: dt.date) -> dt.datetime:
        index = self.busy[(professional.pk, day)]
        self.busy[(professional.pk, day)] += 1
        start = dt.datetime.combine(day, FIRST_SESSION) + STEP * index
        return aware(day, start.time()).astimezone(dt.UTC)

    def room(self, school: School, rank: int) -> Room:
        key = (school.pk, rank)
        if key not in self.rooms:
            self.rooms[key], _created = Room.objects.get_or_create(school=school, name=f"Local {110 + rank}")
        return self.rooms[key]

    def day_of(self, weekday: int, week: int) -> dt.date:
        return week_start(self.today) + dt.timedelta(weeks=week, days=weekday)

    def add(
        self,
        episode: ServiceEpisode,
        professional: User,
        *,
        day: dt.date,
        modality: str,
        school: School | None,
        rank: int,
        status: str,
    ) -> Appointment | None:
        if day in self.closed:
            return None
        start = self.next_time(professional, day)
        appointment = Appointment(
            episode=episode,
            kind="evaluation" if "evaluation" in (episode.request.reasons or []) else "session",
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=SESSION_MINUTES),
            modality=modality,
            school=school if modality == Modality.SCHOOL else None,
            room=self.room(school, rank) if school is not None and modality == Modality.SCHOOL else None,
            status=status,
            video_room=jitsi.new_room() if modality == Modality.TELEPRACTICE else "",
            student_location="À la maison, avec un parent"
            if modality == Modality.TELEPRACTICE and status == Status.HELD
            else "",
            adult_on_site=modality == Modality.TELEPRACTICE and status == Status.HELD,
            no_recording=modality == Modality.TELEPRACTICE and status == Status.HELD,
            readiness_confirmed_at=start - dt.timedelta(minutes=10)
            if modality == Modality.TELEPRACTICE and status == Status.HELD
            else None,
            booked_by=professional,
            created_at=start - dt.timedelta(days=14),
            changed_at=start - dt.timedelta(days=14),
            cancelled_at=start - dt.timedelta(hours=3)
            if status in (Status.CANCELLED, Status.CANCELLED_LATE)
            else None,
        )
        if status == Status.CANCELLED:
            appointment.cancelled_at = start - dt.timedelta(days=3)
        self.appointments.append(appointment)
        self.people.append((len(self.appointments) - 1, [episode.request.student_id], [professional.pk]))
        return appointment

    def build_professional(self, rank: int, professional: User) -> None:
        episodes = list(
            ServiceEpisode.objects.filter(professional=professional, closed_at__isnull=True)
            .select_related("request__student__school", "request")
            .order_by("pk")[:EPISODES_PER_PROFESSIONAL]
        )
        if not episodes:
            return
        counts = Counter(e.request.student.school_id for e in episodes)
        schools = {e.request.student.school_id: e.request.student.school for e in episodes}
        chosen = [schools[pk] for pk, _n in counts.most_common(len(DAYS_AT_SCHOOLS))]
        weekday_school: dict[int, School] = {}
        for school, weekdays in zip(chosen, DAYS_AT_SCHOOLS, strict=False):
            for weekday in weekdays:
                weekday_school[weekday] = school
                self.patterns.append(
                    AvailabilityPattern(
                        professional=professional,
                        school_year=self.year,
                        weekday=weekday,
                        school=school,
                        starts=dt.time(8),
                        ends=dt.time(16),
                    )
                )
        self.patterns.append(
            AvailabilityPattern(
                professional=professional,
                school_year=self.year,
                weekday=REMOTE_DAY,
                school=None,
                starts=dt.time(8),
                ends=dt.time(16),
            )
        )
        day_of_school = {s.pk: min(d for d, x in weekday_school.items() if x.pk == s.pk) for s in chosen}
        for episode in episodes:
            student = episode.request.student
            place: School | None = None
            if student.school_id in day_of_school:
                weekday, modality, place = day_of_school[student.school_id], Modality.SCHOOL, student.school
            elif not missing_for(student, [TELEPRACTICE], episode.request.domain_id, on=self.today):
                weekday, modality = REMOTE_DAY, Modality.TELEPRACTICE
            else:
                weekday, modality = REMOTE_DAY, Modality.PHONE
            for week in range(-PAST_WEEKS, FUTURE_WEEKS):
                day = self.day_of(weekday, week)
                past = aware(day, FIRST_SESSION) < timezone.now() - dt.timedelta(hours=12)
                status = PAST_STATUSES[self.past_count % len(PAST_STATUSES)] if past else Status.PLANNED
                if self.add(
                    episode, professional, day=day, modality=modality, school=place, rank=rank, status=status
                ):
                    self.past_count += past
        if professional.username in DEMO_PROFESSIONALS:
            self.publish(professional, chosen[0] if chosen else None, rank)

    def publish(self, professional: User, school: School | None, rank: int) -> None:
        """Wednesday and Thursday afternoons of the next two weeks: four 30-minute slots each, in
        telepractice on Wednesday, at the school on Thursday."""
        for week in (1, 2):
            for weekday, modality in ((2, Modality.TELEPRACTICE), (3, Modality.SCHOOL)):
                day = self.day_of(weekday, week)
                if day in self.closed or (modality == Modality.SCHOOL and school is None):
                    continue
                for i in range(4):
                    start = aware(day, dt.time(13, 0)).astimezone(dt.UTC) + dt.timedelta(minutes=30 * i)
                    self.slots.append(
                        BookableSlot(
                            professional=professional,
                            kind="session",
                            starts_at=start,
                            ends_at=start + dt.timedelta(minutes=30),
                            modality=modality,
                            school=school if modality == Modality.SCHOOL else None,
                            room=self.room(school, rank) if modality == Modality.SCHOOL and school else None,
                        )
                    )


def _book_for_parent(slots: list[BookableSlot]) -> Appointment | None:
    """The demo parent books the first fitting slot of their younger child's professional."""
    parent = User.objects.filter(username="parent", role=Role.GUARDIAN).first()
    guardian = getattr(parent, "guardian_profile", None) if parent else None
    if parent is None or guardian is None:
        return None
    from scheduling.queries import family_students

    children = list(family_students(parent))
    episodes = ServiceEpisode.objects.filter(
        closed_at__isnull=True, request__student__in=children
    ).select_related("request__student")
    for episode in episodes:
        student = episode.request.student
        tele_ok = not missing_for(student, [TELEPRACTICE], episode.request.domain_id)
        mine = [
            s
            for s in slots
            if s.professional_id == episode.professional_id
            and (tele_ok or s.modality != Modality.TELEPRACTICE)
        ]
        mine.sort(key=lambda s: (s.modality != Modality.TELEPRACTICE, s.starts_at))
        if not mine:
            continue
        slot = mine[0]
        appointment = Appointment.objects.create(
            episode=episode,
            kind=slot.kind,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            modality=slot.modality,
            school=slot.school,
            room=slot.room,
            slot=slot,
            video_room=jitsi.new_room() if slot.modality == Modality.TELEPRACTICE else "",
            booked_by=parent,
        )
        appointment.students.set([student])
        appointment.professionals.set([episode.professional_id])
        appointment.guardians.set([guardian])
        return appointment
    return None


def write_history(seed: int, log: Callable[[str], None], today: dt.date | None = None) -> dict[str, int]:
    from demo import geography

    centre = ServiceCentre.objects.filter(code=geography.CENTRE_CODE).first()
    year = SchoolYear.objects.filter(centre=centre, is_current=True).first() if centre else None
    if centre is None or year is None:
        return {}
    builder = Builder(centre, year, today or timezone.localdate())
    with transaction.atomic():
        closures = _closures(year)
        SchoolClosure.objects.bulk_create(closures)
        builder.closed = {c.day for c in closures}
        for rank, professional in enumerate(builder.professionals()):
            builder.build_professional(rank, professional)
        AvailabilityPattern.objects.bulk_create(builder.patterns)
        Appointment.objects.bulk_create(builder.appointments, batch_size=2000)
        students, pros = Appointment.students.through, Appointment.professionals.through
        students.objects.bulk_create(
            [
                students(appointment_id=builder.appointments[i].pk, student_id=s)
                for i, ids, _p in builder.people
                for s in ids
            ],
            batch_size=2000,
        )
        pros.objects.bulk_create(
            [
                pros(appointment_id=builder.appointments[i].pk, user_id=p)
                for i, _s, ids in builder.people
                for p in ids
            ],
            batch_size=2000,
        )
        BookableSlot.objects.bulk_create(builder.slots)
        booked = _book_for_parent(builder.slots)
    tele = sum(1 for a in builder.appointments if a.modality == Modality.TELEPRACTICE)
    log(f"  {len(builder.appointments)} rendez-vous ({tele} en télépratique), {len(builder.slots)} plages")
    return {
        "rendez-vous": len(builder.appointments) + (1 if booked else 0),
        "rendez-vous en télépratique": tele,
        "plages réservables": len(builder.slots),
        "plage réservée par le parent de démo": 1 if booked else 0,
    }


def delete_for(students: Any, users: Any) -> int:
    appointments = Appointment.objects.filter(
        Q(students__in=students)
        | Q(professionals__in=users)
        | Q(booked_by__in=users)
        | Q(episode__professional__in=users)
    )
    ids = sorted(set(appointments.values_list("pk", flat=True)))
    deleted = 0
    for start in range(0, len(ids), 5000):
        deleted += Appointment.objects.filter(pk__in=ids[start : start + 5000]).delete()[0]
    deleted += Series.objects.filter(created_by__in=users).delete()[0]
    deleted += BookableSlot.objects.filter(professional__in=users).delete()[0]
    deleted += AvailabilityPattern.objects.filter(professional__in=users).delete()[0]
    deleted += CalendarFeed.objects.filter(professional__in=users).delete()[0]
    schools = School.objects.filter(pk__in=students.values("school_id"))
    deleted += SchoolClosure.objects.filter(school_year__centre__schools__in=schools).delete()[0]
    deleted += Room.objects.filter(school__in=schools).delete()[0]
    return deleted
