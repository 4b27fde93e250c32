"""The document authorization matrix: every person of the cast × document × action, over the pages and
the API. The policy is a table of what is allowed; everything absent is denied. Each case asks the real
page or endpoint; a denied case answers 403 or 404 and changes nothing.

Objects: `internal` — a document of Alice's dossier d'aide particulière, not shared; `shared` — one of her
school file, shared with the family. Alice is 15, group 301 at des Sources; her mother is `parent`.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.urls import reverse

from documents.models import Document
from documents.queries import documents_visible_to
from documents.tests.helpers import make_pdf, upload

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
RELATIONSHIP = {
    "psychologist": "caseload",
    "speech_therapist": "same_school",
    "principal": "own_school",
    "teacher": "own_group",
    "outsider": "other_school",
    "parent": "own_child",
    "student15": "self",
    "coordinator": "none",
    "manager": "none",
    "privacy_officer": "none",
}
OBJECTS = ("internal", "shared")
ACTIONS = ("list", "read", "create", "share", "withdraw", "api_list", "api_read")

STAFF_READERS = ("caseload", "own_school", "own_group")
MANAGERS = ("caseload", "own_school")
ALLOWED: set[tuple[str, str, str]] = {
    *{(r, o, a) for r in STAFF_READERS for o in OBJECTS for a in ("list", "read", "api_list", "api_read")},
    *{(r, o, a) for r in MANAGERS for o in OBJECTS for a in ("create", "share", "withdraw")},
    *{(r, "shared", a) for r in ("own_child", "self") for a in ("list", "read", "api_list", "api_read")},
}
CASES = list(itertools.product(PEOPLE, OBJECTS, ACTIONS))


@pytest.fixture
def objects(cast):
    return {
        "internal": upload(cast.psychologist, cast.alice, compartment="aide"),
        "shared": upload(cast.principal, cast.alice, compartment="scolaire", share=True),
    }


def test_the_matrix_covers_every_person_object_and_action():
    print(f"\nmatrice des documents : {len(CASES)} cas, {len(ALLOWED)} autorisations déclarées")
    assert len(CASES) == 140
    assert set(RELATIONSHIP.values()) >= {"caseload", "own_school", "own_group", "other_school", "own_child"}


def _allowed(response, ok: int) -> bool:
    if response.status_code == ok:
        return True
    assert response.status_code in (403, 404), response.status_code
    return False


def _attempt(client, cast, user, action: str, document: Document) -> bool:
    client.force_login(user)
    if action == "list":
        return documents_visible_to(user).filter(pk=document.pk).exists()
    if action == "read":
        return _allowed(client.get(reverse("documents:download", args=[document.pk])), 200)
    if action == "create":
        from django.core.files.uploadedfile import SimpleUploadedFile

        before = Document.objects.count()
        data: dict[str, Any] = {"title": "Essai", "compartment": document.compartment, "kind": "autre"}
        data["file"] = SimpleUploadedFile("essai.pdf", make_pdf(), content_type="application/pdf")
        response = client.post(reverse("documents:upload", args=[document.student_id]), data)
        done = Document.objects.count() == before + 1
        assert _allowed(response, 302) == done
        return done
    if action == "share":
        value = "0" if document.shared_with_guardians else "1"
        response = client.post(reverse("documents:share", args=[document.pk]), {"share": value})
        done = Document.objects.get(pk=document.pk).shared_with_guardians != document.shared_with_guardians
        assert _allowed(response, 302) == done
        return done
    if action == "withdraw":
        response = client.post(
            reverse("documents:withdraw", args=[document.pk]), {"reason": "Erreur de dossier."}
        )
        done = Document.objects.get(pk=document.pk).withdrawn_at is not None
        assert _allowed(response, 302) == done
        return done
    if action == "api_list":
        response = client.get(reverse("api:document-list"), {"eleve": document.student_id})
        assert response.status_code == 200
        return document.pk in {row["id"] for row in response.json()["results"]}
    if action == "api_read":
        return _allowed(client.get(reverse("api:document-detail", args=[document.pk])), 200)
    raise AssertionError(action)


@pytest.mark.parametrize(("person", "obj", "action"), CASES)
def test_document_matrix(client, cast, objects, person, obj, action):
    expected = (RELATIONSHIP[person], obj, action) in ALLOWED
    allowed = _attempt(client, cast, getattr(cast, person), action, objects[obj])
    assert allowed == expected, (
        f"{person} ({RELATIONSHIP[person]}) {action} {obj}: {allowed}, attendu {expected}"
    )
