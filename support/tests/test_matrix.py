"""The authorization matrix of tiers and interventions, generated: every person of the cast × object ×
action, over the pages and the API.

The policy is written once, below, as a table {(role, relationship, object kind, action)} of what is
allowed; everything absent is denied. The relationship says how the person stands towards the object's
student (and whether they are the intervention's responsible); it is declared here from the cast, not
computed by the code under test. Each (person, object) is one test that tries every action of that kind,
reads first, then the change (fresh database each time): an allowed action must work, a denied one must
answer 403 or 404 (or leave the object out of a list) and change nothing.

Objects (the `support` fixture): tier decisions of Alice (15, group 301), Bruno (14, group 302) and Zoé
(Saint-Laurent); interventions `reading` (Alice, the teacher is responsible), `coping` (Alice, the
psychologist), `bruno` (the principal), `zoe` (the outsider, Zoé's principal), each with points and a
review decision; the manager's counts.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from support import actions
from support.models import Intervention, InterventionDecision, ProgressPoint, TierDecision
from support.queries import interventions_visible_to, tier_decisions_visible_to
from support.tests.helpers import days_ago, kind

ROLE = {
    "psychologist": "professional",
    "speech_therapist": "professional",
    "principal": "principal",
    "teacher": "teacher",
    "outsider": "principal",
    "parent": "guardian",
    "student15": "student",
    "coordinator": "coordinator",
    "manager": "manager",
    "privacy_officer": "privacy_officer",
}
STUDENT_OF = {"alice": "alice", "bruno": "bruno", "zoe": "zoe", "reading": "alice", "coping": "alice"}
_to_students: dict[str, tuple[str, str, str]] = {  # person: relationship to (alice, bruno, zoe)
    "psychologist": ("caseload", "same_school", "other_school"),
    "speech_therapist": ("same_school", "same_school", "other_school"),
    "principal": ("own_school", "own_school", "other_school"),
    "teacher": ("own_group", "same_school", "other_school"),
    "outsider": ("other_school", "other_school", "own_school"),
    "parent": ("own_child", "none", "none"),
    "student15": ("self", "none", "none"),
    "coordinator": ("none",) * 3,
    "manager": ("centre_manager",) * 3,
    "privacy_officer": ("none",) * 3,
}
RESPONSIBLE = {"reading": "teacher", "coping": "psychologist", "bruno": "principal", "zoe": "outsider"}


def relationship(person: str, kind_: str, name: str) -> str:
    if kind_ == "counts":
        return "centre_manager" if person == "manager" else "none"
    students = ("alice", "bruno", "zoe")
    rel = _to_students[person][students.index(STUDENT_OF[name])]
    if kind_ != "tier" and RESPONSIBLE.get(name) == person and rel in ("own_group", "caseload"):
        return f"{rel}_responsible"
    return rel


TIERS = ("alice", "bruno", "zoe")
INTERVENTIONS = ("reading", "coping", "bruno", "zoe")
OBJECTS = [
    *(("tier", n) for n in TIERS),
    *(("intervention", n) for n in INTERVENTIONS),
    *(("point", n) for n in INTERVENTIONS),
    *(("decision", n) for n in INTERVENTIONS),
    ("counts", "centre"),
]
ACTIONS = {
    "tier": ("list", "read", "api_list", "api_read", "create"),
    "intervention": ("list", "read", "api_list", "api_read", "create"),
    "point": ("read", "api_read", "notes", "create"),
    "decision": ("read", "api_read", "create"),
    "counts": ("read",),
}
READ = ("list", "read", "api_list", "api_read")
TIER_READERS = {("principal", "own_school"), ("teacher", "own_group"), ("professional", "caseload")}
STAFF_READERS = {
    ("principal", "own_school"),
    ("teacher", "own_group_responsible"),
    ("professional", "caseload"),
    ("professional", "caseload_responsible"),
}
FAMILY_READERS = {("guardian", "own_child"), ("student", "self")}
RUNNERS = {
    ("principal", "own_school"),
    ("teacher", "own_group_responsible"),
    ("professional", "caseload_responsible"),
}
ALLOWED: set[tuple[str, str, str, str]] = {
    *{(r, rel, "tier", a) for r, rel in TIER_READERS for a in READ},
    ("principal", "own_school", "tier", "create"),
    *{(r, rel, "intervention", a) for r, rel in STAFF_READERS | FAMILY_READERS for a in READ},
    ("principal", "own_school", "intervention", "create"),
    *{(r, rel, "point", a) for r, rel in STAFF_READERS | FAMILY_READERS for a in ("read", "api_read")},
    *{(r, rel, "point", "notes") for r, rel in STAFF_READERS},
    *{(r, rel, "point", "create") for r, rel in RUNNERS},
    *{(r, rel, "decision", a) for r, rel in STAFF_READERS for a in ("read", "api_read")},
    *{(r, rel, "decision", "create") for r, rel in RUNNERS},
    ("manager", "centre_manager", "counts", "read"),
}
CASES = [(p, o, a) for p, o in itertools.product(ROLE, OBJECTS) for a in ACTIONS[o[0]]]


def expected(person: str, obj: tuple[str, str], action: str) -> bool:
    return (ROLE[person], relationship(person, *obj), obj[0], action) in ALLOWED


def test_the_matrix_covers_every_person_object_and_action():
    allowed = sum(expected(*case) for case in CASES)
    print(
        f"\nmatrice des paliers et interventions : {len(CASES)} cas, "
        f"{allowed} autorisés, {len(CASES) - allowed} refusés"
    )
    assert len(CASES) == len(ROLE) * sum(len(ACTIONS[k]) for k, _n in OBJECTS) == 640
    used = {relationship(p, *o) for p, o in itertools.product(ROLE, OBJECTS)}
    assert used >= {"own_school", "own_group", "own_group_responsible", "caseload", "caseload_responsible"}
    assert used >= {"same_school", "other_school", "own_child", "self", "none", "centre_manager"}
    assert {rel for _r, rel, _k, _a in ALLOWED} <= used


@pytest.fixture
def objects(cast, support):
    actions.record_intervention_decision(
        cast.teacher, support.reading, kind="continue", reason="Progrès, on poursuit."
    )
    actions.record_intervention_decision(
        cast.psychologist, support.coping, kind="continue", reason="À suivre."
    )
    return {
        **{("tier", n): getattr(support, f"{n}_tier") for n in TIERS},
        **{
            (k, n): Intervention.objects.get(pk=getattr(support, n).pk)
            for k in ("intervention", "point", "decision")
            for n in INTERVENTIONS
        },
    }


def _allowed(response, ok: int) -> bool:
    if response.status_code == ok:
        return True
    assert response.status_code in (403, 404), response.status_code
    return False


def _api_ids(client, name: str, student_id: int) -> set[int]:
    response = client.get(reverse(name), {"eleve": student_id})
    assert response.status_code in (200, 403)
    return {row["id"] for row in response.json().get("results", [])} if response.status_code == 200 else set()


def _changed(response, before: int, after: int) -> bool:
    done = after == before + 1
    assert _allowed(response, 302) == done, "the page and the database disagree"
    return done


def _principal_of(cast, student) -> Any:
    return cast.outsider if student == cast.zoe else cast.principal


def _try_tier(client, cast, user, action: str, decision: TierDecision) -> bool:
    student = decision.student
    if action == "list":
        return tier_decisions_visible_to(user).filter(pk=decision.pk).exists()
    if action == "read":
        response = client.get(reverse("support:student", args=[student.pk]))
        return _allowed(response, 200) and decision in response.context["history"]
    if action == "api_list":
        return decision.pk in _api_ids(client, "api:tier-decision-list", student.pk)
    if action == "api_read":
        return _allowed(client.get(reverse("api:tier-decision-detail", args=[decision.pk])), 200)
    before = TierDecision.objects.count()
    response = client.post(reverse("support:tier", args=[student.pk]), {"tier": "1", "reason": "Matrice."})
    return _changed(response, before, TierDecision.objects.count())


def _try_intervention(client, cast, user, action: str, intervention: Intervention) -> bool:
    if action == "list":
        return interventions_visible_to(user).filter(pk=intervention.pk).exists()
    if action == "read":
        response = client.get(reverse("support:detail", args=[intervention.pk]), follow=True)
        return _allowed(response, 200) and response.context["intervention"] == intervention
    if action == "api_list":
        return intervention.pk in _api_ids(client, "api:intervention-list", intervention.student_id)
    if action == "api_read":
        return _allowed(client.get(reverse("api:intervention-detail", args=[intervention.pk])), 200)
    student = intervention.student
    data = {
        "kind": kind().pk,
        "goal": "Objectif de la matrice.",
        "unit": "mots par minute",
        "baseline": "10",
        "target": "20",
        "responsible": _principal_of(cast, student).pk,
        "frequency": "Chaque jour",
        "start_on": days_ago(0).isoformat(),
        "planned_weeks": "6",
    }
    before = Intervention.objects.count()
    response = client.post(reverse("support:start", args=[student.pk]), data)
    return _changed(response, before, Intervention.objects.count())


def _detail_page(client, intervention: Intervention):
    return client.get(reverse("support:detail", args=[intervention.pk]), follow=True)


def _api_detail(client, intervention: Intervention) -> dict[str, Any] | None:
    response = client.get(reverse("api:intervention-detail", args=[intervention.pk]))
    return response.json() if _allowed(response, 200) else None


def _try_point(client, cast, user, action: str, intervention: Intervention) -> bool:
    points = set(ProgressPoint.objects.filter(intervention=intervention).values_list("pk", flat=True))
    assert points
    if action == "read":
        response = _detail_page(client, intervention)
        return _allowed(response, 200) and {r["point"].pk for r in response.context["rows"]} == points
    if action == "api_read":
        data = _api_detail(client, intervention)
        return data is not None and len(data["points"]) == len(points)
    if action == "notes":
        response = _detail_page(client, intervention)
        on_page = _allowed(response, 200) and "Note d&#x27;équipe 1" in response.content.decode()
        data = _api_detail(client, intervention)
        in_api = data is not None and data["points"][0]["note"] == "Note d'équipe 1"
        assert on_page == in_api, "the page and the API disagree"
        return on_page
    before = ProgressPoint.objects.count()
    response = client.post(
        reverse("support:point", args=[intervention.pk]),
        {"measured_on": days_ago(0).isoformat(), "value": "12"},
    )
    return _changed(response, before, ProgressPoint.objects.count())


def _try_decision(client, cast, user, action: str, intervention: Intervention) -> bool:
    decisions = set(
        InterventionDecision.objects.filter(intervention=intervention).values_list("pk", flat=True)
    )
    assert decisions
    if action == "read":
        response = _detail_page(client, intervention)
        return _allowed(response, 200) and {d.pk for d in response.context["decisions"]} == decisions
    if action == "api_read":
        data = _api_detail(client, intervention)
        return data is not None and data["decisions"] is not None and len(data["decisions"]) == len(decisions)
    before = InterventionDecision.objects.count()
    response = client.post(
        reverse("support:decide", args=[intervention.pk]), {"kind": "continue", "reason": "Matrice."}
    )
    return _changed(response, before, InterventionDecision.objects.count())


def _try_counts(client, cast, user, action: str, _obj: Any) -> bool:
    return _allowed(client.get(reverse("support:counts")), 200)


TRY: dict[str, Callable[..., bool]] = {
    "tier": _try_tier,
    "intervention": _try_intervention,
    "point": _try_point,
    "decision": _try_decision,
    "counts": _try_counts,
}


@pytest.mark.parametrize(
    ("person", "obj"),
    list(itertools.product(ROLE, OBJECTS)),
    ids=lambda v: "-".join(v) if isinstance(v, tuple) else v,
)
def test_support_matrix(client, cast, objects, person, obj):
    user = getattr(cast, person)
    client.force_login(user)
    target = objects.get(obj)
    wrong = []
    for action in ACTIONS[obj[0]]:  # reads first, the change last
        want = expected(person, obj, action)
        got = TRY[obj[0]](client, cast, user, action, target)
        if got != want:
            wrong.append(
                f"{action}: {'autorisé' if got else 'refusé'}, attendu {'autorisé' if want else 'refusé'}"
            )
    assert not wrong, f"{person} ({relationship(person, *obj)}) {obj[0]} {obj[1]} : " + "; ".join(wrong)
