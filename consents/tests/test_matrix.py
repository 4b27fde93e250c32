"""The consent authorization matrix: every person of the cast × consent object × action, over the pages.

The policy is written once, below, as a table of what is allowed; everything absent is denied. Each
(person, object, action) is a generated case that asks the real page (and the queryset for `list`):
an allowed case must work, a denied one must answer 403 or 404 and change nothing. The relationship
column says why the person stands where they do; it is derived from the cast, not from the code
under test.

Objects (all for students of École secondaire des Sources, group 301):
- `leo_by_guardian`: Léo (12) — consent signed in the portal by his mother (`parent`);
- `alice_by_student`: Alice (15) — consent she signed alone (C.c.Q. art. 14);
- `alice_by_guardian`: Alice — a paper consent her mother signed when Alice was 12;
- `leo_request` / `alice_request`: pending requests to sign (Léo's goes to his mother, Alice's to Alice).
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from consents import actions
from consents.models import Consent, ConsentRequest
from consents.queries import consents_visible_to, requests_visible_to
from consents.tests.helpers import ask, paper, sign

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
# How each person stands towards Léo and Alice (both of group 301 at des Sources).
RELATIONSHIP = {
    "psychologist": "caseload",
    "speech_therapist": "same_school",  # serves the school, not these students
    "principal": "own_school",
    "teacher": "own_group",
    "outsider": "other_school",
    "parent": "own_child",
    "coordinator": "none",
    "manager": "none",
    "privacy_officer": "none",
}


def relationship(person: str, obj: str) -> str:
    if person == "student15":
        return "self" if obj.startswith("alice") else "none"  # Léo is her brother: no access through her
    return RELATIONSHIP[person]


CONSENTS = ("leo_by_guardian", "alice_by_student", "alice_by_guardian")
REQUESTS = ("leo_request", "alice_request")
CONSENT_ACTIONS = ("list", "read", "revoke", "api_list", "api_read")
REQUEST_ACTIONS = ("list", "sign")
STUDENT_ACTIONS = ("create",)  # prepare a request / record a paper form, for Léo and Alice

# The policy: (relationship, object, action) allowed. Everything else is denied.
ALLOWED: set[tuple[str, str, str]] = {
    # The professional serving the student: sees, reads the content, revokes (on the family's word).
    *{("caseload", c, a) for c in CONSENTS for a in CONSENT_ACTIONS},
    # Through the API (read-only), the same people see the same consents as on the pages.
    *{(r, c, a) for r in ("own_school", "own_group") for c in CONSENTS for a in ("api_list", "api_read")},
    # The principal: sees every consent's status and may revoke or record; not the content.
    *{("own_school", c, a) for c in CONSENTS for a in ("list", "revoke")},
    # The teacher: the status only.
    *{("own_group", c, "list") for c in CONSENTS},
    # The parent: what a parent signed (never what Alice, 15, gave alone); revokes only what a parent signed.
    *{("own_child", c, a) for c in ("leo_by_guardian", "alice_by_guardian") for a in CONSENT_ACTIONS},
    # Alice, 15: all of her own consents, and revokes any of them.
    *{("self", c, a) for c in ("alice_by_student", "alice_by_guardian") for a in CONSENT_ACTIONS},
    # Pending requests: staff who see the student see them; the one who signs today sees and signs.
    *{(r, q, "list") for r in ("caseload", "own_school", "own_group") for q in REQUESTS},
    ("own_child", "leo_request", "list"),
    ("own_child", "leo_request", "sign"),
    ("self", "alice_request", "list"),
    ("self", "alice_request", "sign"),
    # Preparing a request or recording a paper form: the professional serving the student and the principal.
    *{(r, s, "create") for r in ("caseload", "own_school") for s in ("leo", "alice")},
}


@pytest.fixture
def objects(cast, leo):
    two_years_ago = timezone.localdate() - dt.timedelta(days=2 * 365 + 1)
    return {
        "leo": leo,
        "alice": cast.alice,
        "leo_by_guardian": sign(cast.parent, ask(cast, leo, "services")),
        "alice_by_student": sign(cast.student15, ask(cast, cast.alice, "services")),
        "alice_by_guardian": actions.record_paper_consent(
            cast.psychologist,
            cast.alice,
            paper(cast, cast.alice, signed_on=two_years_ago, scope="evaluation"),
        ),
        "leo_request": ask(cast, leo, "telepractice"),
        "alice_request": ask(cast, cast.alice, "telepractice"),
    }


def _cases() -> list[tuple[str, str, str]]:
    cases = [(p, c, a) for p, c, a in itertools.product(PEOPLE, CONSENTS, CONSENT_ACTIONS)]
    cases += [(p, q, a) for p, q, a in itertools.product(PEOPLE, REQUESTS, REQUEST_ACTIONS)]
    cases += [(p, s, a) for p, s, a in itertools.product(PEOPLE, ("leo", "alice"), STUDENT_ACTIONS)]
    return cases


CASES = _cases()


def test_the_matrix_covers_every_person_object_and_action():
    print(f"\nmatrice des consentements : {len(CASES)} cas, {len(ALLOWED)} autorisations déclarées")
    assert len(CASES) == len(PEOPLE) * (len(CONSENTS) * 5 + len(REQUESTS) * 2 + 2)
    relationships = {relationship(p, o) for p, o, _a in CASES}
    assert relationships == {"caseload", "same_school", "own_school", "own_group", "other_school"} | {
        "own_child",
        "self",
        "none",
    }


def _attempt(client, user, action: str, obj) -> bool:
    """Try the action as this user through the real page; True if it was allowed."""
    client.force_login(user)
    if action == "list" and isinstance(obj, Consent):
        return consents_visible_to(user).filter(pk=obj.pk).exists()
    if action == "list":
        return requests_visible_to(user).filter(pk=obj.pk).exists()
    if action == "api_list":
        response = client.get(reverse("api:consent-list"), {"eleve": obj.student_id})
        assert response.status_code == 200
        return obj.pk in {row["id"] for row in response.json()["results"]}
    if action == "api_read":
        return _allowed(client.get(reverse("api:consent-detail", args=[obj.pk])), ok=200)
    if action == "read":
        response = client.get(reverse("consents:document", args=[obj.pk]))
        return _allowed(response, ok=200)
    if action == "revoke":
        response = client.post(reverse("consents:revoke", args=[obj.pk]), {"reason": "Retrait demandé."})
        done = Consent.objects.get(pk=obj.pk).revoked_at is not None
        assert _allowed(response, ok=302) == done, "the page and the database disagree"
        return done
    if action == "sign":
        from consents import formtext

        kind = "guardian" if user.role == "guardian" else "student"
        digest = formtext.form_text(obj, kind, timezone.localdate()).digest()
        response = client.post(
            reverse("consents:sign", args=[obj.pk]), {f"r{obj.pk}-agreed": "on", f"r{obj.pk}-digest": digest}
        )
        done = ConsentRequest.objects.get(pk=obj.pk).status == ConsentRequest.Status.SIGNED
        assert _allowed(response, ok=302) == done, "the page and the database disagree"
        return done
    if action == "create":
        return _allowed(client.get(reverse("consents:paper", args=[obj.pk])), ok=200)
    raise AssertionError(action)


def _allowed(response, *, ok: int) -> bool:
    if response.status_code == ok:
        return True
    assert response.status_code in (403, 404), response.status_code
    return False


@pytest.mark.parametrize(("person", "obj", "action"), CASES)
def test_consent_matrix(client, cast, objects, person, obj, action):
    expected = (relationship(person, obj), obj, action) in ALLOWED
    allowed = _attempt(client, getattr(cast, person), action, objects[obj])
    assert allowed == expected, (
        f"{person} ({relationship(person, obj)}) {action} {obj}: "
        f"{'autorisé' if allowed else 'refusé'}, attendu {'autorisé' if expected else 'refusé'}"
    )
