"""The tiers and interventions of the demo centre (see demo/histories.py for the contract).

About one student in 15 is placed in tier 2 and one in 60 in tier 3 by a principal of the school,
chosen first among the students with an EHDAA code, a repeated year or a plan d'intervention (and the
demo family's child, so that the portal shows one). Each gets one or two interventions of a plausible
type and goal, a responsible who serves the student (the group's teacher, a professional of the
caseload or the principal), and progress points at the tier's cadence (weekly at tier 3, every two
weeks at tier 2) that move towards the target with noise. Some points are late (a point is due), some
interventions had their 6-week review (continue, intensify or stop), and at least three interventions
of the demo principal's school wait for a decision, so that the principal sees them at first run.

It writes what the named actions would have stored, without calling them (no audit row): a few queries,
nothing per student, then `bulk_create` (encrypted fields encrypt in bulk too).
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
from lib import progress as logic
from plans.models import InterventionPlan, PlanStatus
from students.models import Caseload, Group, GuardianLink, Student
from support import demo_texts as texts
from support.catalogue import ensure_default_types
from support.models import (
    DecisionKind,
    Intervention,
    InterventionDecision,
    InterventionStatus,
    InterventionType,
    Outcome,
    ProgressPoint,
    TierDecision,
    TierSource,
)

BATCH_SIZE = 2000
CHUNK = 5000
TIER2_SHARE = 1 / 15
TIER3_SHARE = 1 / 60
FORCED_DUE = 3  # interventions of the demo school waiting for a decision
REVIEWED_SHARE = 0.93  # reviews held on time; the others wait for a decision
FAMILY = ("parent", "eleve")
TIER3_KINDS = ("check-in-check-out", "gestion-emotions", "mentorat", "tutorat-lecture")


class Kid(NamedTuple):
    pk: int
    school: int
    group: int | None


class Snapshot(NamedTuple):
    year: SchoolYear
    kids: list[tuple[Kid, int]]  # (student, tier)
    demo_school: int | None
    principals: dict[int, list[int]]
    teachers: dict[int, list[int]]
    caseload: dict[int, list[int]]
    plans: dict[int, int]  # student → open plan
    types: dict[str, InterventionType]


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]


def snapshot(centre: ServiceCentre, seed: int) -> Snapshot | None:
    year = SchoolYear.objects.filter(centre=centre, is_current=True).first()
    if year is None:
        return None
    rng = random.Random(f"eleve360-demo:{seed}:support:choice")  # noqa: S311 — fiction, not secrets
    students = Student.objects.filter(school__centre=centre)
    total = students.count()
    with_plan = set(
        InterventionPlan.objects.filter(student__school__centre=centre).values_list("student_id", flat=True)
    )
    fragile = (
        set(students.filter(~Q(ehdaa_code="") | Q(years_repeated__gt=0)).values_list("pk", flat=True))
        | with_plan
    )
    others = sorted(set(students.values_list("pk", flat=True)) - fragile)
    fragile_list = sorted(fragile)
    wanted3 = max(1, round(total * TIER3_SHARE))
    wanted2 = max(1, round(total * TIER2_SHARE))
    rng.shuffle(fragile_list)
    tier3 = fragile_list[:wanted3]
    rest = fragile_list[wanted3:] + rng.sample(
        others, min(len(others), max(0, wanted2 - len(fragile_list) + wanted3))
    )
    tier2 = rest[:wanted2]
    accounts = dict(User.objects.filter(username__in=(*FAMILY, "direction")).values_list("username", "pk"))
    family = set(students.filter(user=accounts.get("eleve", -1)).values_list("pk", flat=True))
    family |= set(
        GuardianLink.objects.filter(
            guardian__user=accounts.get("parent", -1), student__school__centre=centre
        ).values_list("student_id", flat=True)
    )
    tiers = dict.fromkeys(tier2, 2) | dict.fromkeys(tier3, 3)
    for pk in family:
        tiers.setdefault(pk, 2)
    demo_school = (
        User.schools.through.objects.filter(user_id=accounts.get("direction", -1))
        .values_list("school_id", flat=True)
        .first()
    )
    if demo_school is not None:  # enough students of the demo school for the forced reviews
        in_school = sorted(students.filter(school_id=demo_school).values_list("pk", flat=True))
        chosen_there = [pk for pk in in_school if pk in tiers]
        for pk in rng.sample(in_school, min(len(in_school), max(0, FORCED_DUE + 2 - len(chosen_there)))):
            tiers.setdefault(pk, 2)
    ids = sorted(tiers)
    kids: list[tuple[Kid, int]] = []
    caseload: dict[int, list[int]] = defaultdict(list)
    plans: dict[int, int] = {}
    for chunk in _chunks(ids):
        for pk, school, group in (
            Student.objects.filter(pk__in=chunk).order_by("pk").values_list("pk", "school_id", "group_id")
        ):
            kids.append((Kid(pk, school, group), tiers[pk]))
        active = Caseload.objects.active().filter(student__in=chunk).order_by("pk")
        for student, professional in active.values_list("student_id", "professional_id"):
            caseload[student].append(professional)
        open_plans = InterventionPlan.objects.filter(student__in=chunk).exclude(status=PlanStatus.CLOSED)
        for student, plan in open_plans.order_by("pk").values_list("student_id", "pk"):
            plans[student] = plan
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
    ensure_default_types(InterventionType)
    types = {t.code: t for t in InterventionType.objects.all()}
    return Snapshot(year, kids, demo_school, principals, teachers, caseload, plans, types)


class Builder:
    def __init__(self, snap: Snapshot, seed: int, today: dt.date) -> None:
        self.s = snap
        self.rng = random.Random(f"eleve360-demo:{seed}:support")  # noqa: S311 — fiction, not secrets
        self.today = today
        self.first_tiers: list[TierDecision] = []
        self.second_tiers: list[tuple[int, TierDecision]] = []  # (index of the first, the decision)
        self.interventions: list[Intervention] = []
        self.points: list[tuple[int, ProgressPoint]] = []  # (intervention index, point)
        self.decisions: list[tuple[int, InterventionDecision]] = []
        self.forced = 0
        self.earliest = max(snap.year.start + dt.timedelta(days=10), today - dt.timedelta(days=150))

    def day(self, first: dt.date, last: dt.date) -> dt.date:
        if last <= first:
            return first
        return first + dt.timedelta(days=self.rng.randrange((last - first).days + 1))

    def build(self) -> None:
        for kid, tier in self.s.kids:
            principals = self.s.principals.get(kid.school)
            if principals and self.today - self.earliest >= dt.timedelta(days=20):
                self.student(kid, tier, principals[0])

    def student(self, kid: Kid, tier: int, principal: int) -> None:
        rng = self.rng
        forced = kid.school == self.s.demo_school and self.forced < FORCED_DUE
        decided = self.day(self.earliest, self.today - dt.timedelta(days=60 if forced else 14))
        if tier == 3 and rng.random() < 0.6 and decided - self.earliest > dt.timedelta(days=30):
            before = self.day(self.earliest, decided - dt.timedelta(days=28))
            self.first_tiers.append(self.tier(kid, 2, principal, before, TierSource.TEAM))
            later = self.tier(kid, 3, principal, decided, TierSource.INTERVENTION)
            self.second_tiers.append((len(self.first_tiers) - 1, later))
        else:
            source = rng.choice([TierSource.TEAM, TierSource.EARLY_WARNING, TierSource.PLAN])
            if source == TierSource.PLAN and kid.pk not in self.s.plans:
                source = TierSource.TEAM
            self.first_tiers.append(self.tier(kid, tier, principal, decided, source))
        count = 1 if tier == 2 else rng.choice([1, 2])
        codes = TIER3_KINDS if tier == 3 else tuple(texts.GOALS)
        for code in rng.sample(codes, count):
            self.intervention(kid, tier, principal, decided, code, forced=forced)
            forced = False

    def tier(self, kid: Kid, tier: int, principal: int, on: dt.date, source: str) -> TierDecision:
        reference = ""
        if source == TierSource.PLAN:
            reference = f"Plan nº {self.s.plans[kid.pk]}"
        elif source == TierSource.EARLY_WARNING:
            reference = f"Semaine du {(on - dt.timedelta(days=on.weekday())).isoformat()}"
        return TierDecision(
            student_id=kid.pk,
            tier=tier,
            reason=self.rng.choice(texts.TIER_REASONS[tier]),
            source=source,
            source_reference=reference,
            decided_by_id=principal,
            decided_at=timezone.make_aware(dt.datetime.combine(on, dt.time(15, 30))),
        )

    def responsible(self, kid: Kid, principal: int) -> int:
        teachers = self.s.teachers.get(kid.group or 0, [])
        professionals = self.s.caseload.get(kid.pk, [])
        roll = self.rng.random()
        if teachers and roll < 0.6:
            return teachers[0]
        if professionals and roll < 0.9:
            return professionals[0]
        return principal

    def intervention(
        self, kid: Kid, tier: int, principal: int, decided: dt.date, code: str, *, forced: bool
    ) -> None:
        rng, spec = self.rng, texts.GOALS[code]
        if forced:
            start = self.today - dt.timedelta(days=rng.randint(46, 52))  # 4 points even if late by 3 days
            self.forced += 1
        else:
            start = self.day(decided, min(decided + dt.timedelta(days=7), self.today - dt.timedelta(days=3)))
        baseline = round(rng.uniform(*spec.baseline), spec.decimals)
        target = round(min(spec.high, max(spec.low, baseline + rng.uniform(*spec.gain))), spec.decimals)
        if target == baseline:
            target = baseline + (1 if spec.gain[0] > 0 else -1)
        shown = f"{target:.{spec.decimals}f}".replace(".", ",")
        intervention = Intervention(
            student_id=kid.pk,
            kind=self.s.types[code],
            goal=spec.goal.format(target=shown),
            unit=spec.unit,
            baseline=baseline,
            target=target,
            responsible_id=self.responsible(kid, principal),
            frequency=spec.frequency,
            start_on=start,
            planned_weeks=logic.DEFAULT_WEEKS,
            review_from=start,
            plan_id=self.s.plans.get(kid.pk) if rng.random() < 0.7 else None,
            staff_notes=rng.choice(texts.STAFF_NOTES),
            created_by_id=principal,
            created_at=timezone.make_aware(dt.datetime.combine(start, dt.time(8, 30))),
        )
        index = len(self.interventions)
        self.interventions.append(intervention)
        effect = rng.uniform(0.3, 1.3)  # some interventions work better than others
        cadence = logic.cadence_days(tier)
        review = start + dt.timedelta(weeks=logic.DEFAULT_WEEKS)
        late = not forced and rng.random() < 0.3  # the last expected point was not taken yet
        stop = self.today - dt.timedelta(days=cadence + 1) if late else self.today
        day, taken = start, 0
        while day <= stop:
            progress = min((day - start).days / (review - start).days, 1.6) * effect
            value = baseline + (target - baseline) * progress + rng.gauss(0, spec.noise)
            value = round(min(spec.high, max(spec.low, value)), spec.decimals)
            recorder = intervention.responsible_id
            self.points.append(
                (
                    index,
                    ProgressPoint(
                        measured_on=day,
                        value=value,
                        note=rng.choice(texts.POINT_NOTES),
                        recorded_by_id=recorder,
                        recorded_at=timezone.make_aware(dt.datetime.combine(day, dt.time(11, 0))),
                    ),
                )
            )
            taken += 1
            day += dt.timedelta(days=cadence + rng.choice([0, 0, 0, 1, -1]))
        review_from = start
        while not forced and taken >= logic.MIN_DECISION_POINTS:  # most teams hold their reviews on time
            review = review_from + dt.timedelta(weeks=logic.DEFAULT_WEEKS)
            if review + dt.timedelta(days=3) > self.today or rng.random() >= REVIEWED_SHARE:
                break
            on = review + dt.timedelta(days=rng.randint(0, 3))
            if not self.review(index, intervention, review_from, on, effect, principal):
                break
            review_from = on

    def review(
        self,
        index: int,
        intervention: Intervention,
        review_from: dt.date,
        on: dt.date,
        effect: float,
        principal: int,
    ) -> bool:
        """A review decision on `on`; False when the intervention ends there (or lacks points)."""
        rng = self.rng
        in_period = [p for i, p in self.points if i == index and review_from <= p.measured_on <= on]
        if len(in_period) < logic.MIN_DECISION_POINTS:
            return False
        line = logic.trend([(p.measured_on, float(p.value)) for p in in_period])
        if effect > 1.0 and rng.random() < 0.5:
            kind = DecisionKind.STOP
        else:
            kind = DecisionKind.CONTINUE if effect > 0.7 else DecisionKind.INTENSIFY
        self.decisions.append(
            (
                index,
                InterventionDecision(
                    kind=kind,
                    reason=texts.DECISION_REASONS[kind],
                    decided_by_id=rng.choice([principal, intervention.responsible_id]),
                    decided_on=on,
                    decided_at=timezone.make_aware(dt.datetime.combine(on, dt.time(16, 0))),
                    point_count=len(in_period),
                    slope_per_week=round(line.slope_per_week, 4) if line else None,
                ),
            )
        )
        if kind == DecisionKind.STOP:
            intervention.status, intervention.ended_on, intervention.outcome = (
                InterventionStatus.ENDED,
                on,
                Outcome.GOAL_MET,
            )
            self.points[:] = [(i, p) for i, p in self.points if i != index or p.measured_on <= on]
            return False
        intervention.review_from = on
        return True


def write_history(seed: int, log: Callable[[str], None], today: dt.date | None = None) -> dict[str, int]:
    from demo import geography

    centre = ServiceCentre.objects.filter(code=geography.CENTRE_CODE).first()
    if centre is None:
        return {}
    snap = snapshot(centre, seed)
    if snap is None:
        return {}
    builder = Builder(snap, seed, today or timezone.localdate())
    builder.build()
    with transaction.atomic():
        TierDecision.objects.bulk_create(builder.first_tiers, batch_size=BATCH_SIZE)
        for first, later in builder.second_tiers:
            later.previous_id = builder.first_tiers[first].pk
        TierDecision.objects.bulk_create([d for _i, d in builder.second_tiers], batch_size=BATCH_SIZE)
        Intervention.objects.bulk_create(builder.interventions, batch_size=BATCH_SIZE)
        for rows in (builder.points, builder.decisions):
            for index, item in rows:
                item.intervention_id = builder.interventions[index].pk
        ProgressPoint.objects.bulk_create([p for _i, p in builder.points], batch_size=BATCH_SIZE)
        InterventionDecision.objects.bulk_create([d for _i, d in builder.decisions], batch_size=BATCH_SIZE)
    due = _decisions_due(builder)
    log(
        f"  {len(builder.first_tiers) + len(builder.second_tiers)} décisions de palier, "
        f"{len(builder.interventions)} interventions, {len(builder.points)} points de suivi"
    )
    return {
        "décisions de palier": len(builder.first_tiers) + len(builder.second_tiers),
        "interventions": len(builder.interventions),
        "points de suivi": len(builder.points),
        "interventions à décider": due,
    }


def _decisions_due(builder: Builder) -> int:
    days: dict[int, list[dt.date]] = defaultdict(list)
    for index, point in builder.points:
        days[index].append(point.measured_on)
    return sum(
        1
        for index, i in enumerate(builder.interventions)
        if logic.decision_state(
            i.review_from, i.planned_weeks, days[index], builder.today, ended=i.status != "active"
        )
        == logic.DECISION_DUE
    )


def delete_for(students: Any, users: Any) -> int:
    """The tiers and interventions of these students, or decided, run or noted by these users."""
    interventions = Intervention.objects.filter(
        Q(student__in=students)
        | Q(responsible__in=users)
        | Q(created_by__in=users)
        | Q(points__recorded_by__in=users)
        | Q(decisions__decided_by__in=users)
    )
    deleted = 0
    for chunk in _chunks(sorted(set(interventions.values_list("pk", flat=True)))):
        deleted += Intervention.objects.filter(pk__in=chunk).delete()[0]
    tiers = TierDecision.objects.filter(Q(student__in=students) | Q(decided_by__in=users))
    for chunk in _chunks(sorted(set(tiers.values_list("student_id", flat=True)))):
        deleted += TierDecision.objects.filter(student_id__in=chunk).delete()[0]
    return deleted
