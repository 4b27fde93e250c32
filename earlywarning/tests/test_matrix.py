"""The authorization matrix of early warning, generated: every person of the cast × object × action.

The policy is written once, below, as a table {(role, relationship, object kind, action)} of what is
allowed; everything absent is denied. The relationship is declared from the cast, not computed by the
code under test. Each (person, object) is one test that tries every action of that kind, reads first,
then the changes: an allowed action must work, a denied one must answer 403 or 404 (or leave the object
out of a list or a page) and change nothing. Guardians and students never reach a coefficient.

Objects: the scores of Alice (15, group 301, caseload of the psychologist), Bruno (group 302) and Zoé
(Saint-Laurent) for the week of 2 November 2026; the weekly portraits of the two schools and of groups
301 and 302; the active criteria set.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from earlywarning.models import CriteriaSet, RiskScore
from support.models import TierDecision

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
_to_units: dict[str, tuple[str, str, str, str]] = {  # (sources, laurent, group 301, group 302)
    "psychologist": ("same_school", "other_school", "same_school", "same_school"),
    "speech_therapist": ("same_school", "other_school", "same_school", "same_school"),
    "principal": ("own_school", "other_school", "own_school", "own_school"),
    "teacher": ("same_school", "other_school", "own_group", "same_school"),
    "outsider": ("other_school", "own_school", "other_school", "other_school"),
    "parent": ("none",) * 4,
    "student15": ("none",) * 4,
    "coordinator": ("none",) * 4,
    "manager": ("centre_manager", "centre_manager", "centre_group", "centre_group"),  # schools only
    "privacy_officer": ("none",) * 4,
}
UNITS = ("sources", "laurent", "g301", "g302")
SCORES = ("alice", "bruno", "zoe")


def relationship(person: str, kind: str, name: str) -> str:
    if kind == "score":
        return _to_students[person][SCORES.index(name)]
    if kind == "portrait":
        return _to_units[person][UNITS.index(name)]
    return "centre_manager" if person == "manager" else "staff" if ROLE[person] in STAFF else "none"


STAFF = ("principal", "teacher", "professional")
OBJECTS = [*(("score", n) for n in SCORES), *(("portrait", n) for n in UNITS), ("criteria", "active")]
ACTIONS = {
    "score": ("queryset", "list", "read", "section", "factors", "decide"),
    "portrait": ("read", "names"),
    "criteria": ("read", "copy", "activate"),
}
SERVING = {("principal", "own_school"), ("teacher", "own_group"), ("professional", "caseload")}
ALLOWED: set[tuple[str, str, str, str]] = {
    *{(r, rel, "score", a) for r, rel in SERVING for a in ("queryset", "list", "read", "section", "factors")},
    ("principal", "own_school", "score", "decide"),
    *{
        (r, rel, "portrait", a)
        for r, rel in {("principal", "own_school"), ("teacher", "own_group")}
        for a in ("read", "names")
    },
    ("manager", "centre_manager", "portrait", "read"),
    *{(r, "staff", "criteria", "read") for r in STAFF},
    *{("manager", "centre_manager", "criteria", a) for a in ("read", "copy", "activate")},
}
CASES = [(p, o, a) for p, o in itertools.product(ROLE, OBJECTS) for a in ACTIONS[o[0]]]


def expected(person: str, obj: tuple[str, str], action: str) -> bool:
    return (ROLE[person], relationship(person, *obj), obj[0], action) in ALLOWED


def test_the_matrix_covers_every_person_object_and_action():
    allowed = sum(expected(*case) for case in CASES)
    print(f"\nmatrice du repérage : {len(CASES)} cas, {allowed} autorisés, {len(CASES) - allowed} refusés")
    assert len(CASES) == 10 * (3 * 6 + 4 * 2 + 3) == 290
    used = {relationship(p, *o) for p, o in itertools.product(ROLE, OBJECTS)}
    assert {rel for _r, rel, _k, _a in ALLOWED} <= used
    assert not any(expected(p, o, a) for p, o, a in CASES if ROLE[p] in ("guardian", "student"))


@pytest.fixture
def objects(scored):
    from earlywarning import scoring

    scored.zoe.years_repeated = 1
    scored.zoe.save()
    scoring.compute_week(__import__("datetime").date(2026, 11, 2))
    scores = {n: RiskScore.objects.get(student=getattr(scored, n), week="2026-11-02") for n in SCORES}
    assert all(s.coefficient > 0 for s in scores.values())
    units = {
        "sources": f"s{scored.sources.pk}",
        "laurent": f"s{scored.laurent.pk}",
        "g301": f"g{scored.g301.pk}",
        "g302": f"g{scored.g302.pk}",
    }
    return {
        **{("score", n): s for n, s in scores.items()},
        **{("portrait", n): k for n, k in units.items()},
        ("criteria", "active"): CriteriaSet.objects.get(is_default=True),
    }


def _allowed(response, ok: int) -> bool:
    if response.status_code == ok:
        return True
    assert response.status_code in (302, 403, 404), response.status_code
    assert response.status_code != 302 or "/comptes/" in response.url or "login" in response.url
    return False


def _try_score(client, user, action: str, score: RiskScore) -> bool:
    student = score.student
    if action == "queryset":
        return RiskScore.objects.visible_to(user).filter(pk=score.pk).exists()
    if action == "list":
        response = client.get(reverse("earlywarning:list"))
        return _allowed(response, 200) and score in [r["score"] for r in response.context["rows"]]
    if action == "read":
        response = client.get(reverse("earlywarning:student", args=[student.pk]))
        return _allowed(response, 200) and response.context["latest"] == score
    if action == "section":
        response = client.get(reverse("students:detail", args=[student.pk]))
        return _allowed(response, 200) and "Raisons et historique du repérage" in response.content.decode()
    if action == "factors":
        response = client.post(reverse("earlywarning:factors", args=[student.pk]))
        return _allowed(response, 200) and "Facteurs utilisés" in response.content.decode()
    before = TierDecision.objects.count()
    response = client.post(
        reverse("earlywarning:tier", args=[student.pk]), {"tier": "2", "reason": "Matrice."}
    )
    done = TierDecision.objects.count() == before + 1
    assert _allowed(response, 302) == done, "the page and the database disagree"
    return done


def _try_portrait(client, user, action: str, key: str) -> bool:
    response = client.get(reverse("earlywarning:portraits"))
    if not _allowed(response, 200):
        return False
    units = {u.key: u for u in response.context["units"]}
    if action == "read":
        return key in units
    return key in units and response.context["named"]


def _try_criteria(client, user, action: str, chosen: CriteriaSet) -> bool:
    if action == "read":
        return _allowed(client.get(reverse("earlywarning:criteria_detail", args=[chosen.pk])), 200)
    if action == "copy":
        return _allowed(client.get(reverse("earlywarning:criteria_copy", args=[chosen.pk])), 200)
    other = CriteriaSet.objects.create(name="matrice", version=1, criteria=chosen.criteria)
    response = client.post(reverse("earlywarning:criteria_activate", args=[other.pk]))
    done = CriteriaSet.objects.get(is_default=True) == other
    assert _allowed(response, 302) == done
    return done


TRY: dict[str, Callable[..., bool]] = {
    "score": _try_score,
    "portrait": _try_portrait,
    "criteria": _try_criteria,
}


@pytest.mark.parametrize(
    ("person", "obj"),
    list(itertools.product(ROLE, OBJECTS)),
    ids=lambda v: "-".join(v) if isinstance(v, tuple) else v,
)
def test_earlywarning_matrix(client, objects, scored, person, obj):
    user: Any = getattr(scored, person)
    client.force_login(user)
    wrong = []
    for action in ACTIONS[obj[0]]:  # reads first, the changes last
        want = expected(person, obj, action)
        got = TRY[obj[0]](client, user, action, objects[obj])
        if got != want:
            wrong.append(
                f"{action}: {'autorisé' if got else 'refusé'}, attendu {'autorisé' if want else 'refusé'}"
            )
    assert not wrong, f"{person} ({relationship(person, *obj)}) {obj[0]} {obj[1]} : " + "; ".join(wrong)
