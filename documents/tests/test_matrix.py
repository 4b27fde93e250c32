"""The document authorization matrix, generated: every person of the cast × a document of each student
and kind × every action, over the pages, the readable copy and the API.

The policy is a declared table {(role, relationship, document kind, action)} of what is allowed; every
other case is denied, and a denied case answers 403 or 404 and changes nothing. Relationships are
declared per person and student here (not computed by the code under test).

Students: Alice (15, group 301 at des Sources, psychologist's caseload, daughter of `parent`, has her own
account `student15`), Léo (12, group 301, caseload, son of `parent`), Bruno (14, group 302, no guardian
account; the speech therapist opened his file in an emergency), Zoé (10, école Saint-Laurent, whose
principal is `outsider`).

Document kinds: `internal` — support file, not shared; `school_shared` — school file, shared with the
family; `support_shared` — support file, shared with the family (from 14: the student alone);
`support_parents` — support file, shared with the parents on purpose as well.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from documents.models import Document
from documents.queries import documents_visible_to
from documents.tests.helpers import make_pdf, upload

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
STUDENTS = ("alice", "leo", "bruno", "zoe")
_declared: dict[str, tuple[str, str, str, str]] = {  # person: relationship to (alice, leo, bruno, zoe)
    "psychologist": ("caseload", "caseload", "same_school", "other_school"),
    "speech_therapist": ("same_school", "same_school", "break_glass", "other_school"),
    "principal": ("own_school", "own_school", "own_school", "other_school"),
    "teacher": ("own_group", "own_group", "same_school", "other_school"),
    "outsider": ("other_school", "other_school", "other_school", "own_school"),
    "parent": ("own_child_14_plus", "own_child_under_14", "none", "none"),
    "student15": ("self", "none", "none", "none"),
    "coordinator": ("none",) * 4,
    "manager": ("none",) * 4,
    "privacy_officer": ("none",) * 4,
}
RELATIONSHIP = {(p, s): rel for p, rels in _declared.items() for s, rel in zip(STUDENTS, rels, strict=True)}

KINDS = ("internal", "school_shared", "support_shared", "support_parents")
OBJECTS = [(s, k) for s in ("alice", "leo") for k in KINDS] + [
    (s, k) for s in ("bruno", "zoe") for k in ("internal", "school_shared")
]
READ = ("list", "read", "api_list", "api_read", "api_download")
ACTIONS = (*READ, "create", "share", "withdraw", "export")

STAFF_READERS = {
    ("professional", "caseload"),
    ("professional", "break_glass"),
    ("principal", "own_school"),
    ("teacher", "own_group"),
}
STAFF_MANAGERS = {("professional", "caseload"), ("principal", "own_school")}
# What a "share" reaches: from 14, a support-file document reaches the parents only on purpose.
FAMILY_SEES = {
    ("guardian", "own_child_under_14"): {"school_shared", "support_shared", "support_parents"},
    ("guardian", "own_child_14_plus"): {"school_shared", "support_parents"},
    ("student", "self"): {"school_shared", "support_shared", "support_parents"},
}
ALLOWED: set[tuple[str, str, str, str]] = {
    *{(r, rel, k, a) for r, rel in STAFF_READERS for k in KINDS for a in READ},
    *{(r, rel, k, a) for r, rel in STAFF_MANAGERS for k in KINDS for a in ("create", "share", "withdraw")},
    *{(r, rel, k, a) for (r, rel), kinds in FAMILY_SEES.items() for k in kinds for a in (*READ, "export")},
}
CASES = list(itertools.product(ROLE, OBJECTS, ACTIONS))


@pytest.fixture
def people(cast, leo):
    from students.models import BreakGlassAccess

    BreakGlassAccess.objects.create(
        user=cast.speech_therapist,
        student=cast.bruno,
        reason="Détresse signalée par l'enseignante.",
        expires_at=timezone.now() + dt.timedelta(hours=4),
    )
    cast.leo = leo
    return cast


def _document(cast, student_name: str, kind: str) -> Document:
    student = getattr(cast, student_name)
    uploader = cast.outsider if student_name == "zoe" else cast.principal
    return upload(
        uploader,
        student,
        compartment="scolaire" if kind == "school_shared" else "aide",
        share=kind != "internal",
        share_guardians=kind == "support_parents",
        title=f"Document {kind} de {student.first_name}",
    )


def test_the_matrix_covers_every_person_object_and_action():
    allowed = sum((ROLE[p], RELATIONSHIP[(p, s)], k, a) in ALLOWED for p, (s, k), a in CASES)
    print(
        f"\nmatrice des documents : {len(CASES)} cas générés, "
        f"{allowed} autorisés, {len(CASES) - allowed} refusés"
    )
    assert len(CASES) == len(ROLE) * len(OBJECTS) * len(ACTIONS) == 1080
    used = set(RELATIONSHIP.values())
    assert used >= {"own_child_14_plus", "own_school", "own_group", "caseload", "same_school", "other_school"}
    assert used >= {"none", "break_glass", "self", "own_child_under_14"}
    assert {rel for _r, rel, _k, _a in ALLOWED} <= used


def _allowed(response, ok: int) -> bool:
    if response.status_code == ok:
        return True
    assert response.status_code in (403, 404), response.status_code
    return False


def _flags(document: Document) -> tuple[bool, bool, bool]:
    found = Document.objects.get(pk=document.pk)
    return (found.shared_with_guardians, found.shared_with_student, found.withdrawn_at is not None)


def _attempt(client, user, action: str, document: Document) -> bool:
    client.force_login(user)
    if action == "list":
        return documents_visible_to(user).filter(pk=document.pk).exists()
    if action == "read":
        return _allowed(client.get(reverse("documents:download", args=[document.pk])), 200)
    if action == "api_list":
        response = client.get(reverse("api:document-list"), {"eleve": document.student_id})
        assert response.status_code == 200
        return document.pk in {row["id"] for row in response.json()["results"]}
    if action == "api_read":
        return _allowed(client.get(reverse("api:document-detail", args=[document.pk])), 200)
    if action == "api_download":
        response = client.get(reverse("api:document-content", args=[document.pk]))
        return _allowed(response, 200) and response.content.startswith(b"%PDF")
    if action == "export":
        response = client.get(reverse("students:copy_json", args=[document.student_id]))
        return _allowed(response, 200) and document.title in response.content.decode()
    before = (Document.objects.count(), _flags(document))
    if action == "create":
        data: dict[str, Any] = {"title": "Essai", "compartment": document.compartment, "kind": "autre"}
        data["file"] = SimpleUploadedFile("essai.pdf", make_pdf(), content_type="application/pdf")
        response = client.post(reverse("documents:upload", args=[document.student_id]), data)
    elif action == "share":
        value = "0" if document.shared_with_family else "1"
        response = client.post(
            reverse("documents:share", args=[document.pk]), {"share": value, "guardians": "1"}
        )
    elif action == "withdraw":
        response = client.post(
            reverse("documents:withdraw", args=[document.pk]), {"reason": "Erreur de dossier."}
        )
    else:
        raise AssertionError(action)
    done = (Document.objects.count(), _flags(document)) != before
    assert _allowed(response, 302) == done
    return done


@pytest.mark.parametrize(
    ("person", "obj", "action"), CASES, ids=lambda v: "-".join(v) if isinstance(v, tuple) else v
)
def test_document_matrix(client, people, person, obj, action):
    student, kind = obj
    expected = (ROLE[person], RELATIONSHIP[(person, student)], kind, action) in ALLOWED
    allowed = _attempt(client, getattr(people, person), action, _document(people, student, kind))
    assert allowed == expected, (
        f"{person} ({RELATIONSHIP[(person, student)]}) {action} {kind} de {student} : "
        f"{allowed}, attendu {expected}"
    )
