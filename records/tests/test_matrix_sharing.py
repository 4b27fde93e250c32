"""The authorization matrix of what a professional shares: person × object × action, over the real pages,
the API and the querysets.

The policy is written once, below, as a table {(role, relationship, object, action)} of what is allowed;
everything absent is denied. Each (person, object, action) is a generated case: an allowed case must work,
a denied one must fail (403 or 404, an empty list) and change nothing. The relationship is derived from
the cast, not from the code under test.

Objects (École secondaire des Sources, group 301, the psychologist's records):
- `summary_15`: a conclusion published from Alice's record (15: her parents do not see it, C.c.Q. art. 14);
- `summary_12`: a conclusion published from Léo's record (12: his mother sees it);
- `share`: the sharing of Alice's record — a consultation by Léa (psychoeducator, Alice in her caseload)
  and a copy to a third party, past its 15-day hold.

Actions: on a published summary, `list` (queryset and API), `read` (the 360 page), `create` (publish from
the record), `share` (change its diffusion: withdraw it), `export` (the family's readable copy, JSON); on
a share, `list` (the record's communications page), `read` (the record the share opens), `create` (share
with a professional), `share` (authorise a copy to a third party), `export` (produce that copy, PDF).
"""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from records import sharing
from records.models import Publication, RecordShare
from records.queries_sharing import publications_visible_to
from records.tests.core_helpers import colleague
from records.tests.test_sharing_support import (
    copy_share,
    open_alice,
    open_for,
    publication,
    sharing_consent,
)
from students.models import Caseload

PEOPLE = (
    "psychologist",
    "psyed",
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
ROLE = {
    "psychologist": "professional",
    "psyed": "professional",
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
RELATIONSHIP = {
    "psychologist": "owner",
    "psyed": "caseload",
    "speech_therapist": "same_school",  # serves the school, not these students
    "principal": "same_school",
    "teacher": "same_school",  # of group 301, Alice's and Léo's
    "outsider": "other_school",
    "parent": "own_child",
    "coordinator": "none",
    "manager": "none",
    "privacy_officer": "none",
}
OBJECTS = ("summary_15", "summary_12", "share")
ACTIONS = ("list", "read", "create", "share", "export")


def relationship(person: str, obj: str) -> str:
    if person == "student15":
        return "self" if obj != "summary_12" else "none"  # Léo is her brother: nothing through her
    return RELATIONSHIP[person]


ALLOWED: set[tuple[str, str, str, str]] = {
    # The record's professional: sees, publishes, withdraws; shares and produces the copy.
    *{
        ("professional", "owner", s, a)
        for s in ("summary_15", "summary_12")
        for a in ("list", "read", "create", "share")
    },
    *{("professional", "owner", "share", a) for a in ACTIONS},
    # A professional serving the student sees the publications; Léa reads the record shared with her.
    *{("professional", "caseload", s, a) for s in ("summary_15", "summary_12") for a in ("list", "read")},
    ("professional", "caseload", "share", "read"),
    # The school team of the student sees the publications, nothing else.
    *{
        (r, "same_school", s, a)
        for r in ("principal", "teacher")
        for s in ("summary_15", "summary_12")
        for a in ("list", "read")
    },
    # The student sees and receives her own; the parent only those of a child under 14.
    *{("student", "self", "summary_15", a) for a in ("list", "read", "export")},
    *{("guardian", "own_child", "summary_12", a) for a in ("list", "read", "export")},
}

TRIPLES = list(itertools.product(PEOPLE, OBJECTS, ACTIONS))
CASES = [pytest.param(person, obj, action, id=f"{person}-{obj}-{action}") for person, obj, action in TRIPLES]


@pytest.fixture
def world(cast, leo):
    lea = colleague(cast)
    alice_record = open_alice(cast)
    leo_record = open_for(cast, leo)
    for student in (cast.alice, leo):
        Caseload.objects.create(professional=lea, student=student)
    consent = sharing_consent(cast, cast.alice, days_ago=20)
    sharing.share_with_professional(cast.psychologist, alice_record, lea, consent)
    copy = copy_share(alice_record, consent)
    people = {name: getattr(cast, name, None) for name in PEOPLE}
    people["psyed"] = lea
    return {
        "people": people,
        "leo": leo,
        "alice_record": alice_record,
        "leo_record": leo_record,
        "summary_15": publication(alice_record, "Conclusion publiée pour Alice."),
        "summary_12": publication(leo_record, "Conclusion publiée pour Léo."),
        "consent": consent,
        "copy": copy,
    }


def _summary(client, world, user, obj, action):
    pub = world[obj]
    record = pub.record
    text = pub.text
    if action == "list":
        in_queryset = publications_visible_to(user).filter(pk=pub.pk).exists()
        response = client.get(reverse("api:publication-list"))
        in_api = response.status_code == 200 and pub.pk in {r["id"] for r in response.json()["results"]}
        assert in_queryset == in_api
        return in_queryset
    if action == "read":
        response = client.get(reverse("students:detail", args=[record.student_id]))
        return response.status_code == 200 and text in response.content.decode()
    if action == "create":
        before = Publication.objects.count()
        response = client.post(
            reverse("records:publish", args=[record.pk]), {"kind": "conclusion", "text": "Nouveau"}
        )
        created = Publication.objects.count() - before
        assert created in (0, 1) and (created == 0 or response.status_code == 302)
        return created == 1
    if action == "share":
        response = client.post(reverse("records:publication_withdraw", args=[pub.pk]))
        pub.refresh_from_db()
        return pub.withdrawn_at is not None
    response = client.get(reverse("students:copy_json", args=[record.student_id]))
    return response.status_code == 200 and text in response.content.decode()


def _share(client, world, user, action):
    record, copy = world["alice_record"], world["copy"]
    if action == "list":
        response = client.get(reverse("records:sharing", args=[record.pk]))
        return response.status_code == 200 and copy.recipient in response.content.decode()
    if action == "read":
        return client.get(reverse("records:detail", args=[record.pk])).status_code == 200
    before = RecordShare.objects.count()
    if action == "create":
        data = {"professional": world["people"]["speech_therapist"].pk, "consent": world["consent"].pk}
        client.post(reverse("records:share_professional", args=[record.pk]), data)
        return RecordShare.objects.count() == before + 1
    if action == "share":
        data = {"recipient": "Clinique X", "purpose": "Suivi", "consent": world["consent"].pk}
        client.post(reverse("records:share_copy", args=[record.pk]), data)
        return RecordShare.objects.count() == before + 1
    response = client.post(reverse("records:share_release", args=[copy.pk]))
    copy.refresh_from_db()
    released = response.status_code == 200 and copy.released_at is not None
    assert released or copy.released_at is None
    return released


@pytest.mark.parametrize(("person", "obj", "action"), CASES)
def test_matrix(client, world, person, obj, action):
    user = world["people"][person]
    client.force_login(user)
    expected = (ROLE[person], relationship(person, obj), obj, action) in ALLOWED
    if obj == "share":
        observed = _share(client, world, user, action)
    else:
        observed = _summary(client, world, user, obj, action)
    assert observed == expected, f"{person} ({relationship(person, obj)}) {action} {obj}: {observed=}"


def test_the_matrix_covers_every_case_and_its_policy_is_narrow(capsys):
    allowed = [
        (person, obj, action)
        for person, obj, action in TRIPLES
        if (ROLE[person], relationship(person, obj), obj, action) in ALLOWED
    ]
    with capsys.disabled():
        denied = len(CASES) - len(allowed)
        print(f"\nmatrice partage : {len(CASES)} cas générés, {len(allowed)} permis, {denied} refusés")
    assert len(CASES) == len(PEOPLE) * len(OBJECTS) * len(ACTIONS) == 165
    assert len(allowed) == 32
