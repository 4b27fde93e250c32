"""The consents API: read-only, the same people as the pages, sharing details only for those who may
read the content, every detail read audited, bounded queries."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api.tests.helpers import ids
from consents.models import Consent
from consents.tests.helpers import ask, sign

LIST = reverse("api:consent-list")


@pytest.fixture
def sharing(cast, leo):
    request = ask(
        cast,
        leo,
        "sharing",
        shared_with="CLSC de Trois-Rivières, équipe jeunesse",
        shared_what="Conclusions de l'évaluation en psychologie",
    )
    return sign(cast.parent, request)


def test_the_professional_serving_the_student_reads_the_sharing_details(session_as, cast, sharing):
    response = session_as(cast.psychologist).get(reverse("api:consent-detail", args=[sharing.pk]))
    assert response.status_code == 200
    assert response.json()["sharing"]["shared_with"] == "CLSC de Trois-Rivières, équipe jeunesse"
    assert response.json()["state"] == "valid"


def test_the_teacher_sees_the_status_but_not_the_sharing_details(session_as, cast, sharing):
    response = session_as(cast.teacher).get(reverse("api:consent-detail", args=[sharing.pk]))
    assert response.status_code == 200
    assert response.json()["sharing"] is None
    assert response.json()["scope"] == "sharing"


def test_a_detail_read_is_audited_with_its_reason(session_as, cast, sharing):
    session_as(cast.parent).get(reverse("api:consent-detail", args=[sharing.pk]))
    row = LogEntry.objects.get(
        action=LogEntry.Action.ACCESS,
        content_type=ContentType.objects.get_for_model(Consent),
        object_pk=str(sharing.pk),
    )
    assert row.actor == cast.parent
    assert row.additional_data == {"reason": "guardian", "view": "api:consent-detail"}


def test_outsiders_and_centre_roles_get_404_and_an_empty_list(session_as, cast, sharing):
    for user in (cast.outsider, cast.coordinator, cast.manager, cast.privacy_officer, cast.speech_therapist):
        client = session_as(user)
        assert client.get(reverse("api:consent-detail", args=[sharing.pk])).status_code == 404
        assert ids(client.get(LIST)) == set()


def test_the_list_filters_by_student_and_refuses_a_bad_filter_quietly(session_as, cast, leo, sharing):
    mine = sign(cast.student15, ask(cast, cast.alice, "services"))
    client = session_as(cast.psychologist)
    assert ids(client.get(LIST, {"eleve": leo.pk})) == {sharing.pk}
    assert ids(client.get(LIST, {"eleve": cast.alice.pk})) == {mine.pk}
    assert ids(client.get(LIST, {"eleve": "x"})) == set()


def test_anonymous_callers_are_refused(api, sharing):
    assert api.get(LIST).status_code in (401, 403)


def test_the_list_reads_a_bounded_number_of_queries(session_as, cast, leo):
    client = session_as(cast.psychologist)
    for scope in ("services", "evaluation", "telepractice"):
        sign(cast.parent, ask(cast, leo, scope))
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for scope in ("services", "evaluation", "telepractice"):
        sign(cast.parent, ask(cast, leo, scope))
    with CaptureQueriesContext(connection) as more:
        response = client.get(LIST)
    assert response.json()["count"] == 6
    assert len(more) == len(few)
