"""/api/demandes/ and /api/listes-attente/: the guichet unique through the API, behind the rules of the
pages. Anonymous → 401; the wrong person → 403 or the same 404 as for a request that does not exist;
the right person → the data, with the free texts only for those who may read them."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from api.tests.helpers import ids
from conftest import make_user
from consents.tests.helpers import ask, sign
from core.models import Network, Role, School, ServiceCentre, ServiceDomain
from intake import actions
from intake.actions import RequestData
from intake.models import RequestEvent, ServiceEpisode, ServiceRequest, Status
from intake.queries import requests_visible_to
from students.models import Student

LIST = reverse("api:request-list")
WAITING_LISTS = reverse("api:waiting-lists")
SITUATION = "Anxiété marquée avant les examens, absences le lundi."
TRIED = "Rencontres avec la TES, plan de retour progressif."
DETAIL_FIELDS = {"details", "already_tried"}
NOTE_FIELDS = {
    "requested_by",
    "mandate_origin",
    "reasons",
    "urgency",
    "schooling_impact",
    "tier",
    "tried_weeks",
    "modality",
    "availability",
    "status_note",
}


def detail(request_or_pk):
    return reverse("api:request-detail", args=[getattr(request_or_pk, "pk", request_or_pk)])


def act(request, name):
    return f"{detail(request)}{name}/"


def waiting_list(domain, network):
    return reverse("api:waiting-list", args=[domain.pk, network.pk if network else 0])


@pytest.fixture
def psychology(db):
    return ServiceDomain.objects.get(code="psychologie")


@pytest.fixture
def speech(db):
    return ServiceDomain.objects.get(code="orthophonie")


@pytest.fixture
def data():
    return RequestData(
        reasons=["emotional", "attendance"],
        details=SITUATION,
        already_tried=TRIED,
        tried_weeks=6,
        tier=2,
        urgency="moderate",
        schooling_impact="marked",
        availability="Mardi et jeudi en après-midi",
        modality="any",
        mandate_origin="school",
    )


@pytest.fixture
def filed(cast, psychology, speech, data):
    """Three requests: the teacher's for alice (psychology, Nord), the principal's for bruno (speech, Nord),
    the outsider's for zoé (psychology, Sud)."""
    return {
        "mine": actions.file_request(cast.teacher, cast.alice, [psychology], data)[0],
        "bruno": actions.file_request(cast.principal, cast.bruno, [speech], data)[0],
        "zoe": actions.file_request(cast.outsider, cast.zoe, [psychology], data)[0],
    }


def accept(cast, request, **values):
    values = {"urgency": "high", "schooling_impact": "marked", "tier": 2, **values}
    actions.accept_request(cast.coordinator, request, request.version, **values)
    request.refresh_from_db()
    return request


def request_access_rows(request=None):
    rows = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, content_type=ContentType.objects.get_for_model(ServiceRequest)
    )
    return rows.filter(object_pk=str(request.pk)) if request is not None else rows


FILING = {
    "reasons": ["emotional"],
    "details": "Pleure souvent en classe.",
    "already_tried": "Coin calme.",
    "tried_weeks": 4,
    "tier": 2,
    "urgency": "moderate",
    "schooling_impact": "mild",
    "availability": "Lundi matin",
    "modality": "any",
    "mandate_origin": "school",
}


# --- Who sees which request ----------------------------------------------------------------------


def test_anonymous_gets_401_everywhere(api, cast, filed, psychology):
    mine = filed["mine"]
    for method, url in [
        ("get", LIST),
        ("get", detail(mine)),
        ("post", LIST),
        ("post", act(mine, "accepter")),
        ("get", WAITING_LISTS),
        ("get", waiting_list(psychology, cast.nord)),
    ]:
        response = getattr(api, method)(url, {}, format="json") if method == "post" else api.get(url)
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"].startswith("Token")
    assert not request_access_rows().exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("teacher", {"mine"}),
        ("principal", {"mine", "bruno"}),
        ("outsider", {"zoe"}),
        ("coordinator", {"mine", "bruno", "zoe"}),
        ("manager", {"mine", "bruno", "zoe"}),
        ("psychologist", set()),
        ("speech_therapist", set()),
        ("parent", {"mine"}),
        ("student15", {"mine"}),
    ],
)
def test_each_role_lists_exactly_the_requests_visible_to_it(session_as, token_as, cast, filed, who, expected):
    user = getattr(cast, who)
    client = token_as(user) if user.is_staff_member else session_as(user)
    response = client.get(LIST)
    assert response.status_code == 200
    assert ids(response) == {filed[name].pk for name in expected}
    assert ids(response) == set(requests_visible_to(user).values_list("pk", flat=True))
    for name, request in filed.items():
        assert client.get(detail(request)).status_code == (200 if name in expected else 404), name


def test_the_assigned_professional_then_sees_the_request(token_as, cast, filed):
    mine = accept(cast, filed["mine"])
    actions.assign_request(cast.coordinator, mine, mine.version, cast.psychologist)
    client = token_as(cast.psychologist)
    assert ids(client.get(LIST)) == {mine.pk}
    assert client.get(detail(mine)).json()["details"] == SITUATION


def test_the_privacy_officer_gets_403_on_the_list_and_404_on_a_request(token_as, cast, filed):
    client = token_as(cast.privacy_officer)
    response = client.get(LIST)
    assert response.status_code == 403
    assert "rôle" in response.json()["detail"]
    assert client.get(detail(filed["mine"])).status_code == 404


def test_an_outsider_gets_the_same_404_as_for_a_request_that_does_not_exist(token_as, cast, filed):
    client = token_as(cast.outsider)
    missing = max(ServiceRequest.objects.values_list("pk", flat=True)) + 1000
    forbidden = client.get(detail(filed["mine"]))
    nonexistent = client.get(detail(missing))
    assert forbidden.status_code == nonexistent.status_code == 404
    assert forbidden.content == nonexistent.content
    assert forbidden.json() == {"detail": "Demande introuvable"}
    assert client.get("/api/demandes/abc/").status_code == 404
    assert not request_access_rows().exists()


def test_a_staff_token_without_two_factor_is_refused(cast, filed):
    from allauth.mfa.models import Authenticator

    token = Token.objects.create(user=cast.coordinator)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get(LIST).status_code == 200
    Authenticator.objects.filter(user=cast.coordinator).delete()
    for url in [LIST, detail(filed["mine"]), WAITING_LISTS]:
        response = client.get(url)
        assert response.status_code == 401
        assert "Double authentification requise" in response.json()["detail"]


# --- What each sees of a request ------------------------------------------------------------------


def test_a_parent_sees_the_status_but_not_the_schools_free_text_nor_the_priority(session_as, cast, filed):
    mine = accept(cast, filed["mine"])
    client = session_as(cast.parent)
    row = client.get(LIST).json()["results"][0]
    one = client.get(detail(mine)).json()
    for data in (row, one):
        assert data["status"] == "waiting"
        assert data["student"] == {"id": cast.alice.pk, "last_name": "Tremblay", "first_name": "Alice"}
        assert not (DETAIL_FIELDS | NOTE_FIELDS | {"priority", "priority_parts"}) & set(data)
    assert "episode" not in one
    assert all("note" not in event for event in one["events"])
    for url in (LIST, detail(mine)):
        content = client.get(url).content.decode()
        assert "Anxiété" not in content and "TES" not in content


def test_a_student_of_15_sees_her_request_like_her_parent(session_as, cast, filed):
    data = session_as(cast.student15).get(detail(filed["mine"])).json()
    assert not (DETAIL_FIELDS | NOTE_FIELDS | {"priority"}) & set(data)


def test_a_parent_who_filed_reads_what_she_wrote(session_as, cast, psychology, data):
    own = actions.file_request(cast.parent, cast.alice, [psychology], data)[0]
    one = session_as(cast.parent).get(detail(own)).json()
    assert one["details"] == SITUATION and one["mandate_origin"] == "family"
    assert "priority" not in one  # still a family account


def test_the_manager_sees_the_priority_but_not_the_free_text(token_as, cast, filed):
    mine = accept(cast, filed["mine"])
    client = token_as(cast.manager)
    one = client.get(detail(mine)).json()
    assert not DETAIL_FIELDS & set(one)
    assert NOTE_FIELDS.issubset(one)
    assert one["priority"] == mine.priority == sum(one["priority_parts"].values())
    assert "Anxiété" not in client.get(LIST).content.decode()


@pytest.mark.parametrize("who", ["teacher", "principal", "coordinator"])
def test_the_requester_the_principal_and_the_coordinator_read_the_free_text(token_as, cast, filed, who):
    client = token_as(getattr(cast, who))
    one = client.get(detail(filed["mine"])).json()
    assert (one["details"], one["already_tried"]) == (SITUATION, TRIED)
    row = next(r for r in client.get(LIST).json()["results"] if r["id"] == filed["mine"].pk)
    assert row["details"] == SITUATION


def test_the_detail_carries_the_documented_fields(token_as, cast, filed, psychology):
    mine = filed["mine"]
    data = token_as(cast.coordinator).get(detail(mine)).json()
    assert set(data) == {
        "id",
        "student",
        "school",
        "domain",
        "network",
        "status",
        "created_at",
        "triaged_at",
        "accepted_at",
        "assigned_at",
        "closed_at",
        "assigned_to",
        "redirected_to",
        "version",
        "priority",
        "priority_parts",
        *NOTE_FIELDS,
        *DETAIL_FIELDS,
        "events",
        "episode",
        "actions",
    }
    assert data["school"] == {"id": cast.sources.pk, "name": "École secondaire des Sources"}
    assert data["domain"] == {"id": psychology.pk, "code": "psychologie", "name": "Psychologie"}
    assert data["network"] == {"id": cast.nord.pk, "name": "Réseau Nord"}
    assert data["requested_by"] == {"id": cast.teacher.pk, "name": "Paul Test"}
    assert data["reasons"] == ["attendance", "emotional"]
    assert (data["status"], data["version"], data["episode"]) == ("submitted", 1, None)
    assert data["actions"] == sorted(["accepter", "demander-precisions", "refuser", "reorienter"])
    assert data["events"] == [
        {
            "at": data["events"][0]["at"],
            "actor": "Paul Test",
            "from_status": "",
            "to_status": "submitted",
            "note": "",
        }
    ]


def test_reading_a_request_writes_exactly_one_access_row_and_listing_writes_none(token_as, cast, filed):
    client = token_as(cast.coordinator)
    before = LogEntry.objects.count()
    assert client.get(LIST).status_code == 200
    assert LogEntry.objects.count() == before
    assert client.get(detail(filed["mine"])).status_code == 200
    row = request_access_rows(filed["mine"]).get()
    assert row.actor == cast.coordinator
    assert row.additional_data == {
        "reason": "coordinator",
        "view": "api:request-detail",
        "student_id": cast.alice.pk,
    }


def test_api_answers_are_never_cached(token_as, cast, filed):
    client = token_as(cast.coordinator)
    for url in (LIST, detail(filed["mine"]), WAITING_LISTS):
        assert client.get(url)["Cache-Control"] == "no-store, private"


# --- Filters --------------------------------------------------------------------------------------


def test_the_list_filters_by_status_service_network_and_school(token_as, cast, filed, psychology, speech):
    accept(cast, filed["zoe"])
    client = token_as(cast.coordinator)
    mine, bruno, zoe = filed["mine"].pk, filed["bruno"].pk, filed["zoe"].pk
    assert ids(client.get(LIST, {"statut": "waiting"})) == {zoe}
    assert ids(client.get(LIST, {"statut": "submitted"})) == {mine, bruno}
    assert ids(client.get(LIST, {"service": speech.pk})) == {bruno}
    assert ids(client.get(LIST, {"reseau": cast.nord.pk})) == {mine, bruno}
    assert ids(client.get(LIST, {"ecole": cast.laurent.pk})) == {zoe}
    assert ids(client.get(LIST, {"service": psychology.pk, "reseau": cast.nord.pk})) == {mine}


def test_filters_never_widen_what_the_user_may_see(token_as, cast, filed):
    client = token_as(cast.teacher)
    assert ids(client.get(LIST, {"ecole": cast.laurent.pk})) == set()
    assert ids(client.get(LIST, {"reseau": cast.sud.pk})) == set()
    assert ids(client.get(LIST, {"statut": "submitted"})) == {filed["mine"].pk}


def test_a_malformed_filter_is_a_400(token_as, cast, filed):
    client = token_as(cast.coordinator)
    assert client.get(LIST, {"ecole": "sources"}).status_code == 400
    assert client.get(LIST, {"statut": "perdue"}).status_code == 400


def test_the_list_is_paginated_newest_first(token_as, cast, filed):
    data = token_as(cast.coordinator).get(LIST).json()
    assert data["count"] == 3 and data["next"] is None
    assert [row["id"] for row in data["results"]] == [filed["zoe"].pk, filed["bruno"].pk, filed["mine"].pk]


# --- Filing ---------------------------------------------------------------------------------------


def test_a_teacher_files_one_request_per_service(token_as, cast, psychology, speech):
    client = token_as(cast.teacher)
    response = client.post(
        LIST, {**FILING, "student": cast.alice.pk, "domains": [psychology.pk, speech.pk]}, format="json"
    )
    assert response.status_code == 201
    created = response.json()["results"]
    assert [(r["domain"]["code"], r["status"]) for r in created] == [
        ("psychologie", "submitted"),
        ("orthophonie", "submitted"),
    ]
    assert created[0]["details"] == "Pleure souvent en classe."
    stored = ServiceRequest.objects.get(pk=created[0]["id"])
    assert (stored.requested_by, stored.student, stored.tier, stored.network) == (
        cast.teacher,
        cast.alice,
        2,
        cast.nord,
    )
    assert RequestEvent.objects.filter(request=stored, to_status=Status.SUBMITTED).count() == 1


def test_a_parent_files_for_her_child_as_a_family_mandate(session_as, cast, psychology):
    response = session_as(cast.parent).post(
        LIST, {**FILING, "student": cast.alice.pk, "domains": [psychology.pk]}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["results"][0]["mandate_origin"] == "family"


def test_a_duplicate_is_a_400_naming_the_first_request(token_as, cast, filed, psychology):
    first = filed["mine"]
    response = token_as(cast.principal).post(
        LIST, {**FILING, "student": cast.alice.pk, "domains": [psychology.pk]}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert f"demande nº {first.pk}" in body["detail"]
    assert body["detail"].startswith("Une demande en psychologie est déjà ouverte pour cet élève")
    assert body["existing_requests"] == [first.pk]  # the principal may open it
    assert ServiceRequest.objects.filter(student=cast.alice).count() == 1


def test_a_duplicate_the_user_may_not_open_is_named_but_not_listed(token_as, cast, filed, psychology):
    # The psychologist serves alice (caseload) but does not see the teacher's request.
    response = token_as(cast.psychologist).post(
        LIST, {**FILING, "student": cast.alice.pk, "domains": [psychology.pk]}, format="json"
    )
    assert response.status_code == 400
    assert f"demande nº {filed['mine'].pk}" in response.json()["detail"]
    assert response.json()["existing_requests"] == []


def test_who_may_not_file(session_as, token_as, cast, psychology):
    body = {**FILING, "domains": [psychology.pk]}
    # Students they may not see: the same 404 as the student pages.
    assert (
        token_as(cast.teacher).post(LIST, {**body, "student": cast.bruno.pk}, format="json").status_code
        == 404
    )
    assert (
        token_as(cast.outsider).post(LIST, {**body, "student": cast.alice.pk}, format="json").status_code
        == 404
    )
    for who in ("coordinator", "manager", "privacy_officer"):
        client = token_as(getattr(cast, who))
        assert client.post(LIST, {**body, "student": cast.alice.pk}, format="json").status_code == 404, who
    # A student sees herself but does not file.
    response = session_as(cast.student15).post(LIST, {**body, "student": cast.alice.pk}, format="json")
    assert response.status_code == 403
    assert not ServiceRequest.objects.exists()


def test_the_filing_is_validated_in_french(token_as, cast):
    response = token_as(cast.teacher).post(
        LIST, {**FILING, "student": cast.alice.pk, "domains": [], "reasons": []}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["domains"] == ["Choisissez au moins un service."]
    assert response.json()["reasons"] == ["Choisissez au moins un motif."]
    assert not ServiceRequest.objects.exists()


# --- Actions --------------------------------------------------------------------------------------


def test_the_whole_life_of_a_request_through_the_api(token_as, session_as, cast, filed, psychology):
    mine = filed["mine"]
    coordinator = token_as(cast.coordinator)
    response = coordinator.post(
        act(mine, "demander-precisions"), {"version": 1, "question": "Depuis quand ?"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["version"]) == ("info_requested", 2)

    teacher = token_as(cast.teacher)
    assert teacher.get(detail(mine)).json()["status_note"] == "Depuis quand ?"
    response = teacher.post(
        act(mine, "repondre"), {"version": 2, "answer": "Depuis septembre."}, format="json"
    )
    assert response.json()["status"] == "submitted"

    coordinator = token_as(cast.coordinator)
    response = coordinator.post(
        act(mine, "accepter"),
        {"version": 3, "urgency": "high", "schooling_impact": "marked", "tier": 2},
        format="json",
    )
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "waiting" and data["priority"] == sum(data["priority_parts"].values()) > 0
    assert data["actions"] == ["assigner"]

    response = coordinator.post(
        act(mine, "assigner"), {"version": 4, "professional": cast.psychologist.pk}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["assigned_to"] == {"id": cast.psychologist.pk, "name": "Marie Test"}
    assert response.json()["episode"]["professional"]["id"] == cast.psychologist.pk

    psychologist = token_as(cast.psychologist)
    response = psychologist.post(act(mine, "premier-service"), {}, format="json")
    assert response.status_code == 400  # no consent to services yet: the message names it
    assert "Consentement aux services de suivi manquant pour Alice" in str(response.json())
    sign(cast.student15, ask(cast, cast.alice, scope="services"))
    response = psychologist.post(act(mine, "premier-service"), {}, format="json")
    assert response.status_code == 200
    assert response.json()["episode"]["first_service_at"] is not None
    response = psychologist.post(
        act(mine, "fermer"),
        {"version": 5, "outcome": "goals_met", "note": "Objectifs atteints."},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "closed"
    assert response.json()["episode"]["closing_note"] == "Objectifs atteints."
    episode = ServiceEpisode.objects.get(request=mine)
    assert episode.outcome == "goals_met" and episode.first_service_at is not None
    # The closing note is the professional's: the coordinator does not read it.
    assert "closing_note" not in token_as(cast.coordinator).get(detail(mine)).json()["episode"]


def test_a_stale_version_is_a_409_with_the_french_message_and_changes_nothing(token_as, cast, filed):
    mine = filed["mine"]
    actions.ask_for_information(cast.coordinator, mine, 1, "Depuis quand ?")
    other = make_user("lea.guichet", Role.COORDINATOR, centre=cast.centre)
    response = token_as(other).post(
        act(mine, "refuser"), {"version": 1, "reason": "Hors mandat"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["detail"].startswith(
        "Cette demande vient d'être modifiée par Marc Test (statut : précisions demandées)."
    )
    mine.refresh_from_db()
    assert (mine.status, mine.version) == (Status.INFO_REQUESTED, 2)


def test_only_the_coordinator_triages(session_as, token_as, cast, filed):
    mine = filed["mine"]
    body = {"version": 1, "urgency": "high", "schooling_impact": "marked", "tier": 2}
    for who in ("teacher", "principal", "manager"):
        assert (
            token_as(getattr(cast, who)).post(act(mine, "accepter"), body, format="json").status_code == 403
        )
    assert session_as(cast.parent).post(act(mine, "accepter"), body, format="json").status_code == 403
    # Who does not see the request gets the 404 of a request that does not exist.
    for who in ("outsider", "psychologist", "privacy_officer"):
        assert (
            token_as(getattr(cast, who)).post(act(mine, "accepter"), body, format="json").status_code == 404
        )
    mine.refresh_from_db()
    assert mine.status == Status.SUBMITTED
    assert not RequestEvent.objects.filter(request=mine, to_status=Status.WAITING).exists()


def test_an_action_impossible_in_this_state_is_a_400_in_french(token_as, cast, filed):
    mine = accept(cast, filed["mine"])
    response = token_as(cast.coordinator).post(
        act(mine, "refuser"), {"version": mine.version, "reason": "Trop tard"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Action impossible : la demande est « En liste d'attente »."}


def test_an_action_body_is_validated(token_as, cast, filed):
    client = token_as(cast.coordinator)
    mine = filed["mine"]
    response = client.post(act(mine, "refuser"), {"reason": "Sans version"}, format="json")
    assert response.status_code == 400 and "version" in response.json()
    response = client.post(act(mine, "accepter"), {"version": 1, "urgency": "extreme"}, format="json")
    assert response.status_code == 400
    assert {"urgency", "schooling_impact", "tier"} <= set(response.json())
    assert client.get(act(mine, "accepter")).status_code == 405


def test_assigning_someone_who_does_not_serve_the_network_is_refused(token_as, cast, filed):
    mine = accept(cast, filed["mine"])
    client = token_as(cast.coordinator)
    response = client.post(
        act(mine, "assigner"),
        {"version": mine.version, "professional": cast.speech_therapist.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "n'offre pas ce service dans ce réseau d'écoles" in response.json()["detail"]
    response = client.post(
        act(mine, "assigner"), {"version": mine.version, "professional": cast.teacher.pk}, format="json"
    )
    assert response.json() == {
        "detail": "Choisissez une personne qui offre ce service dans ce réseau d'écoles."
    }
    mine.refresh_from_db()
    assert mine.status == Status.WAITING and not ServiceEpisode.objects.exists()


def test_redirecting_opens_a_request_in_the_other_service(token_as, cast, filed, speech):
    mine = filed["mine"]
    response = token_as(cast.coordinator).post(
        act(mine, "reorienter"),
        {"version": 1, "domain": speech.pk, "note": "Besoin langagier."},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "redirected"
    assert response.json()["redirected_to"]["code"] == "orthophonie"
    assert ServiceRequest.objects.get(student=cast.alice, domain=speech).status == Status.SUBMITTED


def test_the_requester_withdraws_but_nobody_else(token_as, cast, filed):
    mine = filed["mine"]
    assert (
        token_as(cast.principal).post(act(mine, "retirer"), {"version": 1}, format="json").status_code == 403
    )
    response = token_as(cast.teacher).post(act(mine, "retirer"), {"version": 1, "note": ""}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"


def test_only_the_assigned_professional_records_the_first_service(token_as, cast, filed):
    mine = filed["mine"]
    assert token_as(cast.coordinator).post(act(mine, "premier-service")).status_code == 400  # no episode
    mine = accept(cast, mine)
    actions.assign_request(cast.coordinator, mine, mine.version, cast.psychologist)
    assert token_as(cast.coordinator).post(act(mine, "premier-service")).status_code == 403
    sign(cast.student15, ask(cast, cast.alice, scope="services"))
    assert token_as(cast.psychologist).post(act(mine, "premier-service")).status_code == 200


# --- Waiting lists --------------------------------------------------------------------------------


@pytest.fixture
def lists(cast, filed, psychology):
    """Psychology, network Nord: alice's (priority 40, accepted 70 days ago: over the 60-day limit) and
    another (priority 55, accepted 3 days ago); one assignment of that list 1 week ago. Psychology,
    network Sud: zoé's."""
    now = timezone.now()
    mine = accept(cast, filed["mine"])
    ServiceRequest.objects.filter(pk=mine.pk).update(priority=40, accepted_at=now - dt.timedelta(days=70))
    second = actions.file_request(cast.principal, cast.bruno, [psychology], _data(cast))[0]
    second = accept(cast, second)
    ServiceRequest.objects.filter(pk=second.pk).update(priority=55, accepted_at=now - dt.timedelta(days=3))
    served = Student.objects.create(
        code_permanent="SERV00000001",
        last_name="Servi",
        first_name="Déjà",
        birth_date=dt.date(2012, 1, 1),
        sex="X",
        school=cast.sources,
        grade_level="S2",
    )
    ServiceRequest.objects.create(
        student=served,
        domain=psychology,
        network=cast.nord,
        requested_by=cast.teacher,
        mandate_origin="school",
        status=Status.CLOSED,
        assigned_at=now - dt.timedelta(weeks=1),
    )
    zoe = accept(cast, filed["zoe"])
    return {"mine": mine, "second": second, "zoe": zoe}


def _data(cast):
    return RequestData(["learning"], "Lecture difficile.", "", 0, 1, "low", "mild", "", "any", "school")


@pytest.mark.parametrize("who", ["coordinator", "manager"])
def test_the_coordinator_and_the_manager_read_the_waiting_lists(token_as, cast, lists, psychology, who):
    response = token_as(getattr(cast, who)).get(WAITING_LISTS)
    assert response.status_code == 200
    assert response.json() == {
        "wait_limit_days": 60,
        "results": [
            {
                "domain": {"id": psychology.pk, "name": "Psychologie"},
                "network": {"id": cast.nord.pk, "name": "Réseau Nord"},
                "length": 2,
                "overdue": 1,
            },
            {
                "domain": {"id": psychology.pk, "name": "Psychologie"},
                "network": {"id": cast.sud.pk, "name": "Réseau Sud"},
                "length": 1,
                "overdue": 0,
            },
        ],
    }


def test_a_waiting_list_gives_positions_priorities_estimated_waits_and_overdue(
    token_as, cast, lists, psychology
):
    response = token_as(cast.coordinator).get(waiting_list(psychology, cast.nord))
    assert response.status_code == 200
    data = response.json()
    assert (data["domain"]["name"], data["network"]["name"]) == ("Psychologie", "Réseau Nord")
    assert (data["length"], data["overdue"], data["wait_limit_days"], data["throughput_window_weeks"]) == (
        2,
        1,
        60,
        8,
    )
    # One assignment in the 8-week window: 1/8 a week. Position 1 waits 8 weeks, position 2 waits 16.
    second, mine = lists["second"], lists["mine"]
    rows = [
        (e["position"], e["request_id"], e["priority"], e["waited_days"], e["estimated_weeks"], e["overdue"])
        for e in data["entries"]
    ]
    assert rows == [(1, second.pk, 55, 3, 8.0, False), (2, mine.pk, 40, 70, 16.0, True)]
    entry = data["entries"][1]
    assert entry["student"] == {"id": cast.alice.pk, "last_name": "Tremblay", "first_name": "Alice"}
    assert entry["school"] == {"id": cast.sources.pk, "name": "École secondaire des Sources"}
    assert entry["priority_parts"] == mine.priority_parts
    assert "details" not in entry and "Anxiété" not in response.content.decode()


@pytest.mark.parametrize(
    "who", ["teacher", "principal", "outsider", "psychologist", "privacy_officer", "parent", "student15"]
)
def test_the_other_roles_get_403_on_the_waiting_lists(session_as, token_as, cast, lists, psychology, who):
    user = getattr(cast, who)
    client = token_as(user) if user.is_staff_member else session_as(user)
    assert client.get(WAITING_LISTS).status_code == 403
    assert client.get(waiting_list(psychology, cast.nord)).status_code == 403


def test_an_unknown_service_or_another_centres_network_is_a_404(token_as, cast, lists, psychology):
    client = token_as(cast.coordinator)
    other = ServiceCentre.objects.create(name="CSS voisin", code="CSS-VOISIN", region="Mauricie")
    foreign = Network.objects.create(centre=other, name="Réseau voisin")
    assert client.get(reverse("api:waiting-list", args=[99999, cast.nord.pk])).status_code == 404
    response = client.get(waiting_list(psychology, foreign))
    assert response.status_code == 404 and response.json() == {"detail": "Liste d'attente introuvable"}


def test_the_list_of_schools_without_a_network_is_reached_with_0(token_as, cast, lists, psychology):
    lone = School.objects.create(
        centre=cast.centre, ministry_code="751900", name="École isolée", level="primary"
    )
    student = Student.objects.create(
        code_permanent="ISOL00000001",
        last_name="Isolée",
        first_name="Ève",
        birth_date=dt.date(2015, 1, 1),
        sex="F",
        school=lone,
        grade_level="P5",
    )
    request = ServiceRequest.objects.create(
        student=student,
        domain=psychology,
        network=None,
        requested_by=cast.teacher,
        mandate_origin="school",
        status=Status.WAITING,
        priority=20,
        accepted_at=timezone.now(),
    )
    client = token_as(cast.coordinator)
    summary = client.get(WAITING_LISTS).json()["results"]
    assert {
        "domain": {"id": psychology.pk, "name": "Psychologie"},
        "network": None,
        "length": 1,
        "overdue": 0,
    } in (summary)
    data = client.get(waiting_list(psychology, None)).json()
    assert data["network"] is None
    assert [(e["request_id"], e["estimated_weeks"]) for e in data["entries"]] == [(request.pk, None)]


# --- Schema and cost ------------------------------------------------------------------------------


def test_the_schema_documents_the_intake_endpoints_in_french(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    expected = {
        "/api/demandes/",
        "/api/demandes/{id}/",
        *(
            f"/api/demandes/{{id}}/{name}/"
            for name in [
                "demander-precisions",
                "repondre",
                "reorienter",
                "refuser",
                "accepter",
                "assigner",
                "premier-service",
                "fermer",
                "retirer",
            ]
        ),
        "/api/listes-attente/",
        "/api/listes-attente/{domain_id}/{network_id}/",
    }
    assert expected <= set(schema["paths"])
    for path in expected:
        for method, operation in schema["paths"][path].items():
            assert operation.get("description"), f"{method} {path}"
            assert operation.get("summary"), f"{method} {path}"
    assert set(schema["paths"]["/api/demandes/"]) == {"get", "post"}
    assert {p["name"] for p in schema["paths"]["/api/demandes/"]["get"]["parameters"]} == {
        "statut",
        "service",
        "reseau",
        "ecole",
        "page",
    }
    assert set(schema["paths"]["/api/demandes/{id}/accepter/"]["post"]["responses"]) == {
        "200",
        "400",
        "403",
        "404",
        "409",
    }
    assert "details" in schema["components"]["schemas"]["ServiceRequest"]["properties"]
    assert "details" not in schema["components"]["schemas"]["ServiceRequest"].get("required", [])


def _fill_the_list(cast, psychology, speech, count):
    for n in range(count):
        student = Student.objects.create(
            code_permanent=f"LIST{n:08d}",
            last_name=f"Élève{n:02d}",
            first_name="Test",
            birth_date=dt.date(2012, 1, 1),
            sex="X",
            school=cast.sources,
            grade_level="S2",
        )
        request = ServiceRequest.objects.create(
            student=student,
            domain=psychology if n % 2 else speech,
            network=cast.nord,
            requested_by=cast.teacher,
            mandate_origin="school",
            status=Status.ASSIGNED if n % 3 == 0 else Status.SUBMITTED,
            assigned_to=cast.psychologist if n % 3 == 0 else None,
            details=f"Situation {n}",
        )
        RequestEvent.objects.create(request=request, actor=cast.teacher, to_status=Status.SUBMITTED)


@pytest.mark.parametrize(
    ("who", "budget"), [("coordinator", 4), ("principal", 6), ("teacher", 4), ("manager", 4)]
)
def test_the_list_of_30_requests_takes_a_bounded_number_of_queries(
    token_as, cast, psychology, speech, who, budget, django_assert_max_num_queries
):
    _fill_the_list(cast, psychology, speech, 30)
    client = token_as(getattr(cast, who))
    # token, two-factor check, count, page (student, school, domain, network and people joined);
    # the principal's schools are read once for the whole page (two queries), not once per row.
    with django_assert_max_num_queries(budget):
        response = client.get(LIST)
    assert response.status_code == 200
    assert response.json()["count"] == 30
