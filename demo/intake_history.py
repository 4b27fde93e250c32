"""The guichet unique's history in the demo centre: service requests filed since the start of the school
year, their triage, waiting lists, assignments and closures, each with the events of its steps.

`write_intake_history(seed)` reads the centre that `generator.write` has just stored (a dozen queries, none
per student), plans about one request per twenty students in memory from its own seeded random stream, and
bulk-writes the requests, their events, the service episodes and the caseloads of closed episodes.

It follows what the named actions of `intake.actions` would have stored: the same fields set at each step,
`version` counting the transitions, the note of the last step in `status_note`, and the priority computed
by `lib.priority.compute_priority` with the centre's grid at the moment of acceptance (`priority_for`
reads the time waited the same way). The actions themselves are not called: no e-mail, no audit row.
Assignments lean on the caseloads the generator gave (a professional assigned a student serves them);
a closed episode gets a caseload ended on the day it closed, as `close_episode` ends it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils import timezone

from core.models import ReportPeriod, Role, School, ServiceCentre, ServiceDomain, User
from demo import geography
from demo.intake_texts import (
    ACCEPT_NOTES,
    ANSWERS,
    AVAILABILITY,
    CLOSING_NOTES,
    CONTEXTS,
    OBSERVATIONS,
    QUESTIONS,
    REDIRECTIONS,
    REFUSALS,
    TRIED,
    WITHDRAWALS,
)
from demo.names import Weighted
from intake.actions import Outcome
from intake.config import settings_for
from intake.models import MandateOrigin, RequestEvent, ServiceEpisode, ServiceRequest, Status
from lib.priority import PriorityInput, compute_priority
from students.models import Caseload, Group, GuardianLink, Student

Log = Callable[[str], None]

SHARE = 0.05  # about one student in twenty has a request this year
MINIMUM = 30  # small demos still show every status
BATCH_SIZE = 2000
# status, share of the requests drawn at random, minimum count
STATUS_MIX: tuple[tuple[str, float, int], ...] = (
    (Status.SUBMITTED, 0.11, 5),
    (Status.INFO_REQUESTED, 0.04, 2),
    (Status.WAITING, 0.26, 6),
    (Status.ASSIGNED, 0.30, 5),
    (Status.CLOSED, 0.12, 3),
    (Status.REFUSED, 0.06, 1),
    (Status.REDIRECTED, 0.04, 1),
    (Status.WITHDRAWN, 0.07, 1),
)
DOMAINS = Weighted.of(
    [
        ("psychologie", 20),
        ("orthophonie", 16),
        ("psychoeducation", 17),
        ("orthopedagogie", 18),
        ("education-specialisee", 8),
        ("orientation", 8),
        ("services-sociaux", 6),
        ("sante", 6),
    ]
)
PRIMARY = frozenset({"M4", "M5", "P1", "P2", "P3", "P4", "P5", "P6"})
GRADES: dict[str, frozenset[str]] = {
    "orthophonie": PRIMARY | {"S1", "S2"},
    "orientation": frozenset({"S3", "S4", "S5"}),
    "orthopedagogie": (PRIMARY - {"M4", "M5"}) | {"S1", "S2"},
}
REASONS: dict[str, tuple[str, ...]] = {  # the first one is the most frequent
    "psychologie": ("emotional", "behaviour", "evaluation", "social", "attendance"),
    "orthophonie": ("language", "learning", "evaluation"),
    "psychoeducation": ("behaviour", "social", "emotional", "attendance"),
    "orientation": ("orientation", "attendance", "learning"),
    "orthopedagogie": ("learning", "evaluation", "attendance"),
    "education-specialisee": ("behaviour", "social", "attendance"),
    "services-sociaux": ("family", "attendance", "social", "emotional"),
    "sante": ("health", "emotional", "attendance"),
}
REDIRECTS: dict[str, tuple[str, ...]] = {
    "psychologie": ("psychoeducation", "services-sociaux"),
    "orthophonie": ("orthopedagogie",),
    "psychoeducation": ("education-specialisee", "psychologie"),
    "orientation": ("psychoeducation",),
    "orthopedagogie": ("orthophonie", "psychologie"),
    "education-specialisee": ("psychoeducation",),
    "services-sociaux": ("psychoeducation", "psychologie"),
    "sante": ("services-sociaux", "psychologie"),
}
TIERS = Weighted.of([("1", 30), ("2", 50), ("3", 20)])
URGENCY = Weighted.of([("low", 22), ("moderate", 50), ("high", 24), ("safety", 4)])
IMPACT = Weighted.of([("none", 5), ("mild", 35), ("marked", 45), ("severe", 15)])
MODALITY = Weighted.of([("any", 60), ("in_person", 32), ("telepractice", 8)])
OUTCOMES = Weighted.of(
    [
        ("goals_met", 35),
        ("partly_met", 30),
        ("not_met", 5),
        ("referred", 12),
        ("ended_by_family", 10),
        ("moved", 8),
    ]
)

# what `actions.redirect_request` copies into the new request
COPIED = (
    "student_id",
    "network_id",
    "requested_by_id",
    "reasons",
    "details",
    "already_tried",
    "tried_weeks",
    "tier",
    "urgency",
    "schooling_impact",
    "availability",
    "modality",
    "mandate_origin",
)
DEMO_USERNAMES = ("psychologue", "orthophoniste", "direction", "enseignant", "parent", "eleve", "guichet")

# -- time ------------------------------------------------------------------------------------------------

OPENING = dt.time(8, 0)
OFFICE_MINUTES = 8 * 60 + 30  # steps happen between 8 h and 16 h 30


def office_time(rng: random.Random, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, OPENING) + dt.timedelta(minutes=rng.randrange(OFFICE_MINUTES))


def next_weekday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


def previous_weekday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday() - 4 if day.weekday() >= 5 else 0)


def day_between(rng: random.Random, first: dt.date, last: dt.date, *, recent: bool = False) -> dt.date:
    """A day from `first` to `last`; with `recent`, days near `last` are likelier."""
    span = max(0, (last - first).days)
    offset = int(rng.triangular(0, span + 1, span + 1)) if recent else rng.randrange(span + 1)
    return first + dt.timedelta(days=min(offset, span))


def later(rng: random.Random, prev: dt.datetime, low: int, high: int, limit: dt.datetime) -> dt.datetime:
    """A working moment `low` to `high` days after `prev`, always after it and before `limit`."""
    moment = office_time(rng, next_weekday(prev.date() + dt.timedelta(days=rng.randint(low, high))))
    if moment <= prev:
        moment = prev + dt.timedelta(minutes=rng.randint(10, 90))
    if moment >= limit:
        moment = prev + min(dt.timedelta(minutes=rng.randint(10, 90)), (limit - prev) / 2)
    return moment


def earlier(
    rng: random.Random, following: dt.datetime, low: int, high: int, floor: dt.datetime
) -> dt.datetime:
    """A working moment `low` to `high` days before `following`, always before it and after `floor`."""
    moment = office_time(rng, previous_weekday(following.date() - dt.timedelta(days=rng.randint(low, high))))
    if moment >= following:
        moment = following - dt.timedelta(minutes=rng.randint(10, 90))
    if moment <= floor:
        moment = following - min(dt.timedelta(minutes=rng.randint(10, 90)), (following - floor) / 2)
    return moment


# -- what the planner reads --------------------------------------------------------------------------------


class StudentRow(NamedTuple):
    pk: int
    school: int
    group: int | None
    grade: str
    ehdaa: str
    repeated: int
    alert: bool


# students each service usually serves first (as the generator's caseloads do), by the marks of `marks`
PRIORITY_MARKS: dict[str, tuple[str, ...]] = {
    "psychologie": ("ehdaa:50", "ehdaa:53", "ehdaa:14"),
    "orthophonie": ("ehdaa:34",),
    "psychoeducation": ("ehdaa:14", "ehdaa:50", "ehdaa:53"),
    "orientation": ("grade:S4", "grade:S5"),
    "orthopedagogie": ("repeated",),
    "education-specialisee": ("ehdaa:14", "ehdaa:50"),
    "services-sociaux": ("repeated",),
    "sante": ("alert",),
}


def marks(student: StudentRow) -> list[str]:
    found = [f"grade:{student.grade}"]
    if student.ehdaa:
        found.append(f"ehdaa:{student.ehdaa}")
    if student.repeated:
        found.append("repeated")
    if student.alert:
        found.append("alert")
    return found


@dataclass
class Snapshot:
    centre: ServiceCentre
    grid: dict[str, int]
    waited_cap_weeks: int
    first_day: dt.date  # the first day of classes
    domains: dict[str, ServiceDomain]
    school_network: dict[int, int | None]
    school_imse: dict[int, int | None]
    students: list[StudentRow]
    position: dict[int, int]  # student pk → index in `students`
    teachers: dict[int, int]  # group → its teacher
    principals: dict[int, list[int]]  # school → principals
    professions: dict[int, str]  # professional → profession
    names: dict[int, str]  # professional → full name
    eligible: dict[tuple[str, int], list[int]]  # (profession, school) → professionals serving it
    caseloads: dict[tuple[int, int], dt.date]  # active (professional, student index) → started on
    serving: dict[int, list[int]]  # student index → professionals with an active caseload
    coordinators: list[int]
    accounts: dict[str, int]  # demo username → user pk
    family: list[int]  # the `eleve` student then the siblings, children of `parent` (indexes)


def snapshot(centre: ServiceCentre, today: dt.date) -> Snapshot:
    """The centre as the planner needs it: plain rows, read in primary-key order (deterministic)."""
    config = settings_for(centre)
    schools = list(
        School.objects.filter(centre=centre).order_by("pk").values_list("pk", "network_id", "imse_decile")
    )
    school_network: dict[int, int | None] = {pk: network for pk, network, _imse in schools}
    in_centre = Student.objects.filter(school__centre=centre)
    alerts = set(in_centre.exclude(health_alert="").values_list("pk", flat=True))
    students = [
        StudentRow(pk, school, group, grade, ehdaa, repeated, pk in alerts)
        for pk, school, group, grade, ehdaa, repeated in in_centre.order_by("pk").values_list(
            "pk", "school_id", "group_id", "grade_level", "ehdaa_code", "years_repeated"
        )
    ]
    position = {s.pk: i for i, s in enumerate(students)}
    staff = list(
        User.objects.filter(centre=centre, is_active=True)
        .order_by("pk")
        .values_list("pk", "role", "profession", "first_name", "last_name")
    )
    roles = {pk: role for pk, role, *_rest in staff}
    professions = {pk: profession for pk, role, profession, *_rest in staff if role == Role.PROFESSIONAL}
    principals: dict[int, list[int]] = {}
    direct: dict[int, set[int]] = {pk: set() for pk in professions}
    networks: dict[int, set[int]] = {pk: set() for pk in professions}
    memberships = User.schools.through.objects.filter(school__centre=centre).order_by("pk")
    for user, school in memberships.values_list("user_id", "school_id"):
        if user in direct:
            direct[user].add(school)
        elif roles.get(user) == Role.PRINCIPAL:
            principals.setdefault(school, []).append(user)
    served = User.networks.through.objects.filter(network__centre=centre).order_by("pk")
    for user, network in served.values_list("user_id", "network_id"):
        if user in networks:
            networks[user].add(network)
    # the rule of intake.suggestions.eligible_professionals, applied to every school at once
    schools_of: dict[int, list[int]] = {}
    for school, school_net in school_network.items():
        if school_net is not None:
            schools_of.setdefault(school_net, []).append(school)
    eligible: dict[tuple[str, int], list[int]] = {}
    for pro, profession in professions.items():
        reach = networks[pro] | {n for s in direct[pro] if (n := school_network[s]) is not None}
        for school in sorted(direct[pro].union(*(schools_of.get(n, []) for n in reach))):
            eligible.setdefault((profession, school), []).append(pro)
    caseloads: dict[tuple[int, int], dt.date] = {}
    serving: dict[int, list[int]] = {}
    active = Caseload.objects.active().filter(student__school__centre=centre).order_by("pk")
    for pro, student, started in active.values_list("professional_id", "student_id", "started_on"):
        caseloads[(pro, position[student])] = started
        serving.setdefault(position[student], []).append(pro)
    teachers: dict[int, int] = {}
    taught = Group.teachers.through.objects.filter(group__school__centre=centre).order_by("pk")
    for group, teacher in taught.values_list("group_id", "user_id"):
        teachers.setdefault(group, teacher)
    first_period = (
        ReportPeriod.objects.filter(school_year__centre=centre, school_year__is_current=True)
        .order_by("start")
        .first()
    )
    classes = first_period.start if first_period else today - dt.timedelta(days=90)
    first_day = max(min(classes, today - dt.timedelta(days=80)), today - dt.timedelta(days=300))
    accounts = dict(User.objects.filter(username__in=DEMO_USERNAMES).values_list("username", "pk"))
    own = in_centre.filter(user=accounts.get("eleve", 0)).values_list("pk", flat=True).first()
    children = GuardianLink.objects.filter(guardian__user=accounts.get("parent", 0), student__in=in_centre)
    family = sorted(
        (position[pk] for pk in children.values_list("student_id", flat=True)),
        key=lambda i: (students[i].pk != own, i),
    )
    return Snapshot(
        centre=centre,
        grid=config.grid(),
        waited_cap_weeks=config.waited_cap_weeks,
        first_day=first_day,
        domains={d.code: d for d in ServiceDomain.objects.all()},
        school_network=school_network,
        school_imse={pk: imse for pk, _network, imse in schools},
        students=students,
        position=position,
        teachers=teachers,
        principals=principals,
        professions=professions,
        names={pk: f"{first} {last}".strip() for pk, _role, _prof, first, last in staff if pk in professions},
        eligible=eligible,
        caseloads=caseloads,
        serving=serving,
        coordinators=[pk for pk, role, *_rest in staff if role == Role.COORDINATOR],
        accounts=accounts,
        family=family,
    )


# -- the plan --------------------------------------------------------------------------------------------


@dataclass
class Step:
    actor: int
    at: dt.datetime  # naive, local time
    to_status: str
    note: str = ""


@dataclass
class Planned:
    """One request being planned: its facts on `request`, its steps, and the episode once assigned."""

    request: ServiceRequest
    student: int  # index in Snapshot.students
    code: str  # service domain
    created: dt.datetime
    steps: list[Step] = field(default_factory=list)
    triaged: dt.datetime | None = None
    accepted: dt.datetime | None = None
    assigned: dt.datetime | None = None
    closed: dt.datetime | None = None
    professional: int | None = None
    first_service: dt.datetime | None = None
    outcome: str = ""
    closing_note: str = ""
    redirected_from: Planned | None = None

    @property
    def last(self) -> dt.datetime:
        return self.steps[-1].at


class Planner:
    """Plans the requests in memory; every draw comes from one random stream seeded by the demo seed."""

    def __init__(self, snap: Snapshot, seed: int, today: dt.date) -> None:
        self.s = snap
        self.rng = random.Random(f"eleve360-demo:{seed}:intake")  # noqa: S311 — fiction, not secrets
        self.first = snap.first_day
        self.last = today - dt.timedelta(days=1)
        self.floor = dt.datetime.combine(self.first, dt.time(7, 30))
        self.limit = dt.datetime.combine(self.last, dt.time(17, 30))
        self.planned: list[Planned] = []
        self.taken: set[tuple[int, str]] = set()  # (student, domain): one request per pair
        self._pools: dict[str, tuple[list[int], list[int]]] = {}
        self._marked: dict[str, list[int]] = {}  # mark → students, in roster order
        for index, row in enumerate(snap.students):
            for mark in marks(row):
                self._marked.setdefault(mark, []).append(index)
        self._by_profession: dict[str, list[tuple[int, int]]] = {}
        for pro, student in snap.caseloads:
            self._by_profession.setdefault(snap.professions.get(pro, ""), []).append((pro, student))

    # -- choosing people -----------------------------------------------------------------------------

    def profession(self, code: str) -> str:
        return str(self.s.domains[code].professions[0])

    def professionals_for(self, student: int, code: str) -> list[int]:
        school = self.s.students[student].school
        return [
            pro
            for profession in self.s.domains[code].professions
            for pro in self.s.eligible.get((profession, school), [])
        ]

    def fits(self, student: int, code: str) -> bool:
        row = self.s.students[student]
        grades = GRADES.get(code)
        return (
            (student, code) not in self.taken
            and (grades is None or row.grade in grades)
            and bool(self.professionals_for(student, code))
        )

    def pool(self, code: str) -> tuple[list[int], list[int]]:
        """The students of the grades a service takes, and those it usually serves first."""
        if code not in self._pools:
            grades = GRADES.get(code)
            if grades is None:
                every = list(range(len(self.s.students)))
            else:
                every = sorted(i for grade in grades for i in self._marked.get(f"grade:{grade}", []))
            wanted = {i for mark in PRIORITY_MARKS[code] for i in self._marked.get(mark, [])}
            in_grades = (
                wanted if grades is None else {i for i in wanted if self.s.students[i].grade in grades}
            )
            self._pools[code] = (every, sorted(in_grades))
        return self._pools[code]

    def pick_student(self, code: str) -> int | None:
        every, priority = self.pool(code)
        for _ in range(30):
            source = priority if priority and self.rng.random() < 0.35 else every
            if not source:
                return None
            student = source[self.rng.randrange(len(source))]
            secondary = self.s.students[student].grade not in PRIMARY
            if code == "orthophonie" and secondary and self.rng.random() < 0.8:
                continue  # speech therapy is mostly asked for in primary school
            if self.fits(student, code):
                return student
        return None

    def pick_caseload(self, code: str) -> tuple[int, int] | None:
        entries = self._by_profession.get(self.profession(code), [])
        for _ in range(30):
            if not entries:
                return None
            pro, student = entries[self.rng.randrange(len(entries))]
            if self.fits(student, code) and pro in self.professionals_for(student, code):
                return pro, student
        return None

    def requester(self, student: int, code: str) -> tuple[int, str]:
        """The group's teacher most often, else the principal, sometimes a professional who serves the
        student; now and then on the family's request (mandate origin: family)."""
        row = self.s.students[student]
        mandate = MandateOrigin.FAMILY if self.rng.random() < 0.12 else MandateOrigin.SCHOOL
        roll = self.rng.random()
        own = set(self.s.domains[code].professions)
        others = [p for p in self.s.serving.get(student, []) if self.s.professions[p] not in own]
        principals = self.s.principals.get(row.school, [])
        teacher = self.s.teachers.get(row.group) if row.group is not None else None
        if roll < 0.08 and others:
            return self.rng.choice(others), mandate
        if (roll < 0.28 or teacher is None) and principals:
            return self.rng.choice(principals), mandate
        if teacher is None:
            raise ValueError(f"personne pour faire la demande de l'élève {row.pk}")
        return teacher, mandate

    def coordinator(self) -> int:
        team = self.s.coordinators
        guichet = self.s.accounts.get("guichet")
        if guichet is not None and guichet in team and (len(team) == 1 or self.rng.random() < 0.7):
            return guichet
        return self.rng.choice(team)

    # -- the request's facts -----------------------------------------------------------------------------

    def facts(self, code: str) -> dict[str, object]:
        rng = self.rng
        choices = REASONS[code]
        reasons = [choices[0] if rng.random() < 0.6 else rng.choice(choices)]
        if rng.random() < 0.45:
            reasons.append(rng.choice(choices))
        reasons = sorted(set(reasons))
        sentences = [rng.choice(OBSERVATIONS[r]) for r in reasons[:2]]
        sentences.append(rng.choice(CONTEXTS))
        tier = int(TIERS.pick(rng))
        tried = [*rng.sample(TRIED[1], 2 if tier == 1 else 1)]
        if tier >= 2:
            tried += rng.sample(TRIED[2], rng.randint(1, 2))
        if tier == 3:
            tried.append(rng.choice(TRIED[3]))
        weeks = rng.randint(0, 4) if tier == 1 else rng.randint(3, 12) if tier == 2 else rng.randint(8, 20)
        return {
            "reasons": reasons,
            "details": " ".join(s for s in sentences if s),
            "already_tried": ". ".join(tried) + ".",
            "tried_weeks": weeks,
            "tier": tier,
            "urgency": URGENCY.pick(rng),
            "schooling_impact": IMPACT.pick(rng),
            "availability": rng.choice(AVAILABILITY),
            "modality": MODALITY.pick(rng),
        }

    def new(
        self, student: int, code: str, created: dt.datetime, requester: tuple[int, str] | None = None
    ) -> Planned:
        by, mandate = requester or self.requester(student, code)
        row = self.s.students[student]
        request = ServiceRequest(
            student_id=row.pk,
            domain_id=self.s.domains[code].pk,
            network_id=self.s.school_network[row.school],
            requested_by_id=by,
            mandate_origin=mandate,
            created_at=timezone.make_aware(created),
            **self.facts(code),
        )
        planned = Planned(request, student, code, created, [Step(by, created, Status.SUBMITTED)])
        self.taken.add((student, code))
        self.planned.append(planned)
        return planned

    # -- the steps, as the actions take them ----------------------------------------------------------------

    def step(self, p: Planned, actor: int, at: dt.datetime, to_status: str, note: str = "") -> dt.datetime:
        p.steps.append(Step(actor, at, to_status, note))
        return at

    def ask(self, p: Planned, coordinator: int, answered: bool) -> None:
        p.triaged = self.step(
            p,
            coordinator,
            later(self.rng, p.last, 1, 4, self.limit),
            Status.INFO_REQUESTED,
            self.rng.choice(QUESTIONS),
        )
        if answered:
            answer = later(self.rng, p.last, 1, 5, self.limit)
            self.step(p, p.request.requested_by_id, answer, Status.SUBMITTED, self.rng.choice(ANSWERS))

    def accept(self, p: Planned, coordinator: int) -> None:
        at = later(self.rng, p.last, 1, 8, self.limit)
        p.triaged = p.accepted = self.step(p, coordinator, at, Status.WAITING, self.rng.choice(ACCEPT_NOTES))
        self._priority(p, at)

    def _priority(self, p: Planned, at: dt.datetime) -> None:
        request = p.request
        result = compute_priority(
            PriorityInput(
                urgency=request.urgency,
                schooling_impact=request.schooling_impact,
                tier=request.tier,
                # as actions.priority_for reads it on that day (aware times: a DST change moves an hour)
                waited_weeks=(timezone.make_aware(at) - timezone.make_aware(p.created)).days / 7,
                imse_decile=self.s.school_imse[self.s.students[p.student].school],
            ),
            self.s.grid,
            self.s.waited_cap_weeks,
        )
        request.priority, request.priority_parts = result.score, result.parts

    def assign(self, p: Planned, coordinator: int, professional: int, at: dt.datetime) -> None:
        p.professional = professional
        p.assigned = self.step(
            p, coordinator, at, Status.ASSIGNED, f"Assignée à {self.s.names[professional]}"
        )
        if self.rng.random() < 0.7:
            p.first_service = later(self.rng, at, 2, 14, self.limit)

    # -- one request per status ------------------------------------------------------------------------------

    def created(self, low: int, high: int, *, recent: bool = False) -> dt.datetime:
        """A filing moment between `high` and `low` days before today (clipped to the school year)."""
        first = max(self.first, self.last - dt.timedelta(days=high))
        last = max(first, self.last - dt.timedelta(days=low))
        return office_time(self.rng, previous_weekday(day_between(self.rng, first, last, recent=recent)))

    def plan(
        self,
        status: str,
        code: str,
        *,
        student: int | None = None,
        professional: int | None = None,
        requester: tuple[int, str] | None = None,
        old: bool = False,
    ) -> bool:
        """Plan one request that ends in `status`; False when no student or professional fits."""
        rng, span = self.rng, (self.last - self.first).days
        if status == Status.ASSIGNED:
            return self.plan_assigned(code, student, professional, requester)
        if student is None:
            student = self.pick_student(code)
        if student is None or not self.fits(student, code):
            return False
        if status == Status.CLOSED:
            return self.plan_closed(student, code, professional, requester)
        coordinator = self.coordinator()
        if status == Status.SUBMITTED:
            answered = rng.random() < 0.2
            p = self.new(
                student,
                code,
                self.created(4 if answered else 0, 30 if answered else 16, recent=True),
                requester,
            )
            if answered:
                self.ask(p, coordinator, answered=True)
        elif status == Status.INFO_REQUESTED:
            p = self.new(student, code, self.created(1, 24, recent=True), requester)
            self.ask(p, coordinator, answered=False)
        elif status == Status.WAITING:
            created = self.created(span - 12, span) if old else self.created(2, span, recent=True)
            p = self.new(student, code, created, requester)
            if rng.random() < 0.12:
                self.ask(p, coordinator, answered=True)
            self.accept(p, coordinator)
        elif status == Status.REFUSED:
            p = self.new(student, code, self.created(1, span), requester)
            if rng.random() < 0.2:
                self.ask(p, coordinator, answered=True)
            refused = later(rng, p.last, 1, 6, self.limit)
            p.triaged = p.closed = self.step(p, coordinator, refused, Status.REFUSED, rng.choice(REFUSALS))
        elif status == Status.REDIRECTED:
            return self.plan_redirected(student, code, coordinator, requester)
        elif status == Status.WITHDRAWN:
            p = self.new(student, code, self.created(3, span), requester)
            if rng.random() < 0.45:
                self.accept(p, coordinator)
            withdrawn = later(rng, p.last, 2, 30, self.limit)
            p.closed = self.step(
                p, p.request.requested_by_id, withdrawn, Status.WITHDRAWN, rng.choice(WITHDRAWALS)
            )
        else:
            raise ValueError(f"statut inconnu : {status}")
        return True

    def plan_closed(
        self, student: int, code: str, professional: int | None, requester: tuple[int, str] | None
    ) -> bool:
        """Accepted, assigned, served, closed by the professional with an outcome and a closing note; the
        caseload opened by the assignment ends the day the episode closes."""
        rng = self.rng
        candidates = [
            pro
            for pro in self.professionals_for(student, code)
            if (pro, student) not in self.s.caseloads and professional in (None, pro)
        ]
        if not candidates:
            return False
        closer = rng.choice(candidates)
        coordinator = self.coordinator()
        span = (self.last - self.first).days
        p = self.new(student, code, self.created(min(35, span), span), requester)
        self.accept(p, coordinator)
        self.assign(p, coordinator, closer, later(rng, p.last, 3, 25, self.limit))
        p.outcome = OUTCOMES.pick(rng)
        if p.first_service is None and p.outcome not in ("ended_by_family", "moved"):
            p.first_service = later(rng, p.last, 2, 10, self.limit)
        end = later(rng, max(p.last, p.first_service or p.last), 14, 45, self.limit)
        p.closed = self.step(p, closer, end, Status.CLOSED, dict(Outcome.CHOICES)[p.outcome])
        p.closing_note = rng.choice(CLOSING_NOTES[p.outcome])
        return True

    def plan_assigned(
        self, code: str, student: int | None, professional: int | None, requester: tuple[int, str] | None
    ) -> bool:
        """Assigned requests are those of students already in a caseload of the right profession: the
        assignment happened the day the caseload started, or later when the caseload predates it."""
        if student is None or professional is None:
            found = self.pick_caseload(code)
            if found is None:
                return False
            professional, student = found
        if not self.fits(student, code) or professional not in self.professionals_for(student, code):
            return False
        rng = self.rng
        started = self.s.caseloads.get((professional, student), self.first)
        earliest = max(started, self.first + dt.timedelta(days=4))
        if earliest > self.last:
            earliest = self.last
        day = started if started == earliest and rng.random() < 0.5 else day_between(rng, earliest, self.last)
        assigned = office_time(rng, previous_weekday(day))
        if assigned <= self.floor + dt.timedelta(days=2):
            assigned = office_time(rng, next_weekday(self.first + dt.timedelta(days=4)))
        coordinator = self.coordinator()
        room = (assigned.date() - self.first).days  # early in the year, the steps come closer together
        waited = min(rng.randint(2, 35), max(1, room * 2 // 3))
        accepted = earlier(rng, assigned, waited, waited, self.floor)
        triage = min(rng.randint(1, 7), max(0, (accepted.date() - self.first).days))
        created = earlier(rng, accepted, triage, triage, self.floor)
        p = self.new(student, code, created, requester)
        at = p.accepted = p.triaged = self.step(
            p, coordinator, accepted, Status.WAITING, rng.choice(ACCEPT_NOTES)
        )
        self._priority(p, at)
        self.assign(p, coordinator, professional, assigned)
        return True

    def plan_redirected(
        self, student: int, code: str, coordinator: int, requester: tuple[int, str] | None
    ) -> bool:
        """Closed as redirected; the action opens a new request for the other service with the same facts
        and the same filing date. That one is new in the inbox or already on its waiting list."""
        targets = [t for t in REDIRECTS[code] if self.fits(student, t)]
        if not targets:
            return False
        target = self.rng.choice(targets)
        original = self.new(student, code, self.created(2, (self.last - self.first).days), requester)
        at = later(self.rng, original.last, 1, 5, self.limit)
        note = self.rng.choice(REDIRECTIONS).format(name=self.s.domains[target].name.lower())
        original.triaged = original.closed = self.step(original, coordinator, at, Status.REDIRECTED, note)
        original.request.redirected_to = self.s.domains[target]
        copy = Planned(
            ServiceRequest(
                **{name: getattr(original.request, name) for name in COPIED},
                domain=self.s.domains[target],
            ),
            student,
            target,
            original.created,
            [Step(coordinator, at, Status.SUBMITTED)],  # its note names the first request once saved
            redirected_from=original,
        )
        self.taken.add((student, target))
        self.planned.append(copy)
        if self.rng.random() < 0.65:
            self.accept(copy, coordinator)
        return True

    # -- the whole history -----------------------------------------------------------------------------------

    def build(self) -> list[Planned]:
        self.demo_requests()
        wanted = max(MINIMUM, round(len(self.s.students) * SHARE)) - len(self.planned)
        statuses = [
            status
            for status, share, minimum in STATUS_MIX
            for _ in range(max(minimum, round(wanted * share)))
        ]
        self.rng.shuffle(statuses)
        old_waiting = max(1, round(statuses.count(Status.WAITING) * 0.1))
        for status in statuses:
            old = status == Status.WAITING and old_waiting > 0
            for _ in range(10):  # another service when nobody fits this one
                if self.plan(status, DOMAINS.pick(self.rng), old=old):
                    old_waiting -= int(old)
                    break
        return self.planned

    def demo_requests(self) -> None:
        """What the demo accounts see at first login: the `eleve` student followed by `psychologue` on
        the request of `enseignant`, with an orientation request of `parent` on the list; the younger
        sibling followed by `orthophoniste` at the parent's request; two more requests of `enseignant`
        for the group; a few more cases of `psychologue`, the most recent ones."""
        s, accounts = self.s, self.s.accounts
        eleve = s.family[0] if s.family else None
        teacher, parent = accounts.get("enseignant"), accounts.get("parent")
        psychologist, speech = accounts.get("psychologue"), accounts.get("orthophoniste")
        if eleve is not None and teacher and psychologist:
            self.plan(
                Status.ASSIGNED,
                "psychologie",
                student=eleve,
                professional=psychologist,
                requester=(teacher, MandateOrigin.SCHOOL),
            )
        if eleve is not None and parent:
            self.plan(Status.WAITING, "orientation", student=eleve, requester=(parent, MandateOrigin.FAMILY))
        sibling = s.family[1] if len(s.family) > 1 else None
        if sibling is not None and parent and speech:
            self.plan(
                Status.ASSIGNED,
                "orthophonie",
                student=sibling,
                professional=speech,
                requester=(parent, MandateOrigin.FAMILY),
            )
        if eleve is not None and teacher:
            group = s.students[eleve].group
            classmates = [i for i, row in enumerate(s.students) if row.group == group and i != eleve]
            for status, code, student in zip(
                (Status.WAITING, Status.SUBMITTED),
                ("psychologie", "psychoeducation"),
                classmates,
                strict=False,
            ):
                self.plan(status, code, student=student, requester=(teacher, MandateOrigin.SCHOOL))
        if psychologist:
            own = sorted(
                (
                    (started, student)
                    for (pro, student), started in s.caseloads.items()
                    if pro == psychologist
                ),
                reverse=True,
            )
            extra = 3
            for _started, student in own:
                if extra and self.plan(
                    Status.ASSIGNED, "psychologie", student=student, professional=psychologist
                ):
                    extra -= 1
            schools = {school for (_p, school), pros in s.eligible.items() if psychologist in pros}
            served = [
                i
                for i in self.pool("psychologie")[0]
                if s.students[i].school in schools and (psychologist, i) not in s.caseloads
            ]
            if served:
                student = served[self.rng.randrange(len(served))]
                self.plan(Status.CLOSED, "psychologie", student=student, professional=psychologist)


# -- writing -----------------------------------------------------------------------------------------------


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    return None if moment is None else timezone.make_aware(moment)


def finish(p: Planned) -> None:
    """Copy the plan onto the request: status, note and version as the actions would have left them."""
    request = p.request
    request.status = p.steps[-1].to_status
    request.status_note = p.steps[-1].note if len(p.steps) > 1 else ""
    request.version = len(p.steps)  # filing is version 1, each transition adds one
    request.created_at = timezone.make_aware(p.created)
    request.triaged_at = _aware(p.triaged)
    request.accepted_at = _aware(p.accepted)
    request.assigned_at = _aware(p.assigned)
    request.closed_at = _aware(p.closed)
    request.assigned_to_id = p.professional


def write_intake_history(seed: int, today: dt.date | None = None, log: Log | None = None) -> int:
    """Plan and bulk-write the guichet unique's history of the demo centre; returns the requests written."""
    say = log or (lambda _message: None)
    today = today or timezone.localdate()
    centre = ServiceCentre.objects.filter(code=geography.CENTRE_CODE).first()
    if centre is None:
        return 0
    with transaction.atomic(), disable_auditlog():
        snap = snapshot(centre, today)
        planned = Planner(snap, seed, today).build()
        planned.sort(key=lambda p: p.steps[0].at)  # numbered in the order they reached the guichet
        for p in planned:
            finish(p)
        ServiceRequest.objects.bulk_create([p.request for p in planned], batch_size=BATCH_SIZE)
        events: list[RequestEvent] = []
        for p in planned:
            if p.redirected_from is not None:
                p.steps[0].note = f"Réorientée depuis la demande nº {p.redirected_from.request.pk}"
            previous = ""
            for step in p.steps:
                events.append(
                    RequestEvent(
                        request_id=p.request.pk,
                        actor_id=step.actor,
                        at=timezone.make_aware(step.at),
                        from_status=previous,
                        to_status=step.to_status,
                        note=step.note,
                    )
                )
                previous = step.to_status
        RequestEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)
        assigned = [p for p in planned if p.professional is not None]
        ServiceEpisode.objects.bulk_create(
            [
                ServiceEpisode(
                    request_id=p.request.pk,
                    professional_id=p.professional,
                    opened_at=timezone.make_aware(p.assigned),
                    first_service_at=_aware(p.first_service),
                    closed_at=_aware(p.closed),
                    outcome=p.outcome,
                    closing_note=p.closing_note,
                )
                for p in assigned
                if p.professional is not None and p.assigned is not None
            ],
            batch_size=BATCH_SIZE,
        )
        ended = [
            Caseload(
                professional_id=p.professional,
                student_id=p.request.student_id,
                started_on=p.assigned.date(),
                ended_on=p.closed.date(),
            )
            for p in assigned
            if p.professional is not None and p.closed is not None and p.assigned is not None
        ]
        Caseload.objects.bulk_create(ended, batch_size=BATCH_SIZE)
    say(f"  {len(planned)} demandes de service, {len(events)} étapes, {len(assigned)} épisodes")
    return len(planned)
