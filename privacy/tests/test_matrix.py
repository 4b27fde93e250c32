"""The privacy tools' authorization matrix: every person of the cast (and another centre's privacy
officer) × every page and action of the app, through the real URLs.

The policy is written once, below: the centre's privacy officer reaches everything; the manager reaches
the destruction runs (to approve what somebody else prepared); the other centre's privacy officer reaches
the app's lists (empty of this centre's rows) but none of this centre's objects; everybody else is
refused. Allowed: anything but 403/404. Refused: 403 or 404, and nothing written.
"""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from privacy import actions, actions_requests, retention
from privacy.models import AccessRequest, Communication, DestructionRun, Incident, LegalBasis, LegalHold
from privacy.scan import scan
from records.tests.core_helpers import break_glass

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
    "other_officer",
)
# (url name, method, object the URL names or None)
PAGES = (
    ("dashboard", "get", None),
    ("incidents", "get", None),
    ("incident_declare", "get", None),
    ("incidents_csv", "get", None),
    ("incidents_pdf", "get", None),
    ("incident", "get", "incident"),
    ("incident_edit", "get", "incident"),
    ("incident_close", "post", "incident"),
    ("incident_dismiss", "post", "incident"),
    ("communications", "get", None),
    ("communication_add", "get", None),
    ("communications_csv", "get", None),
    ("requests", "get", None),
    ("request_add", "get", None),
    ("request", "get", "request"),
    ("request_extend", "post", "request"),
    ("request_copy", "post", "request"),
    ("request_answer", "post", "request"),
    ("retention", "get", None),
    ("hold_add", "get", None),
    ("hold_release", "get", "hold"),
    ("runs", "get", None),
    ("run_prepare", "post", None),
    ("run", "get", "run"),
    ("run_approve", "post", "run"),
    ("run_cancel", "post", "run"),
    ("inventory", "get", None),
    ("inventory_csv", "get", None),
    ("inventory_md", "get", None),
)
RUN_PAGES = {"runs", "run", "run_approve", "run_cancel"}


def expected(person: str, page: str, obj: str | None) -> bool:
    if person == "privacy_officer":
        return True
    if person == "manager":
        return page in RUN_PAGES
    if person == "other_officer":
        return obj is None  # the lists of their own centre, none of this centre's objects
    return False


CASES = list(itertools.product(PEOPLE, PAGES))


@pytest.fixture
def objects(cast):
    break_glass(cast.speech_therapist, cast.bruno)
    scan()
    request = actions_requests.register_request(
        cast.privacy_officer,
        actions_requests.RequestData(
            student=cast.alice,
            requester_name="Isabelle Tremblay",
            requester_capacity="guardian",
            received_on=timezone.localdate(),
            requester_user=cast.parent,
        ),
    )
    hold = actions.place_hold(
        cast.privacy_officer, reason="Litige en cours avec la famille", student=cast.zoe
    )
    actions.record_communication(
        actor=cast.manager,
        recipient="MEQ",
        purpose="Déclaration",
        legal_basis=LegalBasis.LAW,
        information="Codes",
        persons_count=3,
    )
    run = DestructionRun.objects.create(
        centre=cast.centre, as_of=timezone.localdate(), prepared_by=cast.privacy_officer
    )
    return {
        "incident": Incident.objects.get(),
        "request": request,
        "hold": hold,
        "run": run,
        "retention": retention,
    }


def snapshot() -> tuple:
    return (
        list(Incident.objects.order_by("pk").values_list("status", "closed_at")),
        list(AccessRequest.objects.order_by("pk").values_list("status", "extended", "copy_sha256")),
        list(DestructionRun.objects.order_by("pk").values_list("status")),
        Communication.objects.count(),
        list(LegalHold.objects.order_by("pk").values_list("released_at")),
    )


def test_the_matrix_covers_every_page_of_the_app():
    from privacy.urls import urlpatterns

    assert {name for name, _m, _o in PAGES} == {getattr(p, "name", None) for p in urlpatterns}
    allowed = sum(1 for person, (page, _m, obj) in CASES if expected(person, page, obj))
    print(
        f"\nmatrice de la vie privée : {len(CASES)} cas, {allowed} autorisés, {len(CASES) - allowed} refusés"
    )
    assert len(CASES) == len(PEOPLE) * len(PAGES)


@pytest.mark.parametrize(("person", "page"), CASES, ids=[f"{p}-{page[0]}" for p, page in CASES])
def test_privacy_matrix(client, cast, objects, other_officer, person, page):
    name, method, obj = page
    user = other_officer if person == "other_officer" else getattr(cast, person)
    args = [objects[obj].pk] if obj else []
    url = reverse(f"privacy:{name}", args=args)
    client.force_login(user)
    before = snapshot()
    response = getattr(client, method)(url)
    got = response.status_code not in (403, 404)
    want = expected(person, name, obj)
    assert got == want, (
        f"{person} {method.upper()} {url}: {response.status_code}, attendu {'autorisé' if want else 'refusé'}"
    )
    if not got:
        assert response.status_code in (403, 404)
        assert snapshot() == before, "a refused request changed something"
    if person == "other_officer" and got and response.get("Content-Type", "").startswith("text/html"):
        body = response.content.decode()
        for o in ("incident", "request", "run"):
            assert objects[o].number not in body, f"{o} of another centre listed on {url}"
