"""The records API: records the user may read (metadata), one record with the entries they may read
(drafts only for their author, the read audited), publications the user may see; denials are 404."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from records import sharing
from records.models import ProfessionalRecord
from records.tests.core_helpers import colleague, draft
from records.tests.test_sharing_support import (  # noqa: F401 — fixtures
    CONCLUSION,
    alice_record_fixture,
    open_for,
    publication,
    sharing_consent,
    signed,
)
from students.models import Student

RECORDS = reverse("api:record-list")
PUBLICATIONS = reverse("api:publication-list")
OTHERS = (
    "principal",
    "teacher",
    "coordinator",
    "manager",
    "privacy_officer",
    "parent",
    "student15",
    "outsider",
)


def signed_in(client, user):
    client.force_login(user)
    return client


def ids(response):
    return {row["id"] for row in response.json()["results"]}


def detail(record):
    return reverse("api:record-detail", args=[record.pk])


def test_the_owner_lists_their_records_as_metadata(client, cast, alice_record):
    response = signed_in(client, cast.psychologist).get(RECORDS)
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["id"] == alice_record.pk and row["student_name"] == "Alice Tremblay"
    assert "reasons" not in row and "entries" not in row


def test_the_owner_reads_the_header_and_their_drafts_and_the_read_is_audited(client, cast, alice_record):
    note, brouillon = signed(cast, alice_record), draft(cast, alice_record)
    response = signed_in(client, cast.psychologist).get(detail(alice_record))
    body = response.json()
    assert body["access_reason"] == "owner" and body["reasons"]
    assert {e["id"] for e in body["entries"]} == {note.pk, brouillon.pk}
    row = LogEntry.objects.get(
        action=LogEntry.Action.ACCESS,
        content_type=ContentType.objects.get_for_model(ProfessionalRecord),
        object_pk=str(alice_record.pk),
    )
    assert row.additional_data["reason"] == "owner" and row.additional_data["view"] == "api:record-detail"


def test_a_colleague_with_a_share_reads_signed_entries_only(client, cast, alice_record):
    lea = colleague(cast)
    note = signed(cast, alice_record)
    draft(cast, alice_record)
    sharing.share_with_professional(cast.psychologist, alice_record, lea, sharing_consent(cast, cast.alice))
    client = signed_in(client, lea)
    assert ids(client.get(RECORDS)) == {alice_record.pk}
    body = client.get(detail(alice_record)).json()
    assert body["access_reason"] == "shared"
    assert [e["id"] for e in body["entries"]] == [note.pk]


@pytest.mark.parametrize("person", [*OTHERS, "speech_therapist"])
def test_everyone_else_gets_an_empty_list_and_404(client, cast, alice_record, person):
    client = signed_in(client, getattr(cast, person))
    assert ids(client.get(RECORDS)) == set()
    assert client.get(detail(alice_record)).status_code == 404


def test_a_missing_record_is_the_same_404(client, cast):
    assert (
        signed_in(client, cast.psychologist).get(reverse("api:record-detail", args=[999999])).status_code
        == 404
    )


def test_anonymous_callers_are_refused(client):
    assert client.get(RECORDS).status_code in (401, 403)
    assert client.get(PUBLICATIONS).status_code in (401, 403)


# --- Publications ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["psychologist", "principal", "teacher", "student15"])
def test_the_school_team_and_alice_read_her_publications(client, cast, alice_record, person):
    pub = publication(alice_record)
    response = signed_in(client, getattr(cast, person)).get(PUBLICATIONS, {"eleve": cast.alice.pk})
    [row] = response.json()["results"]
    assert row["id"] == pub.pk and row["text"] == CONCLUSION and row["profession"] == "psychologist"


@pytest.mark.parametrize(
    "person", ["parent", "speech_therapist", "outsider", "coordinator", "manager", "privacy_officer"]
)
def test_others_get_no_publication_of_alice(client, cast, alice_record, person):
    publication(alice_record)
    assert ids(signed_in(client, getattr(cast, person)).get(PUBLICATIONS, {"eleve": cast.alice.pk})) == set()


def test_the_parent_reads_the_publications_of_a_child_under_14(client, cast, alice_record, leo):
    publication(alice_record)
    leos = publication(open_for(cast, leo))
    assert ids(signed_in(client, cast.parent).get(PUBLICATIONS)) == {leos.pk}


def test_the_publication_read_is_audited_on_the_student(client, cast, alice_record):
    pub = publication(alice_record)
    signed_in(client, cast.teacher).get(PUBLICATIONS, {"eleve": cast.alice.pk})
    row = LogEntry.objects.get(
        action=LogEntry.Action.ACCESS,
        content_type=ContentType.objects.get_for_model(Student),
        additional_data__view="api:publication-list",
    )
    assert row.additional_data == {
        "reason": "group",
        "view": "api:publication-list",
        "publication_ids": [pub.pk],
    }
    assert CONCLUSION not in str(row.additional_data)


def test_a_bad_student_filter_returns_nothing(client, cast, alice_record):
    publication(alice_record)
    assert ids(signed_in(client, cast.principal).get(PUBLICATIONS, {"eleve": "x"})) == set()
