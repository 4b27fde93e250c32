"""The plan authorization matrix: every person of the cast × plan × action, through the real pages.

The policy is written once, below, as a table {(person, relationship, action)} of what is allowed;
everything absent is denied. Each (person, plan, action) is a generated case: an allowed case must work,
a denied one must answer 403 or 404 (or leave the plan out of a list or a declaration) and change
nothing. The relationship says how the person stands towards the plan's student; it is derived from the
cast, not from the code under test.

Plans (school year of the cast):
- `alice`: Alice (15, group 301, École des Sources) — active, shown to the family;
- `bruno`: Bruno (14, group 302, same school) — in preparation, not shown to the family;
- `zoe`: Zoé (10, École Saint-Laurent, the outsider's school) — active.
"""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from plans import actions, signing
from plans.models import GuardianSignature, PriorityNeed
from plans.queries import plans_visible_to
from plans.tests.helpers import active, opened, refresh

PEOPLE = (
    "psychologist",
    "speech_therapist",
    "principal",
    "teacher",
    "outsider",
    "parent",
    "student15",
    "coordinator",
    "manager",
    "privacy_officer",
)
PLANS = ("alice", "bruno", "zoe")
ACTIONS = ("list", "read", "create", "edit", "sign", "export")

# How each person stands towards each plan's student.
RELATIONSHIP = {
    "alice": {
        "psychologist": "caseload",
        "speech_therapist": "same_school",
        "principal": "own_school",
        "teacher": "own_group",
        "outsider": "other_school",
        "parent": "own_child",
        "student15": "self",
    },
    "bruno": {
        "psychologist": "same_school",
        "speech_therapist": "same_school",
        "principal": "own_school",
        "teacher": "same_school",
        "outsider": "other_school",
    },
    "zoe": {
        "psychologist": "other_school",
        "speech_therapist": "other_school",
        "principal": "other_school",
        "teacher": "other_school",
        "outsider": "own_school",
    },
}


def relationship(person: str, plan: str) -> str:
    return RELATIONSHIP[plan].get(person, "none")


READ = ("list", "read")
# The policy: (person, relationship, action) allowed. Everything else is denied.
ALLOWED: set[tuple[str, str, str]] = {
    # The principal of the student's school (des Sources for the principal, Saint-Laurent for the
    # outsider) opens, runs and reads the plan, and declares it.
    *{(p, "own_school", a) for p in ("principal", "outsider") for a in (*READ, "create", "edit", "export")},
    # The teacher of the group and the professional of the caseload read it.
    *{("teacher", "own_group", a) for a in READ},
    *{("psychologist", "caseload", a) for a in READ},
    # The parent (child's plan shown to the family) and Alice herself (15) read and sign.
    *{("parent", "own_child", a) for a in (*READ, "sign")},
    *{("student15", "self", a) for a in (*READ, "sign")},
    # The manager declares the active plans of the whole centre, and sees nothing else.
    ("manager", "none", "export"),
}
# State, not relationship: a plan in preparation is neither shown to the family nor declared.
NOT_SHOWN_TO_FAMILY = {"bruno"}
NOT_DECLARED = {"bruno"}


def expected(person: str, plan: str, action: str) -> bool:
    if action == "export" and plan in NOT_DECLARED:
        return False
    if action in ("sign", *READ) and plan in NOT_SHOWN_TO_FAMILY and person in ("parent", "student15"):
        return False
    return (person, relationship(person, plan), action) in ALLOWED


CASES = list(itertools.product(PEOPLE, PLANS, ACTIONS))


@pytest.fixture
def plans(cast):
    zoe = actions.open_plan(cast.outsider, cast.zoe)
    zoe = actions.update_analysis(cast.outsider, zoe, strengths="Souriante.", difficulties="")
    objective = actions.add_objective(
        cast.outsider,
        zoe,
        actions.ObjectiveData(
            text="Lire", indicator="MPM", target="60", due_on=refresh(zoe).opened_at.date()
        ),
    )
    actions.add_means(
        cast.outsider, zoe, actions.MeansData(objective=objective, what="Lecture", responsible_text="Parents")
    )
    return {
        "alice": active(cast),
        "bruno": opened(cast, cast.bruno),
        "zoe": actions.activate(cast.outsider, zoe),
    }


def test_the_matrix_covers_every_person_plan_and_action():
    allowed = sum(1 for case in CASES if expected(*case))
    print(f"\nmatrice des plans : {len(CASES)} cas, {allowed} autorisés, {len(CASES) - allowed} refusés")
    assert len(CASES) == len(PEOPLE) * len(PLANS) * len(ACTIONS) == 180
    relationships = {relationship(p, o) for p, o, _a in CASES}
    assert relationships == {
        "own_child",
        "self",
        "own_school",
        "own_group",
        "caseload",
        "same_school",
        "other_school",
        "none",
    }


def _allowed(response, *, ok: int) -> bool:
    if response.status_code == ok:
        return True
    assert response.status_code in (403, 404), response.status_code
    return False


def _attempt(client, cast, user, action: str, plan) -> bool:
    """Try the action as this user through the real page; True if it was allowed."""
    client.force_login(user)
    if action == "list":
        return plans_visible_to(user).filter(pk=plan.pk).exists()
    if action == "read":
        response = client.get(reverse("plans:detail", args=[plan.pk]), follow=True)
        return _allowed(response, ok=200)
    if action == "create":
        return _allowed(client.get(reverse("plans:open", args=[plan.student_id])), ok=200)
    if action == "edit":
        before = PriorityNeed.objects.filter(plan=plan).count()
        response = client.post(
            reverse("plans:need_add", args=[plan.pk]), {"description": "Besoin de la matrice."}
        )
        done = PriorityNeed.objects.filter(plan=plan).count() == before + 1
        assert _allowed(response, ok=302) == done, "the page and the database disagree"
        return done
    if action == "sign":
        digest = signing.digest_of(refresh(plan))
        response = client.post(
            reverse("plans:portal_plan", args=[plan.pk]), {"digest": digest, "agreed": "on"}
        )
        done = GuardianSignature.objects.filter(plan=plan).exists()
        assert _allowed(response, ok=302) == done, "the page and the database disagree"
        return done
    if action == "export":
        response = client.get(reverse("plans:export"), {"annee": cast.year.pk})
        if not _allowed(response, ok=200):
            return False
        assert response["Content-Type"].startswith("text/csv")
        return plan.student.code_permanent in response.content.decode("utf-8")
    raise AssertionError(action)


@pytest.mark.parametrize(("person", "plan", "action"), CASES)
def test_plan_matrix(client, cast, plans, person, plan, action):
    want = expected(person, plan, action)
    got = _attempt(client, cast, getattr(cast, person), action, plans[plan])
    assert got == want, (
        f"{person} ({relationship(person, plan)}) {action} {plan}: "
        f"{'autorisé' if got else 'refusé'}, attendu {'autorisé' if want else 'refusé'}"
    )
