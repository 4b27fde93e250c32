"""The classroom observations of the demo centre (see demo/histories.py for the contract).

A fixed share of the students of each group with a teacher (one in eight; one in three in the demo
teacher's groups, so that the class portrait shows some at first run) has one to three short dated
observations by a teacher of the group, on school days since the start of the year, from a list of
plausible French texts per domain. Written in bulk (no audit row, like the other demo histories), then the
portraits' data version is raised so that their cached figures are recomputed."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db.models import Q
from django.utils import timezone

from core.models import SchoolYear, ServiceCentre
from insights.models import Observation, ObservationDomain
from students.models import Group, Student

SHARE = 1 / 8
DEMO_TEACHER_SHARE = 1 / 3
DEMO_TEACHER = "enseignant"
TEXTS: dict[str, tuple[str, ...]] = {
    ObservationDomain.LEARNING: (
        "A terminé la lecture du chapitre sans aide; répond bien aux questions d'inférence.",
        "Difficulté à démarrer la tâche d'écriture; a eu besoin d'un modèle au tableau.",
        "Calcul mental plus rapide depuis la routine du matin.",
    ),
    ObservationDomain.BEHAVIOUR: (
        "Se lève souvent pendant le travail individuel; se calme avec la pause active.",
        "A respecté le contrat de comportement toute la journée.",
    ),
    ObservationDomain.SOCIAL: (
        "Travaille bien en dyade avec un pair aidant.",
        "Reste seul à la récréation depuis lundi.",
    ),
    ObservationDomain.WELLBEING: (
        "Semble fatigué en début de matinée; dit mal dormir.",
        "Anxieux avant l'évaluation de mathématiques; a utilisé la technique de respiration.",
    ),
    ObservationDomain.ATTENDANCE: (
        "Arrive en retard pour la troisième fois cette semaine.",
        "Absent le vendredi après-midi à plusieurs reprises.",
    ),
    ObservationDomain.OTHER: ("Oubli fréquent du matériel (agenda, cahier).",),
}


def _school_days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [
        start + dt.timedelta(days=i)
        for i in range((end - start).days + 1)
        if (start + dt.timedelta(days=i)).weekday() < 5
    ]


def write_history(seed: int, log: Callable[[str], None], today: dt.date | None = None) -> dict[str, int]:
    from demo import geography
    from insights import cache

    centre = ServiceCentre.objects.filter(code=geography.CENTRE_CODE).first()
    year = SchoolYear.objects.filter(centre=centre, is_current=True).first() if centre else None
    if year is None:
        return {}
    today = today or timezone.localdate()
    days = _school_days(max(year.start, today - dt.timedelta(days=120)), min(today, year.end))
    if not days:
        return {}
    rng = random.Random(f"eleve360-demo:{seed}:observations")  # noqa: S311 — fiction, not secrets
    teachers: dict[int, list[int]] = defaultdict(list)
    demo_groups: set[int] = set()
    for group_id, teacher_id, username in Group.objects.filter(
        school__centre=centre, school_year=year
    ).values_list("pk", "teachers__pk", "teachers__username"):
        if teacher_id:
            teachers[group_id].append(teacher_id)
            if username == DEMO_TEACHER:
                demo_groups.add(group_id)
    students: dict[int, list[int]] = defaultdict(list)
    for pk, group_id in (
        Student.objects.filter(group_id__in=list(teachers)).order_by("pk").values_list("pk", "group_id")
    ):
        students[group_id].append(pk)
    domains = list(TEXTS)
    rows = []
    for group_id in sorted(students):
        pupils = students[group_id]
        share = DEMO_TEACHER_SHARE if group_id in demo_groups else SHARE
        for student_id in rng.sample(pupils, max(1, round(len(pupils) * share))):
            for _n in range(rng.randint(1, 3)):
                domain = rng.choice(domains)
                rows.append(
                    Observation(
                        student_id=student_id,
                        group_id=group_id,
                        author_id=rng.choice(teachers[group_id]),
                        observed_on=rng.choice(days),
                        domain=domain,
                        text=rng.choice(TEXTS[domain]),
                    )
                )
    Observation.objects.bulk_create(rows, batch_size=2000)
    cache.bump()
    log(f"  {len(rows)} observations en classe")
    return {"observations en classe": len(rows)}


def delete_for(students: Any, users: Any) -> int:
    deleted, _by_model = Observation.objects.filter(Q(student__in=students) | Q(author__in=users)).delete()
    return int(deleted)
