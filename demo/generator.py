"""The demo service centre: a fictional but realistic CSS in Mauricie, built in Python then bulk-written.

`generate(students, seed)` plans everything in memory (model instances not yet saved, no query per row),
then writes it with `bulk_create` in dependency order inside one transaction. The same seed gives the
same centre: every random draw comes from `random.Random` or a Faker instance seeded from it, one per
step, and nothing iterates a set. `delete_demo()` removes what a previous run created.

Audit logging is suspended while the demo is written or removed: generating data is not a person's
action on a file (and bulk operations are not logged anyway).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import gc
import hashlib
import math
import random
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt
from auditlog.context import disable_auditlog
from django.contrib.auth.hashers import check_password, make_password
from django.db import models, transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.utils import timezone
from faker import Faker

from core.domains import ensure_default_domains
from core.models import (
    Network,
    Profession,
    ReportPeriod,
    Role,
    School,
    SchoolYear,
    ServiceCentre,
    ServiceDomain,
    User,
)
from demo import catalogue, geography, names
from demo.catalogue import Grade
from demo.geography import Place
from demo.histories import delete_histories, write_histories
from demo.intake_history import write_intake_history
from intake.models import ServiceEpisode, ServiceRequest
from lib.schoolyear import age_on, school_year_bounds
from students.models import BreakGlassAccess, Caseload, Group, Guardian, GuardianLink, Student

DEMO_PASSWORD = "Demo-Eleve360!"
CURRENT_YEAR = "2026-2027"
PREVIOUS_YEAR = "2025-2026"
BATCH_SIZE = 2000
MIN_STUDENTS = 100
SECONDARY_SHARE = 0.42  # share of students in secondary (Quebec public network, roughly)
STUDENTS_PER_SCHOOL = 350

Log = Callable[[str], None]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    label: str


# One account per role, fixed usernames; printed by the command.
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("psychologue", Role.PROFESSIONAL, "Psychologue"),
    DemoAccount("orthophoniste", Role.PROFESSIONAL, "Orthophoniste"),
    DemoAccount("direction", Role.PRINCIPAL, "Direction d'école"),
    DemoAccount("enseignant", Role.TEACHER, "Enseignant·e"),
    DemoAccount("parent", Role.GUARDIAN, "Parent"),
    DemoAccount("eleve", Role.STUDENT, "Élève (14 ans et plus)"),
    DemoAccount("guichet", Role.COORDINATOR, "Guichet unique (coordination)"),
    DemoAccount("gestion", Role.MANAGER, "Gestion des services complémentaires"),
    DemoAccount("prp", Role.PRIVACY_OFFICER, "Protection des renseignements personnels"),
)
DEMO_USERNAMES: tuple[str, ...] = tuple(account.username for account in DEMO_ACCOUNTS)


@dataclass(frozen=True)
class ProfessionSpec:
    """How a profession is staffed and which students it usually serves."""

    profession: str
    students_per_professional: int
    serves: str  # "network" (User.networks) or "school" (User.schools)
    grades: frozenset[str]
    priority: Callable[[Student], bool]


ALL_GRADES = frozenset(g.code for g in catalogue.GRADES)
PROFESSIONS: tuple[ProfessionSpec, ...] = (
    ProfessionSpec(
        Profession.PSYCHOLOGIST, 1200, "network", ALL_GRADES, lambda s: s.ehdaa_code in {"50", "53", "14"}
    ),
    ProfessionSpec(
        Profession.SPEECH_THERAPIST,
        1300,
        "network",
        frozenset(g.code for g in catalogue.PRIMARY_GRADES),
        lambda s: s.ehdaa_code == "34",
    ),
    ProfessionSpec(
        Profession.PSYCHOEDUCATOR, 1100, "network", ALL_GRADES, lambda s: s.ehdaa_code in {"14", "50", "53"}
    ),
    ProfessionSpec(
        Profession.GUIDANCE_COUNSELLOR,
        700,
        "school",
        frozenset({"S2", "S3", "S4", "S5"}),
        lambda s: s.grade_level in {"S4", "S5"},
    ),
    ProfessionSpec(
        Profession.REMEDIAL_TEACHER,
        500,
        "network",
        frozenset({"P1", "P2", "P3", "P4", "P5", "P6", "S1", "S2"}),
        lambda s: s.years_repeated > 0,
    ),
    ProfessionSpec(
        Profession.SPECIAL_EDUCATION, 350, "school", ALL_GRADES, lambda s: s.ehdaa_code in {"14", "50"}
    ),
    ProfessionSpec(Profession.SOCIAL_WORKER, 3500, "network", ALL_GRADES, lambda s: s.years_repeated > 0),
    ProfessionSpec(Profession.NURSE, 2500, "network", ALL_GRADES, lambda s: bool(s.health_alert)),
)
# Share of women by kind of job (rough figures of the Quebec school network).
WOMEN_SHARE = {"primary_teacher": 0.88, "secondary_teacher": 0.62, "principal": 0.65, "other": 0.8}
# Children of one family at school, and who the family's guardians are.
FAMILY_SIZES = names.Weighted.of([("1", 50), ("2", 35), ("3", 12), ("4", 3)])
FAMILY_KINDS = names.Weighted.of([("two", 70), ("mother", 18), ("father", 7), ("tutor", 5)])


# ---------------------------------------------------------------------------------------------------------
# Results


@dataclass
class AccountRow:
    label: str
    username: str
    full_name: str
    password: str
    totp_secret: str  # base32, empty for family accounts


@dataclass
class DemoResult:
    centre: ServiceCentre
    counts: dict[str, int]
    accounts: list[AccountRow]
    seconds: float = 0.0


# ---------------------------------------------------------------------------------------------------------
# Small pure helpers


def apportion(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder), each share at least `minimum`."""
    count = len(weights)
    rest = total - minimum * count
    if rest < 0:
        raise ValueError("total too small for the minimum")
    weight_sum = sum(weights) or 1.0
    quotas = [rest * w / weight_sum for w in weights]
    shares = [int(q) for q in quotas]
    order = sorted(range(count), key=lambda i: (-(quotas[i] - shares[i]), i))
    for i in order[: rest - sum(shares)]:
        shares[i] += 1
    return [minimum + share for share in shares]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Hundreds of thousands of new objects and no cycles worth collecting: twice as fast without gc."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def totp_secret(seed: int, username: str) -> str:
    """A base32 TOTP secret derived from the seed and the username (stable across runs)."""
    digest = hashlib.sha256(f"eleve360-demo:{seed}:{username}".encode()).digest()
    return base64.b32encode(digest[:20]).decode("ascii")


def weekday_on_or_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def friday_on_or_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - 4) % 7)


def etapes(label: str) -> list[tuple[int, dt.date, dt.date, int]]:
    """Three étapes (number, start, end, weight %): to mid-November, to mid-March, to the end of June."""
    start, _end = school_year_bounds(label)
    first, second = start.year, start.year + 1
    classes_start = weekday_on_or_after(dt.date(first, 8, 27))
    end1 = friday_on_or_before(dt.date(first, 11, 14))
    end2 = friday_on_or_before(dt.date(second, 3, 13))
    end3 = weekday_on_or_before(dt.date(second, 6, 23))
    return [
        (1, classes_start, end1, 20),
        (2, end1 + dt.timedelta(days=3), end2, 20),
        (3, end2 + dt.timedelta(days=3), end3, 60),
    ]


def school_year_start() -> dt.date:
    return school_year_bounds(CURRENT_YEAR)[0]


# ---------------------------------------------------------------------------------------------------------
# The plan: unsaved model instances and what the builder needs to know about them


@dataclass
class SchoolPlan:
    school: School
    network: int
    place: Place
    secondary: bool
    size: float
    grades: list[Grade]
    students: list[int] = field(default_factory=list)  # indexes into Plan.students


@dataclass
class Plan:
    centre: ServiceCentre
    networks: list[Network] = field(default_factory=list)
    schools: list[SchoolPlan] = field(default_factory=list)
    years: list[SchoolYear] = field(default_factory=list)
    periods: list[ReportPeriod] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    students: list[Student] = field(default_factory=list)
    student_school: list[int] = field(default_factory=list)  # index of the student's SchoolPlan
    guardians: list[Guardian] = field(default_factory=list)
    # (guardian index, student index, relationship, lives with the student): made into rows once keyed
    links: list[tuple[int, int, str, bool]] = field(default_factory=list)
    users: list[User] = field(default_factory=list)
    user_schools: list[tuple[User, School]] = field(default_factory=list)
    user_networks: list[tuple[User, Network]] = field(default_factory=list)
    group_teachers: list[tuple[Group, User]] = field(default_factory=list)
    caseloads: list[Caseload] = field(default_factory=list)
    # demo accounts: username → the user (staff, parent, student)
    accounts: dict[str, User] = field(default_factory=dict)
    # working indexes
    group_teacher: dict[int, User] = field(default_factory=dict)  # id(group) → teacher
    school_principal: dict[int, User] = field(default_factory=dict)  # school index → principal
    professionals: list[tuple[User, ProfessionSpec, list[int]]] = field(default_factory=list)
    demo_school: int = 0
    demo_group: Group | None = None
    demo_student: int = -1  # the `eleve` account's student, child of `parent`
    demo_sibling: int = -1  # a younger child of `parent`, in primary
    demo_guardian: Guardian | None = None


class Builder:
    """Plans a demo centre in memory. Each step draws from its own seeded random stream."""

    def __init__(
        self,
        students: int,
        seed: int,
        *,
        taken_codes: frozenset[str] = frozenset(),
        taken_usernames: frozenset[str] = frozenset(),
        taken_ministry_codes: frozenset[str] = frozenset(),
    ) -> None:
        if students < MIN_STUDENTS:
            raise ValueError(f"au moins {MIN_STUDENTS} élèves")
        self.n = students
        self.seed = seed
        self.taken_codes = taken_codes
        self.taken_ministry_codes = taken_ministry_codes
        self.used_usernames: dict[str, int] = dict.fromkeys(taken_usernames, 1)
        for username in DEMO_USERNAMES:
            self.used_usernames[username] = 1
        self.unusable = make_password(None)
        self._eligible: dict[tuple[str, int], list[int]] = {}
        self._pools: dict[tuple[str, tuple[int, ...]], tuple[list[int], list[int]]] = {}
        self.plan = Plan(
            centre=ServiceCentre(
                name=geography.CENTRE_NAME, code=geography.CENTRE_CODE, region=geography.REGION
            )
        )

    # -- random streams -------------------------------------------------------------------------------

    def rng(self, step: str) -> random.Random:
        return random.Random(f"eleve360-demo:{self.seed}:{step}")  # noqa: S311 — fiction, not secrets

    def faker(self, step: str) -> Faker:
        fake = Faker("fr_CA")
        fake.seed_instance(self.rng(step).getrandbits(48))
        return fake

    # -- the build -------------------------------------------------------------------------------------

    def build(self) -> Plan:
        with paused_gc():
            return self._build()

    def _build(self) -> Plan:
        self.schools()
        self.school_years()
        self.students()
        self.groups()
        self.choose_demo_family()
        self.families()
        self.codes_permanents()
        self.staff()
        self.caseloads()
        self.demo_accounts()
        return self.plan

    def schools(self) -> None:
        rng = self.rng("schools")
        plan = self.plan
        n_schools = max(4, round(self.n / STUDENTS_PER_SCHOOL))
        n_secondary = max(1, round(n_schools / 5.5))
        n_primary = n_schools - n_secondary
        layout = geography.zones_of_network(min(round(n_schools / 8), n_primary))
        populations = [sum(p.population for p in geography.places_in(zones)) for _name, zones in layout]
        plan.networks = [Network(centre=plan.centre, name=name) for name, _zones in layout]
        primaries = apportion(n_primary, populations, minimum=1)
        if n_secondary >= len(layout):
            secondaries = apportion(n_secondary, populations, minimum=1)
        else:  # the most populous networks get one; the first network (the demo's) always does
            ranked = sorted(range(len(layout)), key=lambda i: (i != 0, -populations[i], i))
            chosen = set(ranked[:n_secondary])
            secondaries = [1 if i in chosen else 0 for i in range(len(layout))]
        codes = self.ministry_codes(rng, n_schools)
        primary_names = _NameSource(catalogue.PRIMARY_SCHOOL_NAMES, rng)
        secondary_names = _NameSource(catalogue.SECONDARY_SCHOOL_NAMES, rng)
        for network_index, (_name, zones) in enumerate(layout):
            places = geography.places_in(zones)
            weights = [p.population for p in places]
            for secondary, count in ((True, secondaries[network_index]), (False, primaries[network_index])):
                for _ in range(count):
                    place = rng.choices(places, weights=[w**1.3 if secondary else w for w in weights])[0]
                    names_source = secondary_names if secondary else primary_names
                    plan.schools.append(
                        self.school(rng, network_index, place, secondary, codes.pop(), names_source)
                    )
        plan.demo_school = next(i for i, s in enumerate(plan.schools) if s.network == 0 and s.secondary)

    def ministry_codes(self, rng: random.Random, count: int) -> list[str]:
        """Six digits: the centre's prefix and three digits (the next prefixes if it runs out)."""
        pool: list[str] = []
        for prefix in (geography.MINISTRY_PREFIX, "797", "799", "796"):
            pool += [
                f"{prefix}{i:03d}"
                for i in range(1, 1000)
                if f"{prefix}{i:03d}" not in self.taken_ministry_codes
            ]
            if len(pool) >= count * 2:
                break
        return rng.sample(pool, count)

    def school(
        self,
        rng: random.Random,
        network_index: int,
        place: Place,
        secondary: bool,
        code: str,
        names_source: _NameSource,
    ) -> SchoolPlan:
        imse = min(10, max(1, round(5.5 + geography.ZONE_DEPRIVATION[place.zone] + rng.gauss(0, 2.3))))
        sfr = min(10, max(1, imse + round(rng.gauss(0, 1.2))))
        latitude, longitude = geography.near(rng, place)
        school = School(
            centre=self.plan.centre,
            network=self.plan.networks[network_index],
            ministry_code=code,
            name=names_source.next(place),
            address=geography.street_address(rng),
            city=place.city,
            postal_code=geography.postal_code(rng, place),
            region=geography.REGION,
            latitude=latitude,
            longitude=longitude,
            level=School.Level.SECONDARY if secondary else School.Level.PRIMARY,
            imse_decile=imse,
            sfr_decile=sfr,
        )
        if secondary:
            grades = list(catalogue.SECONDARY_GRADES)
        else:
            grades = [g for g in catalogue.PRIMARY_GRADES if g.code != "M4" or imse >= catalogue.M4_MIN_IMSE]
        size = rng.uniform(0.6, 1.5) if secondary else rng.uniform(0.55, 1.6)
        return SchoolPlan(school, network_index, place, secondary, size, grades)

    def school_years(self) -> None:
        plan = self.plan
        for label, current in ((PREVIOUS_YEAR, False), (CURRENT_YEAR, True)):
            start, end = school_year_bounds(label)
            year = SchoolYear(centre=plan.centre, label=label, start=start, end=end, is_current=current)
            plan.years.append(year)
            for number, first, last, weight in etapes(label):
                plan.periods.append(
                    ReportPeriod(school_year=year, number=number, start=first, end=last, weight=weight)
                )

    def students(self) -> None:
        """Students by school and grade: sex, birth date, retention, EHDAA code and health alert."""
        rng = self.rng("students")
        plan = self.plan
        start = school_year_start()
        n_secondary = round(self.n * SECONDARY_SHARE)
        for secondary, total in ((True, n_secondary), (False, self.n - n_secondary)):
            cells = [
                (index, grade)
                for index, school in enumerate(plan.schools)
                if school.secondary == secondary
                for grade in school.grades
            ]
            counts = apportion(total, [plan.schools[i].size * g.weight for i, g in cells])
            for (school_index, grade), count in zip(cells, counts, strict=True):
                for _ in range(count):
                    self.student(rng, school_index, grade, start)
        # keep the roster in school order (primary and secondary were drawn separately)
        order = sorted(range(len(plan.students)), key=lambda i: (plan.student_school[i], i))
        plan.students = [plan.students[i] for i in order]
        plan.student_school = [plan.student_school[i] for i in order]
        for index, school_index in enumerate(plan.student_school):
            plan.schools[school_index].students.append(index)

    def student(self, rng: random.Random, school_index: int, grade: Grade, start: dt.date) -> None:
        school = self.plan.schools[school_index]
        roll = rng.random()
        sex = "F" if roll < 0.487 else ("M" if roll < 0.997 else "X")
        deprivation = 1 + ((school.school.imse_decile or 5) - 5.5) * 0.05
        ehdaa = ""
        if rng.random() < catalogue.EHDAA_RATE[sex] * deprivation:
            ehdaa = catalogue.EHDAA_CODES.pick(rng)
        retention = grade.retention * (1.3 if sex == "M" else 0.75) * deprivation * (1.6 if ehdaa else 1.0)
        years_repeated = 1 if rng.random() < retention else 0
        earliest, days = catalogue.birth_window(grade, years_repeated, start)
        birth = earliest + dt.timedelta(days=rng.randrange(days))
        health = catalogue.HEALTH_ALERTS.pick(rng) if rng.random() < catalogue.HEALTH_ALERT_RATE else ""
        self.plan.students.append(
            Student(
                school=school.school,
                grade_level=grade.code,
                birth_date=birth,
                sex=sex,
                years_repeated=years_repeated,
                ehdaa_code=ehdaa,
                health_alert=health,
            )
        )
        self.plan.student_school.append(school_index)

    def groups(self) -> None:
        """Groups of about 17 to 30 by grade (smaller in kindergarten), students dealt round-robin."""
        plan = self.plan
        year = plan.years[-1]
        for school in plan.schools:
            by_grade: dict[str, list[int]] = {}
            for index in school.students:
                by_grade.setdefault(plan.students[index].grade_level, []).append(index)
            for grade in school.grades:
                members = by_grade.get(grade.code, [])
                if not members:
                    continue
                n_groups = math.ceil(len(members) / grade.group_size)
                groups = [
                    Group(school=school.school, school_year=year, code=catalogue.group_code(grade, k))
                    for k in range(n_groups)
                ]
                plan.groups.extend(groups)
                for position, index in enumerate(members):
                    plan.students[index].group = groups[position % n_groups]

    def choose_demo_family(self) -> None:
        """The `eleve` account: a student of 14+ in a secondary 4 (or 5, 3) group of the demo school;
        the `parent` account is their parent, with a younger child in a primary school of the network."""
        plan = self.plan
        today = timezone.localdate()
        school = plan.schools[plan.demo_school]
        for grade in ("S4", "S5", "S3"):
            candidates = [
                i
                for i in school.students
                if plan.students[i].grade_level == grade
                and age_on(plan.students[i].birth_date, today) >= 14
                and age_on(plan.students[i].birth_date, dt.date(school_year_start().year, 9, 30)) >= 14
            ]
            if candidates:
                first_group = plan.students[candidates[0]].group
                in_group = [i for i in candidates if plan.students[i].group is first_group]
                plan.demo_student = in_group[0]
                plan.demo_group = first_group
                break
        else:
            raise ValueError("aucun élève de 14 ans ou plus dans l'école de démonstration")
        sibling_grades = ("P4", "P3", "P5", "P2", "P6", "P1")
        primaries = [s for s in plan.schools if s.network == 0 and not s.secondary]
        for grade in sibling_grades:
            for primary in primaries:
                found = [i for i in primary.students if plan.students[i].grade_level == grade]
                if found:
                    plan.demo_sibling = found[0]
                    return

    def families(self) -> None:
        """Families within each network: 1 to 4 children, siblings at least ~10 months apart; names,
        guardians and links. The demo family (the `eleve` student and a younger sibling) comes first."""
        rng = self.rng("families")
        fake = self.faker("families")
        plan = self.plan
        demo = [i for i in (plan.demo_student, plan.demo_sibling) if i >= 0]
        self.family(rng, fake, demo)
        plan.demo_guardian = plan.guardians[0]
        used = set(demo)
        for network_index in range(len(plan.networks)):
            members = [
                i
                for i, s in enumerate(plan.student_school)
                if plan.schools[s].network == network_index and i not in used
            ]
            rng.shuffle(members)
            position = 0
            while position < len(members):
                size = int(FAMILY_SIZES.pick(rng))
                family = [members[position]]
                position += 1
                while len(family) < size and position < len(members):
                    candidate = members[position]
                    birth = plan.students[candidate].birth_date
                    if any(abs((plan.students[k].birth_date - birth).days) < 300 for k in family):
                        break
                    family.append(candidate)
                    position += 1
                self.family(rng, fake, family)

    def surname(self, rng: random.Random, fake: Faker) -> str:
        return names.SURNAMES.pick(rng) if rng.random() < 0.7 else str(fake.last_name())

    def adult_first_name(self, rng: random.Random, fake: Faker, woman: bool) -> str:
        if rng.random() < 0.65:
            return (names.WOMAN_NAMES if woman else names.MAN_NAMES).pick(rng)
        return str(fake.first_name_female() if woman else fake.first_name_male())

    def child_first_name(self, rng: random.Random, sex: str) -> str:
        """From the lists of names given in Quebec since 2008 (Faker's are a generation older)."""
        girl = sex == "F" or (sex == "X" and rng.random() < 0.5)
        return (names.GIRL_NAMES if girl else names.BOY_NAMES).pick(rng)

    def family(self, rng: random.Random, fake: Faker, children: list[int]) -> None:
        plan = self.plan
        kind = FAMILY_KINDS.pick(rng)
        father_last = self.surname(rng, fake)
        mother_last = self.surname(rng, fake)
        if mother_last == father_last:
            mother_last = self.surname(rng, fake)
        roll = rng.random()
        if kind == "two":
            child_last = (
                father_last
                if roll < 0.8
                else (f"{father_last}-{mother_last}" if roll < 0.92 else mother_last)
            )
        elif kind == "mother":
            child_last = father_last if roll < 0.6 else mother_last
        else:
            child_last = father_last
        adults: list[tuple[str, str, str]] = []  # first name, last name, relationship
        if kind in ("two", "mother"):
            adults.append(
                (self.adult_first_name(rng, fake, True), mother_last, GuardianLink.Relationship.MOTHER)
            )
        if kind in ("two", "father"):
            adults.append(
                (self.adult_first_name(rng, fake, False), father_last, GuardianLink.Relationship.FATHER)
            )
        if kind == "tutor":
            woman = rng.random() < 0.7
            last = child_last if rng.random() < 0.5 else self.surname(rng, fake)
            adults.append((self.adult_first_name(rng, fake, woman), last, GuardianLink.Relationship.TUTOR))
        separated = kind == "two" and rng.random() < 0.2
        away = rng.randrange(len(adults)) if separated else -1
        given: list[str] = []
        for index in children:
            student = plan.students[index]
            first = self.child_first_name(rng, student.sex)
            for _ in range(5):
                if first not in given:
                    break
                first = self.child_first_name(rng, student.sex)
            given.append(first)
            student.first_name, student.last_name = first, child_last
        for position, (first, last, relationship) in enumerate(adults):
            guardian = Guardian(
                first_name=first,
                last_name=last,
                email=self.email(rng, first, last),
                phone=names.phone(rng),
                preferred_language="en" if rng.random() < 0.02 else "fr-ca",
            )
            plan.guardians.append(guardian)
            guardian_index = len(plan.guardians) - 1
            for index in children:
                plan.links.append((guardian_index, index, relationship, position != away))

    def email(self, rng: random.Random, first: str, last: str) -> str:
        suffix = f"{rng.randrange(10, 100)}" if rng.random() < 0.4 else ""
        return f"{names.slug(first)}.{names.slug(last)}{suffix}@{names.EMAIL_DOMAINS.pick(rng)}"

    def codes_permanents(self) -> None:
        """LLLF DD MM YY NN: 3 letters of the surname, 1 of the first name, birth date (month + 50 for
        girls), then two digits that make the code unique."""
        rng = self.rng("codes")
        used = set(self.taken_codes)
        for student in self.plan.students:
            surname = (names.letters(student.last_name) + "XXX")[:3]
            initial = (names.letters(student.first_name) + "X")[:1]
            birth = student.birth_date
            month = birth.month + (50 if student.sex == "F" else 0)
            stem = f"{surname}{initial}{birth.day:02d}{month:02d}{birth.year % 100:02d}"
            suffix = rng.randrange(1, 100)
            for _ in range(99):
                code = f"{stem}{suffix:02d}"
                if code not in used:
                    break
                suffix = suffix % 99 + 1
            else:
                raise ValueError(f"plus de code permanent libre pour {stem}")
            used.add(code)
            student.code_permanent = code

    # -- staff -------------------------------------------------------------------------------------------

    def staff(self) -> None:
        rng = self.rng("staff")
        fake = self.faker("staff")
        plan = self.plan
        for school_index, school in enumerate(plan.schools):
            principal = self.user(rng, fake, Role.PRINCIPAL, WOMEN_SHARE["principal"])
            plan.school_principal[school_index] = principal
            plan.user_schools.append((principal, school.school))
            for _ in range(len(school.students) // 650):  # directions adjointes in large schools
                deputy = self.user(rng, fake, Role.PRINCIPAL, WOMEN_SHARE["principal"])
                plan.user_schools.append((deputy, school.school))
        school_of_group = {id(s.school): s for s in plan.schools}
        for group in plan.groups:
            secondary = school_of_group[id(group.school)].secondary
            share = WOMEN_SHARE["secondary_teacher" if secondary else "primary_teacher"]
            teacher = self.user(rng, fake, Role.TEACHER, share)
            plan.group_teachers.append((group, teacher))
            plan.user_schools.append((teacher, group.school))
            plan.group_teacher[id(group)] = teacher
        for spec in PROFESSIONS:
            self.professionals(rng, fake, spec)
        self.user(rng, fake, Role.MANAGER, WOMEN_SHARE["other"])
        for _ in range(1 if self.n < 1000 else 2):
            self.user(rng, fake, Role.COORDINATOR, WOMEN_SHARE["other"])
        self.user(rng, fake, Role.PRIVACY_OFFICER, WOMEN_SHARE["other"])

    def user(self, rng: random.Random, fake: Faker, role: str, women: float, profession: str = "") -> User:
        woman = rng.random() < women
        first = self.adult_first_name(rng, fake, woman)
        last = self.surname(rng, fake)
        user = User(
            username=self.username(names.username_for(first, last)),
            first_name=first,
            last_name=last,
            role=role,
            profession=profession,
            centre=self.plan.centre,
            password=self.unusable,
        )
        user.email = f"{user.username}@{geography.CENTRE_EMAIL_DOMAIN}"
        self.plan.users.append(user)
        return user

    def username(self, base: str) -> str:
        count = self.used_usernames.get(base, 0)
        candidate = base if count == 0 else f"{base}{count + 1}"
        while candidate in self.used_usernames:
            count += 1
            candidate = f"{base}{count + 1}"
        self.used_usernames[base] = count + 1
        self.used_usernames[candidate] = 1
        return candidate

    def eligible(self, spec: ProfessionSpec, school_index: int) -> list[int]:
        """Students of a school that a profession usually serves (cached: asked once per professional)."""
        key = (spec.profession, school_index)
        if key not in self._eligible:
            students = self.plan.students
            self._eligible[key] = [
                i for i in self.plan.schools[school_index].students if students[i].grade_level in spec.grades
            ]
        return self._eligible[key]

    def pools(self, spec: ProfessionSpec, served_schools: list[int]) -> tuple[list[int], list[int]]:
        """All eligible students of the schools served, and those matching the profession's priority."""
        key = (spec.profession, tuple(served_schools))
        if key not in self._pools:
            pool = [i for s in served_schools for i in self.eligible(spec, s)]
            students = self.plan.students
            self._pools[key] = (pool, [i for i in pool if spec.priority(students[i])])
        return self._pools[key]

    def professionals(self, rng: random.Random, fake: Faker, spec: ProfessionSpec) -> None:
        """Staff a profession in proportion to the students it can serve, by network or by school.

        With fewer professionals than units, each one covers a run of consecutive units; otherwise each
        unit gets at least one. The first professional always serves the first unit (the demo's)."""
        plan = self.plan
        if spec.serves == "network":
            units: list[list[int]] = [
                [i for i, s in enumerate(plan.schools) if s.network == n] for n in range(len(plan.networks))
            ]
        else:
            units = [[i] for i in range(len(plan.schools))]
        sizes = [sum(len(self.eligible(spec, i)) for i in unit) for unit in units]
        units = [unit for unit, size in zip(units, sizes, strict=True) if size]
        sizes = [size for size in sizes if size]
        count = max(1, round(sum(sizes) / spec.students_per_professional))
        if count >= len(units):
            per_unit = apportion(count, sizes, minimum=1)
            assignments = [[u] for u, k in enumerate(per_unit) for _ in range(k)]
        else:
            bounds = apportion(len(units), [1.0] * count)
            assignments, start = [], 0
            for width in bounds:
                assignments.append(list(range(start, start + width)))
                start += width
        for served_units in assignments:
            user = self.user(rng, fake, Role.PROFESSIONAL, WOMEN_SHARE["other"], spec.profession)
            served_schools = [i for u in served_units for i in units[u]]
            if spec.serves == "network":
                for network_index in sorted({plan.schools[i].network for i in served_schools}):
                    plan.user_networks.append((user, plan.networks[network_index]))
            else:
                for school_index in served_schools:
                    plan.user_schools.append((user, plan.schools[school_index].school))
            plan.professionals.append((user, spec, served_schools))

    # -- caseloads ------------------------------------------------------------------------------------

    def caseloads(self) -> None:
        """15 to 40 active students per professional from the schools served (about 40 % of them from
        the profession's usual priorities), plus a few files closed at the end of last year."""
        rng = self.rng("caseloads")
        plan = self.plan
        this_year = school_year_start()
        last_year = school_year_bounds(PREVIOUS_YEAR)[0]
        forced = self.forced_caseloads()
        for position, (user, spec, served_schools) in enumerate(plan.professionals):
            pool, priority = self.pools(spec, served_schools)
            if not pool:
                continue
            wanted = min(len(pool), rng.randint(15, 40))
            chosen = list(forced.get(position, []))
            taken = set(chosen)
            for i in rng.sample(priority, min(len(priority), round(wanted * 0.4))):
                if i not in taken and len(chosen) < wanted:
                    chosen.append(i)
                    taken.add(i)
            attempts = 0
            while len(chosen) < wanted and attempts < wanted * 20:
                i = pool[rng.randrange(len(pool))]
                attempts += 1
                if i not in taken:
                    chosen.append(i)
                    taken.add(i)
            for i in chosen:
                started = this_year + dt.timedelta(days=rng.randrange(62, 135))  # September to mid-November
                plan.caseloads.append(
                    Caseload(professional=user, student=plan.students[i], started_on=started)
                )
            for _ in range(rng.randrange(0, 5)):
                i = pool[rng.randrange(len(pool))]
                started = last_year + dt.timedelta(days=rng.randrange(70, 200))
                plan.caseloads.append(
                    Caseload(
                        professional=user,
                        student=plan.students[i],
                        started_on=started,
                        ended_on=dt.date(last_year.year + 1, 6, 19),
                    )
                )

    def forced_caseloads(self) -> dict[int, list[int]]:
        """The demo psychologist serves the `eleve` student; the demo speech therapist, the sibling."""
        plan = self.plan
        forced: dict[int, list[int]] = {}
        wanted = (
            (Profession.PSYCHOLOGIST, plan.demo_student),
            (Profession.SPEECH_THERAPIST, plan.demo_sibling),
        )
        for profession, student in wanted:
            position = self.first_professional(profession)
            if student >= 0 and position is not None:
                forced.setdefault(position, []).append(student)
        return forced

    def first_professional(self, profession: str) -> int | None:
        for position, (_user, spec, _schools) in enumerate(self.plan.professionals):
            if spec.profession == profession:
                return position
        return None

    # -- demo accounts -------------------------------------------------------------------------------

    def demo_accounts(self) -> None:
        plan = self.plan
        staff: dict[str, User] = {}
        for username, profession in (
            ("psychologue", Profession.PSYCHOLOGIST),
            ("orthophoniste", Profession.SPEECH_THERAPIST),
        ):
            position = self.first_professional(profession)
            assert position is not None
            staff[username] = plan.professionals[position][0]
        staff["direction"] = plan.school_principal[plan.demo_school]
        assert plan.demo_group is not None
        staff["enseignant"] = plan.group_teacher[id(plan.demo_group)]
        for username, role in (
            ("guichet", Role.COORDINATOR),
            ("gestion", Role.MANAGER),
            ("prp", Role.PRIVACY_OFFICER),
        ):
            staff[username] = next(u for u in plan.users if u.role == role)
        for username, user in staff.items():
            self.rename(user, username)
        student = plan.students[plan.demo_student]
        guardian = plan.demo_guardian
        assert guardian is not None
        domain = geography.CENTRE_EMAIL_DOMAIN
        eleve = User(
            username="eleve",
            first_name=student.first_name,
            last_name=student.last_name,
            email=f"{names.username_for(student.first_name, student.last_name)}@eleves.{domain}",
            role=Role.STUDENT,
        )
        parent = User(
            username="parent",
            first_name=guardian.first_name,
            last_name=guardian.last_name,
            email=guardian.email,
            role=Role.GUARDIAN,
        )
        plan.users.extend([parent, eleve])
        student.user, guardian.user = eleve, parent
        staff["parent"], staff["eleve"] = parent, eleve
        plan.accounts = {account.username: staff[account.username] for account in DEMO_ACCOUNTS}

    def rename(self, user: User, username: str) -> None:
        user.username = username
        user.email = f"{username}@{geography.CENTRE_EMAIL_DOMAIN}"


class _NameSource:
    """School names in a shuffled order; when the list runs out, names come back with the town."""

    def __init__(self, stems: Sequence[str], rng: random.Random) -> None:
        self.stems = list(stems)
        rng.shuffle(self.stems)
        self.position = 0
        self.used: set[str] = set()

    def next(self, place: Place) -> str:
        stem = self.stems[self.position % len(self.stems)]
        rounds = self.position // len(self.stems)
        self.position += 1
        name = stem if rounds == 0 else f"{stem} de {place.city}"
        if name in self.used:
            name = f"{stem} ({place.sector})"
        counter = 2
        base = name
        while name in self.used:
            name = f"{base} {counter}"
            counter += 1
        self.used.add(name)
        return name


# ---------------------------------------------------------------------------------------------------------
# Writing


def _bulk(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    model._default_manager.bulk_create(objects, batch_size=BATCH_SIZE)


def write(plan: Plan, seed: int, password: str = DEMO_PASSWORD, log: Log | None = None) -> dict[str, int]:
    """Write a plan in dependency order. Parents first, so that bulk_create gets their keys."""
    say = log or (lambda _message: None)
    ensure_default_domains(ServiceDomain)
    plan.centre.save()
    _bulk(Network, plan.networks)
    _bulk(School, [s.school for s in plan.schools])
    _bulk(SchoolYear, plan.years)
    _bulk(ReportPeriod, plan.periods)
    _bulk(Group, plan.groups)
    shared_hash = make_password(password)  # hashed once for every demo account
    for user in plan.accounts.values():
        user.password = shared_hash
    _bulk(User, plan.users)
    say(f"  {len(plan.users)} comptes")
    _bulk(User.schools.through, [User.schools.through(user=u, school=s) for u, s in plan.user_schools])
    _bulk(User.networks.through, [User.networks.through(user=u, network=n) for u, n in plan.user_networks])
    _bulk(Group.teachers.through, [Group.teachers.through(group=g, user=u) for g, u in plan.group_teachers])
    _bulk(Student, plan.students)
    say(f"  {len(plan.students)} élèves")
    _bulk(Guardian, plan.guardians)
    guardians, students = plan.guardians, plan.students
    links = [
        GuardianLink(
            guardian_id=guardians[g].pk,
            student_id=students[s].pk,
            relationship=relationship,
            has_parental_authority=True,
            lives_with_student=lives_with,
        )
        for g, s, relationship, lives_with in plan.links
    ]
    _bulk(GuardianLink, links)
    say(f"  {len(plan.guardians)} parents, {len(plan.links)} liens")
    _bulk(Caseload, plan.caseloads)
    for account in DEMO_ACCOUNTS:
        if account.role not in (Role.GUARDIAN, Role.STUDENT):
            TOTP.activate(plan.accounts[account.username], totp_secret(seed, account.username))
    return {
        "réseaux": len(plan.networks),
        "écoles": len(plan.schools),
        "groupes": len(plan.groups),
        "élèves": len(plan.students),
        "parents": len(plan.guardians),
        "personnel": sum(1 for u in plan.users if u.role not in (Role.GUARDIAN, Role.STUDENT)),
        "charges de cas": sum(1 for c in plan.caseloads if c.ended_on is None),
    }


def refresh_statistics() -> None:
    """After a bulk load, PostgreSQL's planner still holds the statistics of empty tables until
    autovacuum passes; ANALYZE now so that the first pages (and bench/) use the right plans."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def generate(students: int, seed: int, *, reset: bool = False, log: Log | None = None) -> DemoResult:
    """Build and write the demo centre in one transaction; with `reset`, remove the previous one first."""
    began = time.perf_counter()
    say = log or (lambda _message: None)
    with transaction.atomic(), disable_auditlog(), paused_gc():
        if reset:
            delete_demo(log=say)
        elif ServiceCentre.objects.filter(code=geography.CENTRE_CODE).exists():
            raise DemoExists("le centre de démonstration existe déjà (utilisez --reset pour le recréer)")
        planning = time.perf_counter()
        builder = Builder(
            students,
            seed,
            taken_codes=frozenset(Student.objects.values_list("code_permanent", flat=True)),
            taken_usernames=frozenset(User.objects.values_list("username", flat=True)),
            taken_ministry_codes=frozenset(School.objects.values_list("ministry_code", flat=True)),
        )
        plan = builder.build()
        say(f"  plan prêt en {time.perf_counter() - planning:.1f} s")
        counts = write(plan, seed, log=say)
        counts["demandes de service"] = write_intake_history(seed, log=say)
        counts.update(write_histories(seed, log=say))
    refresh_statistics()
    accounts = [
        AccountRow(
            label=account.label,
            username=account.username,
            full_name=plan.accounts[account.username].get_full_name(),
            password=DEMO_PASSWORD,
            totp_secret=""
            if account.role in (Role.GUARDIAN, Role.STUDENT)
            else totp_secret(seed, account.username),
        )
        for account in DEMO_ACCOUNTS
    ]
    return DemoResult(plan.centre, counts, accounts, time.perf_counter() - began)


class DemoExists(Exception):
    """The demo centre is already in the database."""


# ---------------------------------------------------------------------------------------------------------
# Reading back and removing


def existing_accounts() -> list[AccountRow]:
    """The demo accounts as they are in the database (TOTP secrets decrypted from the authenticators)."""
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    secrets: dict[int, str] = {}
    for authenticator in Authenticator.objects.filter(
        user__in=list(users.values()), type=Authenticator.Type.TOTP
    ).order_by("pk"):
        secrets[authenticator.user_id] = decrypt(authenticator.data["secret"])
    reference = users.get("psychologue")
    unchanged_hash = (
        reference.password if reference and check_password(DEMO_PASSWORD, reference.password) else None
    )
    rows = []
    for account in DEMO_ACCOUNTS:
        user = users.get(account.username)
        if user is None:
            continue
        password = DEMO_PASSWORD if user.password == unchanged_hash else "(modifié)"
        rows.append(
            AccountRow(
                account.label, account.username, user.get_full_name(), password, secrets.get(user.pk, "")
            )
        )
    return rows


def _delete(queryset: models.QuerySet[Any], depth: int = 0) -> int:
    """Delete, first removing what protects the rows (rows of other apps that point at demo data)."""
    try:
        return queryset.delete()[0]
    except (ProtectedError, RestrictedError) as error:
        if depth > 8:
            raise
        blocking = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
        by_model: dict[type[models.Model], list[Any]] = {}
        for obj in blocking:
            by_model.setdefault(type(obj), []).append(obj.pk)
        for model in sorted(by_model, key=lambda m: m._meta.label):
            pks = sorted(by_model[model])
            for start in range(0, len(pks), 500):
                _delete(model._default_manager.filter(pk__in=pks[start : start + 500]), depth + 1)
        return _delete(queryset, depth + 1)


def delete_demo(log: Log | None = None) -> int:
    """Remove the demo centre and everything attached to it (superusers are kept)."""
    say = log or (lambda _message: None)
    deleted = 0
    with transaction.atomic(), disable_auditlog():
        centre = ServiceCentre.objects.filter(code=geography.CENTRE_CODE).first()
        family_users: list[int] = []
        if centre is not None:
            family_users = list(
                User.objects.filter(
                    Q(student_profile__school__centre=centre)
                    | Q(guardian_profile__links__student__school__centre=centre)
                )
                .values_list("pk", flat=True)
                .distinct()
            )
        owned = Q(username__in=DEMO_USERNAMES) | Q(pk__in=family_users)
        if centre is not None:
            owned |= Q(centre=centre)
        users = User.objects.filter(owned, is_superuser=False)
        requests = ServiceRequest.objects.filter(Q(requested_by__in=users) | Q(assigned_to__in=users))
        students = Student.objects.none()
        if centre is not None:
            students = Student.objects.filter(school__centre=centre)
            requests |= ServiceRequest.objects.filter(student__in=students)
        deleted += delete_histories(students, users)
        deleted += _delete(ServiceEpisode.objects.filter(Q(request__in=requests) | Q(professional__in=users)))
        deleted += _delete(requests)  # their events go with them
        if centre is not None:
            deleted += _delete(Caseload.objects.filter(Q(student__in=students) | Q(professional__in=users)))
            deleted += _delete(
                BreakGlassAccess.objects.filter(
                    Q(student__in=students) | Q(user__in=users) | Q(reviewed_by__in=users)
                )
            )
            links = GuardianLink.objects.filter(student__school__centre=centre)
            deleted += _delete(Guardian.objects.filter(pk__in=links.values("guardian_id")))
            deleted += _delete(students)
            deleted += _delete(Group.objects.filter(school__centre=centre))
        else:
            deleted += _delete(Caseload.objects.filter(professional__in=users))
            deleted += _delete(BreakGlassAccess.objects.filter(Q(user__in=users) | Q(reviewed_by__in=users)))
        deleted += _delete(users)
        if centre is not None:
            deleted += _delete(ReportPeriod.objects.filter(school_year__centre=centre))
            deleted += _delete(SchoolYear.objects.filter(centre=centre))
            deleted += _delete(School.objects.filter(centre=centre))
            deleted += _delete(Network.objects.filter(centre=centre))
            deleted += _delete(ServiceCentre.objects.filter(pk=centre.pk))
    say(f"  {deleted} lignes supprimées")
    return deleted
