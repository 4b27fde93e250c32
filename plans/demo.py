"""The plans d'intervention of the demo centre (see demo/histories.py for the contract).

About one student in 30 gets a plan for the current school year, chosen among the students with an EHDAA
code or who repeated a year (and the demo family's children, so that the portal shows one). Opened by a
principal of the school; phases spread (most in "réalisation" or "révision"), a few closed; objectives
and means in plausible French; monthly contacts with the parents, some of them overdue; a few family
signatures on the current version (the digest the real signing computes: `plans.signing`).

It writes what the named actions would have stored, without calling them (no audit row, no e-mail): a
few queries, nothing per student, then `bulk_create` (encrypted fields encrypt in bulk too).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.models import Role, SchoolYear, ServiceCentre, User
from lib import plans as logic
from plans import demo_texts as texts
from plans.models import (
    Channel,
    ContactMode,
    GuardianSignature,
    InterventionPlan,
    Means,
    Objective,
    ObjectiveStatus,
    ParentContact,
    Participant,
    ParticipantKind,
    Phase,
    PlanStatus,
    PriorityNeed,
    Review,
    SignerKind,
)
from plans.signing import canonical_content, objective_content
from students.models import Caseload, Group, GuardianLink, Student

BATCH_SIZE = 2000
CHUNK = 5000
SHARE = 1 / 30
PHASE_WEIGHTS = (
    (Phase.COLLECT, 0.1),
    (Phase.PLANNING, 0.15),
    (Phase.CARRYING_OUT, 0.5),
    (Phase.REVIEW, 0.25),
)
CLOSED_SHARE = 0.05
OVERDUE_SHARE = 0.2
SIGNED_SHARE = 0.35
FAMILY = ("parent", "eleve")


class Kid(NamedTuple):
    pk: int
    name: str
    school: int
    group: int | None
    birth: dt.date


class Snapshot(NamedTuple):
    year: SchoolYear
    kids: list[Kid]
    principals: dict[int, list[int]]  # school → principals
    teachers: dict[int, list[int]]  # group → teachers
    caseload: dict[int, list[int]]  # student → professionals
    guardians: dict[int, list[tuple[int, str]]]  # student → (guardian, name) with parental authority
    names: dict[int, str]  # staff → full name
    family: frozenset[int] = frozenset()  # the demo accounts' own children: always shown a shared plan


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]


def snapshot(centre: ServiceCentre, seed: int) -> Snapshot | None:
    year = SchoolYear.objects.filter(centre=centre, is_current=True).first()
    if year is None:
        return None
    students = Student.objects.filter(school__centre=centre)
    total = students.count()
    rng = random.Random(f"eleve360-demo:{seed}:plans:choice")  # noqa: S311 — fiction, not secrets
    pool = list(
        students.filter(~Q(ehdaa_code="") | Q(years_repeated__gt=0))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    chosen = set(rng.sample(pool, min(len(pool), max(1, round(total * SHARE))))) if pool else set()
    accounts = dict(User.objects.filter(username__in=FAMILY).values_list("username", "pk"))
    family = set(students.filter(user=accounts.get("eleve", -1)).values_list("pk", flat=True))
    family |= set(
        GuardianLink.objects.filter(
            guardian__user=accounts.get("parent", -1), student__school__centre=centre
        ).values_list("student_id", flat=True)
    )
    ids = sorted(chosen | family)
    kids: list[Kid] = []
    guardians: dict[int, list[tuple[int, str]]] = defaultdict(list)
    caseload: dict[int, list[int]] = defaultdict(list)
    for chunk in _chunks(ids):
        rows = Student.objects.filter(pk__in=chunk).order_by("pk")
        for pk, first, last, school, group, birth in rows.values_list(
            "pk", "first_name", "last_name", "school_id", "group_id", "birth_date"
        ):
            kids.append(Kid(pk, f"{first} {last}", school, group, birth))
        links = GuardianLink.objects.filter(student__in=chunk, has_parental_authority=True).order_by("pk")
        for student, guardian, first, last in links.values_list(
            "student_id", "guardian_id", "guardian__first_name", "guardian__last_name"
        ):
            guardians[student].append((guardian, f"{first} {last}"))
        active = Caseload.objects.active().filter(student__in=chunk).order_by("pk")
        for student, professional in active.values_list("student_id", "professional_id"):
            caseload[student].append(professional)
    principals: dict[int, list[int]] = defaultdict(list)
    through = User.schools.through.objects.filter(
        school__centre=centre, user__role=Role.PRINCIPAL, user__is_active=True
    )
    for school, user in through.order_by("user_id").values_list("school_id", "user_id"):
        principals[school].append(user)
    teachers: dict[int, list[int]] = defaultdict(list)
    taught = Group.teachers.through.objects.filter(group__school__centre=centre, group__school_year=year)
    for group, user in taught.order_by("user_id").values_list("group_id", "user_id"):
        teachers[group].append(user)
    staff = User.objects.filter(centre=centre, role__in=(Role.PRINCIPAL, Role.TEACHER, Role.PROFESSIONAL))
    names = {
        pk: f"{first} {last}".strip()
        for pk, first, last in staff.values_list("pk", "first_name", "last_name")
    }
    return Snapshot(year, kids, principals, teachers, caseload, guardians, names, frozenset(family))


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


class Planner:
    def __init__(self, snap: Snapshot, seed: int, today: dt.date) -> None:
        self.s = snap
        self.rng = random.Random(f"eleve360-demo:{seed}:plans")  # noqa: S311 — fiction, not secrets
        self.today = today
        self.plans: list[InterventionPlan] = []
        self.needs: list[list[PriorityNeed]] = []
        self.objectives: list[list[Objective]] = []
        self.means: list[list[tuple[int, Means]]] = []  # (objective index, means)
        self.participants: list[Participant] = []
        self.reviews: list[Review] = []
        self.contacts: list[ParentContact] = []
        self.signers: list[list[tuple[int, str]]] = []  # per plan: guardians who sign the current version
        self.kids: list[Kid] = []

    def day_between(self, first: dt.date, last: dt.date) -> dt.date:
        if last <= first:
            return first
        return first + dt.timedelta(days=self.rng.randrange((last - first).days + 1))

    def build(self) -> None:
        start = max(self.s.year.start + dt.timedelta(days=20), self.today - dt.timedelta(days=200))
        latest = self.today - dt.timedelta(days=3)
        for kid in self.s.kids:
            principals = self.s.principals.get(kid.school)
            if not principals or start > latest:
                continue
            if kid.pk in self.s.family:  # the portal's demo family sees a plan shared with them
                opened_on = min(latest, max(start, self.today - dt.timedelta(days=60)))
                self.plan(kid, principals[0], opened_on, shared=True)
            else:
                self.plan(kid, principals[0], self.day_between(start, latest))

    def plan(self, kid: Kid, principal: int, opened_on: dt.date, *, shared: bool = False) -> None:
        rng = self.rng
        phase = rng.choices([p for p, _w in PHASE_WEIGHTS], [w for _p, w in PHASE_WEIGHTS])[0]
        age = (self.today - opened_on).days
        if shared and age >= 25:
            phase = Phase.CARRYING_OUT
        if age < 25 and phase in (Phase.CARRYING_OUT, Phase.REVIEW):
            phase = Phase.PLANNING  # too recent to be carried out yet
        teachers = self.s.teachers.get(kid.group or 0, [])
        professionals = self.s.caseload.get(kid.pk, [])
        staff = [principal, *teachers[:1], *professionals[:2]]
        plan = InterventionPlan(
            student_id=kid.pk,
            school_year=self.s.year,
            opened_by_id=principal,
            opened_at=at(opened_on, 9),
            phase=phase,
            status=PlanStatus.DRAFT,
            strengths=rng.choice(texts.STRENGTHS),
            difficulties=rng.choice(texts.DIFFICULTIES),
            contact_responsible_id=teachers[0] if teachers and rng.random() < 0.5 else None,
        )
        needs = [
            PriorityNeed(description=text, position=i + 1)
            for i, text in enumerate(rng.sample(texts.NEEDS, rng.randint(1, 2)))
        ]
        objectives: list[Objective] = []
        means: list[tuple[int, Means]] = []
        if phase != Phase.COLLECT:
            for index, (text, indicator, target) in enumerate(
                rng.sample(texts.OBJECTIVES, rng.randint(1, 3))
            ):
                objectives.append(
                    Objective(
                        text=text,
                        indicator=indicator,
                        target=target,
                        due_on=self.s.year.end - dt.timedelta(days=rng.randrange(0, 120)),
                        status=ObjectiveStatus.IN_PROGRESS,
                    )
                )
                objectives[-1]._need_index = index % len(needs)  # type: ignore[attr-defined]
                for what, frequency in rng.sample(texts.MEANS, rng.randint(1, 2)):
                    who = rng.choice(staff) if rng.random() < 0.75 else None
                    means.append(
                        (
                            index,
                            Means(
                                what=what,
                                responsible_id=who,
                                responsible_text="" if who else rng.choice(texts.FAMILY_MEANS),
                                frequency=frequency,
                            ),
                        )
                    )
        plan.version = 2 + len(needs) + len(objectives) + len(means)
        self.contacts_for(plan, opened_on, rng.choice([principal, *teachers[:1]]))
        if phase in (Phase.CARRYING_OUT, Phase.REVIEW):
            activated = opened_on + dt.timedelta(days=rng.randint(14, min(24, age - 1)))
            plan.status, plan.activated_at, plan.shared_at = (
                PlanStatus.ACTIVE,
                at(activated, 15),
                at(activated, 15),
            )
            plan.next_review_on = self.today + dt.timedelta(days=rng.randint(7, 75))
            if phase == Phase.REVIEW:
                held = self.day_between(min(activated + dt.timedelta(days=10), self.today), self.today)
                self.reviews.append(
                    Review(
                        plan=plan,
                        held_on=held,
                        notes=rng.choice(texts.REVIEW_NOTES),
                        decisions=rng.choice(texts.REVIEW_DECISIONS),
                        recorded_by_id=principal,
                        recorded_at=at(held, 16),
                    )
                )
            if rng.random() < CLOSED_SHARE:
                plan.status, plan.closed_at = PlanStatus.CLOSED, at(self.today - dt.timedelta(days=1), 14)
                plan.closing_note = rng.choice(texts.CLOSING)
        guardians = self.s.guardians.get(kid.pk, [])
        signers = guardians[:1] if plan.shared_at and guardians and rng.random() < SIGNED_SHARE else []
        self.participants.append(
            Participant(
                plan=plan, kind=ParticipantKind.STAFF, user_id=principal, role_in_plan="Direction de l'école"
            )
        )
        for teacher in teachers[:1]:
            self.participants.append(
                Participant(
                    plan=plan,
                    kind=ParticipantKind.STAFF,
                    user_id=teacher,
                    role_in_plan="Enseignant·e titulaire",
                )
            )
        for professional in professionals[:2]:
            self.participants.append(
                Participant(
                    plan=plan,
                    kind=ParticipantKind.STAFF,
                    user_id=professional,
                    role_in_plan="Professionnel·le",
                )
            )
        self.participants.append(Participant(plan=plan, kind=ParticipantKind.STUDENT, role_in_plan="Élève"))
        for guardian, _name in guardians:
            self.participants.append(
                Participant(
                    plan=plan, kind=ParticipantKind.GUARDIAN, guardian_id=guardian, role_in_plan="Parent"
                )
            )
        self.plans.append(plan)
        self.needs.append(needs)
        self.objectives.append(objectives)
        self.means.append(means)
        self.signers.append(signers)
        self.kids.append(kid)

    def contacts_for(self, plan: InterventionPlan, opened_on: dt.date, by: int) -> None:
        """About monthly from the opening; some plans stopped more than a month ago (overdue)."""
        rng = self.rng
        stop = self.today
        if rng.random() < OVERDUE_SHARE:
            stop = self.today - dt.timedelta(days=rng.randint(logic.DEFAULT_CONTACT_DAYS + 3, 70))
        day = opened_on + dt.timedelta(days=rng.randint(5, 25))
        while day <= stop:
            self.contacts.append(
                ParentContact(
                    plan=plan,
                    contacted_on=day,
                    mode=rng.choice(ContactMode.values[:4]),
                    by_id=by,
                    note=rng.choice(texts.CONTACT_NOTES),
                    recorded_at=at(day, 16),
                )
            )
            day += dt.timedelta(days=rng.randint(18, 30))


def write_history(seed: int, log: Callable[[str], None], today: dt.date | None = None) -> dict[str, int]:
    from demo import geography

    centre = ServiceCentre.objects.filter(code=geography.CENTRE_CODE).first()
    if centre is None:
        return {}
    snap = snapshot(centre, seed)
    if snap is None:
        return {}
    planner = Planner(snap, seed, today or timezone.localdate())
    planner.build()
    signatures: list[GuardianSignature] = []
    with transaction.atomic():
        InterventionPlan.objects.bulk_create(planner.plans, batch_size=BATCH_SIZE)
        for plan, needs, objectives, means in zip(
            planner.plans, planner.needs, planner.objectives, planner.means, strict=True
        ):
            for need in needs:
                need.plan = plan
            for objective in objectives:
                objective.plan = plan
            for objective in objectives:
                objective.need = needs[objective._need_index]  # type: ignore[attr-defined]
            for _index, m in means:
                m.plan = plan
        PriorityNeed.objects.bulk_create([n for group in planner.needs for n in group], batch_size=BATCH_SIZE)
        for objectives in planner.objectives:
            for objective in objectives:
                objective.need_id = objective.need.pk if objective.need else None
        Objective.objects.bulk_create(
            [o for group in planner.objectives for o in group], batch_size=BATCH_SIZE
        )
        for objectives, means in zip(planner.objectives, planner.means, strict=True):
            for index, m in means:
                m.objective = objectives[index]
        Means.objects.bulk_create([m for group in planner.means for _i, m in group], batch_size=BATCH_SIZE)
        for row in (planner.participants, planner.reviews, planner.contacts):
            for item in row:
                item.plan_id = item.plan.pk
        Participant.objects.bulk_create(planner.participants, batch_size=BATCH_SIZE)
        Review.objects.bulk_create(planner.reviews, batch_size=BATCH_SIZE)
        ParentContact.objects.bulk_create(planner.contacts, batch_size=BATCH_SIZE)
        for position, plan in enumerate(planner.plans):
            if not planner.signers[position]:
                continue
            digest = logic.content_digest(_content(planner, position, snap))
            assert plan.shared_at is not None  # only plans shown to the family are signed
            when = min(
                plan.shared_at + dt.timedelta(days=planner.rng.randint(1, 6), hours=4),
                timezone.now() - dt.timedelta(hours=1),
            )
            for guardian, name in planner.signers[position]:
                signatures.append(
                    GuardianSignature(
                        plan=plan,
                        signer_kind=SignerKind.GUARDIAN,
                        guardian_id=guardian,
                        signer_name=name,
                        signed_at=when,
                        channel=Channel.PAPER,
                        recorded_by_id=plan.opened_by_id,
                        plan_version=plan.version,
                        content_sha256=digest,
                    )
                )
        GuardianSignature.objects.bulk_create(signatures, batch_size=BATCH_SIZE)
    last: dict[int, dt.date] = {}
    for contact in planner.contacts:
        last[contact.plan_id] = max(contact.contacted_on, last.get(contact.plan_id, contact.contacted_on))
    overdue = sum(
        1
        for p in planner.plans
        if p.status != PlanStatus.CLOSED
        and logic.contact_is_due(last.get(p.pk), timezone.localtime(p.opened_at).date(), planner.today)
    )
    log(f"  {len(planner.plans)} plans d'intervention, {len(planner.contacts)} contacts avec les parents")
    return {"plans d'intervention": len(planner.plans), "plans en retard de contact": overdue}


def _content(planner: Planner, position: int, snap: Snapshot) -> dict[str, Any]:
    plan, kid = planner.plans[position], planner.kids[position]
    objectives = sorted(planner.objectives[position], key=lambda o: (o.due_on, o.pk))
    by_objective: dict[int, list[Means]] = defaultdict(list)
    for _index, m in planner.means[position]:
        by_objective[m.objective.pk].append(m)
    return canonical_content(
        plan_id=plan.pk,
        version=plan.version,
        student=kid.name,
        school_year=snap.year.label,
        strengths=plan.strengths,
        difficulties=plan.difficulties,
        needs=[n.description for n in planner.needs[position]],
        objectives=[
            objective_content(o, sorted(by_objective[o.pk], key=lambda m: m.pk), snap.names)
            for o in objectives
        ],
    )


def delete_for(students: Any, users: Any) -> int:
    """The plans of these students or opened, followed or signed by these users (with their parts)."""
    from demo.generator import _delete  # removes first what other apps' rows protect (lazy: no cycle)

    plans = InterventionPlan.objects.filter(
        Q(student__in=students)
        | Q(opened_by__in=users)
        | Q(contact_responsible__in=users)
        | Q(means__responsible__in=users)
        | Q(participants__user__in=users)
        | Q(reviews__recorded_by__in=users)
        | Q(contacts__by__in=users)
        | Q(signatures__recorded_by__in=users)
    )
    ids = sorted(set(plans.values_list("pk", flat=True)))
    deleted = 0
    for chunk in _chunks(ids):
        deleted += _delete(InterventionPlan.objects.filter(pk__in=chunk))
    return deleted
