"""The professional-record authorization matrix: every person × object × action, over the pages and over
the actions themselves.

The policy is written once, below, as a table of what is allowed; everything absent is denied. Each
(person, object, action) is a generated case, run twice: through the real page (and the queryset for
`list`) and through the named action or access helper. An allowed case must work (the change is in the
database); a denied one must answer 403/404 (PermissionDenied, ValidationError or Http404) and change
nothing. The relationship says why the person stands where they do; it comes from the setup below, not
from the code under test.

Objects (Alice, 15, École secondaire des Sources; the psychologist's record):
- `record`: the record itself (list, read, create = open a record for Alice, edit = write a new entry,
  close);
- `signed_entry`: a signed progress note with an attachment;
- `draft_entry`: the psychologist's draft with an attachment.
Entry actions: list, read, edit, sign, correct, export (download the attachment).
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from records import access, actions, attachments
from records.models import Entry, ProfessionalRecord, RecordStatus
from records.queries import entries_visible_to, records_visible_to
from records.tests.core_helpers import break_glass, colleague, draft, open_alice, share_with

PEOPLE = (
    "psychologist",
    "shared_pro",
    "glass_pro",
    "speech_therapist",
    "principal",
    "teacher",
    "outsider",
    "other_pro",
    "parent",
    "student15",
    "coordinator",
    "manager",
    "privacy_officer",
)
RELATIONSHIP = {
    "psychologist": "owner",  # Alice in caseload, the record's professional
    "shared_pro": "shared",  # an active share under Alice's sharing consent
    "glass_pro": "break_glass",  # another school's psychologist, emergency access to Alice
    "speech_therapist": "same_school",
    "principal": "same_school",
    "teacher": "same_school",  # Alice's group
    "outsider": "other_school",
    "other_pro": "other_school",
    "parent": "family",
    "student15": "family",
    "coordinator": "none",
    "manager": "none",
    "privacy_officer": "none",
}
OBJECTS = {
    "record": ("list", "read", "create", "edit", "close"),
    "signed_entry": ("list", "read", "edit", "sign", "correct", "export"),
    "draft_entry": ("list", "read", "edit", "sign", "correct", "export"),
}
READERS = ("shared", "break_glass")

# The policy: (relationship, object, action) allowed. Everything else is denied.
ALLOWED: set[tuple[str, str, str]] = {
    # The record's professional: the whole record, while it is open.
    *{("owner", "record", a) for a in OBJECTS["record"]},
    # A signed entry is never edited nor signed again: it is corrected by a new entry.
    *{("owner", "signed_entry", a) for a in ("list", "read", "correct", "export")},
    # A draft: its author edits, signs, downloads; it is not "corrected".
    *{("owner", "draft_entry", a) for a in ("list", "read", "edit", "sign", "export")},
    # Readers through a share or break-the-glass: the record and its signed entries, nothing else.
    *{(r, "record", a) for r in READERS for a in ("list", "read")},
    *{(r, "signed_entry", a) for r in READERS for a in ("list", "read", "export")},
}

CASES = [(p, o, a) for p, o in itertools.product(PEOPLE, OBJECTS) for a in OBJECTS[o]]


def test_the_matrix_covers_every_person_object_and_action():
    print(
        f"\nmatrice des dossiers professionnels : {len(CASES)} cas × 2 (pages, actions), "
        f"{len(ALLOWED)} autorisations"
    )
    assert len(CASES) == len(PEOPLE) * sum(len(a) for a in OBJECTS.values())
    assert set(RELATIONSHIP.values()) == {
        "owner",
        "shared",
        "break_glass",
        "same_school",
        "other_school",
        "family",
        "none",
    }


@pytest.fixture
def world(cast):
    from conftest import make_user
    from core.models import Role

    record = open_alice(cast)
    signed_entry = draft(cast, record, text="NOTE-SIGNEE")
    attachments.add_attachment(cast.psychologist, signed_entry, filename="s.txt", data=b"brut signe")
    signed_entry = actions.sign_entry(cast.psychologist, signed_entry)
    draft_entry = draft(cast, record, text="NOTE-BROUILLON")
    attachments.add_attachment(cast.psychologist, draft_entry, filename="d.txt", data=b"brut brouillon")
    people = {name: getattr(cast, name, None) for name in PEOPLE}
    people["shared_pro"] = colleague(cast)
    share_with(cast, record, people["shared_pro"])
    people["glass_pro"] = colleague(cast, "omar.urgence", school=cast.laurent, profession="psychologist")
    break_glass(people["glass_pro"], cast.alice)
    people["other_pro"] = make_user(
        "zack.ortho",
        Role.PROFESSIONAL,
        profession="speech_therapist",
        centre=cast.centre,
        schools=[cast.laurent],
    )
    return {
        "cast": cast,
        "people": people,
        "record": record,
        "signed_entry": signed_entry,
        "draft_entry": draft_entry,
    }


def _snapshot(world: dict[str, Any]) -> tuple[Any, ...]:
    entries = tuple(
        Entry.objects.order_by("pk").values_list("pk", "status", "signature_sha256", "updated_at")
    )
    records = tuple(ProfessionalRecord.objects.order_by("pk").values_list("pk", "status"))
    return entries, records


def _clear_drafts(world: dict[str, Any]) -> None:
    """Closing needs no draft left: the owner deletes the draft first (a business rule, not a permission)."""
    actions.delete_draft(world["cast"].psychologist, world["draft_entry"])


# --- Through the pages ----------------------------------------------------------------------------


def _allowed(response: Any, *, ok: int) -> bool:
    if response.status_code == ok:
        return True
    assert response.status_code in (403, 404), response.status_code
    return False


def _page_attempt(client: Any, world: dict[str, Any], user: Any, obj: str, action: str) -> bool:
    client.force_login(user)
    record = world["record"]
    detail = reverse("records:detail", args=[record.pk])
    if obj == "record":
        if action == "list":
            listed = records_visible_to(user).filter(pk=record.pk).exists()
            response = client.get(reverse("records:mine"))
            if response.status_code == 200:
                shown = {r.pk for r in [*response.context["records"], *response.context["others"]]}
                assert (record.pk in shown) == listed, "the page and the queryset disagree"
            else:
                assert response.status_code == 403 and not listed
            return listed
        if action == "read":
            return _allowed(client.get(detail), ok=200)
        if action == "create":
            before = ProfessionalRecord.objects.count()
            url = reverse("records:open", args=[world["cast"].alice.pk])
            response = client.post(url, {"mandate_origin": "family", "reasons": "Demande de la famille."})
            done = ProfessionalRecord.objects.count() == before + 1
            assert _allowed(response, ok=302) == done
            return done
        if action == "edit":
            before = Entry.objects.count()
            data = {
                "kind": "progress_note",
                "service_date": timezone.localdate().isoformat(),
                "text": "Nouvelle.",
            }
            response = client.post(reverse("records:entry_create", args=[record.pk]), data)
            done = Entry.objects.count() == before + 1
            assert _allowed(response, ok=302) == done
            return done
        if action == "close":
            response = client.post(reverse("records:close", args=[record.pk]), {"closing_note": "Fin."})
            done = ProfessionalRecord.objects.get(pk=record.pk).status == RecordStatus.CLOSED
            assert _allowed(response, ok=302) == done
            return done
    entry = world[obj]
    marker = entry.text
    if action == "list":
        listed = entries_visible_to(user).filter(pk=entry.pk).exists()
        response = client.get(detail)
        if response.status_code == 200:
            assert (marker in response.content.decode()) == listed, "the page and the queryset disagree"
        return listed
    if action == "read":
        response = client.get(detail)
        return response.status_code == 200 and marker in response.content.decode()
    if action == "edit":
        data = {"kind": entry.kind, "service_date": entry.service_date.isoformat(), "text": "RÉÉCRIT"}
        response = client.post(reverse("records:entry_edit", args=[entry.pk]), data)
        done = Entry.objects.get(pk=entry.pk).text == "RÉÉCRIT"
        assert _allowed(response, ok=302) == done
        return done
    if action == "sign":
        signed_before = Entry.objects.get(pk=entry.pk).signed_at
        response = client.post(reverse("records:entry_sign", args=[entry.pk]), {"understood": "on"})
        done = Entry.objects.get(pk=entry.pk).signed_at != signed_before
        assert _allowed(response, ok=302) == done
        return done
    if action == "correct":
        response = client.post(reverse("records:entry_correct", args=[entry.pk]), {"text": "Correction."})
        done = Entry.objects.filter(corrects=entry).exists()
        assert _allowed(response, ok=302) == done
        return done
    if action == "export":
        attachment = entry.attachments.get()
        return _allowed(client.get(reverse("records:attachment", args=[attachment.pk])), ok=200)
    raise AssertionError((obj, action))


@pytest.mark.parametrize(("person", "obj", "action"), CASES)
def test_record_matrix_through_the_pages(client, world, person, obj, action):
    expected = (RELATIONSHIP[person], obj, action) in ALLOWED
    if action == "close":
        _clear_drafts(world)
    before = _snapshot(world)
    allowed = _page_attempt(client, world, world["people"][person], obj, action)
    assert allowed == expected, (
        f"{person} ({RELATIONSHIP[person]}) {action} {obj}: "
        f"{'autorisé' if allowed else 'refusé'}, attendu {'autorisé' if expected else 'refusé'}"
    )
    if not expected:
        assert _snapshot(world) == before, "a refused action changed something"


# --- Through the actions --------------------------------------------------------------------------


def _action_attempt(world: dict[str, Any], user: Any, obj: str, action: str) -> bool:
    record = world["record"]
    try:
        if obj == "record":
            if action == "list":
                return records_visible_to(user).filter(pk=record.pk).exists()
            if action == "read":
                access.get_record_for(user, record.pk, view="test")
            elif action == "create":
                actions.open_record(user, world["cast"].alice, mandate_origin="family", reasons="Demande.")
            elif action == "edit":
                actions.create_entry(
                    user, record, kind="progress_note", service_date=timezone.localdate(), text="Nouvelle."
                )
            elif action == "close":
                actions.close_record(user, record, "Fin.")
            return True
        entry = world[obj]
        if action == "list":
            return entries_visible_to(user).filter(pk=entry.pk).exists()
        if action == "read":
            access.get_entry_for(user, entry.pk, view="test")
        elif action == "edit":
            actions.update_draft(
                user, entry, kind=entry.kind, service_date=entry.service_date, text="RÉÉCRIT"
            )
        elif action == "sign":
            actions.sign_entry(user, entry)
        elif action == "correct":
            actions.correct_entry(user, entry, text="Correction.")
        elif action == "export":
            access.get_attachment_for(user, entry.attachments.get().pk, view="test")
        return True
    except (PermissionDenied, ValidationError, Http404):
        return False


@pytest.mark.parametrize(("person", "obj", "action"), CASES)
def test_record_matrix_through_the_actions(world, person, obj, action):
    expected = (RELATIONSHIP[person], obj, action) in ALLOWED
    if action == "close":
        _clear_drafts(world)
    before = _snapshot(world)
    allowed = _action_attempt(world, world["people"][person], obj, action)
    assert allowed == expected, (
        f"{person} ({RELATIONSHIP[person]}) {action} {obj}: "
        f"{'autorisé' if allowed else 'refusé'}, attendu {'autorisé' if expected else 'refusé'}"
    )
    if not expected:
        assert _snapshot(world) == before, "a refused action changed something"
