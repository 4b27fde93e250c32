"""The machinery of the policy matrix: who is who towards which sample, how each URL is filled in and
tried, and how a response reads (allowed, denied, broken)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse

from security.urlwalk import Route

PERSONS = (
    "anonymous",
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
ROLE = {
    "anonymous": "anonymous",
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
# How each person stands towards Alice's side (`own`: des Sources, group 301, her mother, her
# psychologist, who wrote her record and documents) and towards Zoé's (`other`: Saint-Laurent, another
# family). Declared from the cast, never computed by the code under test.
TOWARDS_STUDENT = {
    "own": {
        "anonymous": "none",
        "psychologist": "caseload",
        "speech_therapist": "same_school",
        "principal": "own_school",
        "teacher": "own_group",
        "outsider": "other_school",
        "parent": "own_child",
        "student15": "self",
        "coordinator": "centre",
        "manager": "centre",
        "privacy_officer": "centre",
    },
    "other": {
        "anonymous": "none",
        "psychologist": "other_school",
        "speech_therapist": "other_school",
        "principal": "other_school",
        "teacher": "other_school",
        "outsider": "own_school",
        "parent": "other_family",
        "student15": "other_family",
        "coordinator": "centre",
        "manager": "centre",
        "privacy_officer": "centre",
    },
}
# Objects of a service centre (the privacy officer's registers): `other` belongs to another centre.
CENTRE_SAMPLES = {"incident", "access_request", "hold", "run"}
# Reference data of the centre (its schools): staff of the centre read them all, families do not.
REFERENCE_SAMPLES = {"school", "criteria_set"}
# Objects reached by a secret in the address, without a session (a calendar feed): whoever holds the
# address stands as `holder`, whatever their role.
KEY_SAMPLES = {"feed"}
NEVER_ALLOWED = {"other_school", "other_family", "other_centre", "none"}

# Which sample fills each URL argument; `(url name, argument)` overrides the argument alone.
ARGUMENT_SAMPLE = {
    "student_id": "student",
    "request_id": "service_request",
    "consent_id": "consent",
    "record_id": "record",
    "entry_id": "entry",
    "attachment_id": "attachment",
    "publication_id": "publication",
    "share_id": "share",
    "professional_id": "professional",
    "plan_id": "plan",
    "need_id": "need",
    "objective_id": "objective",
    "means_id": "means",
    "participant_id": "participant",
    "document_id": "document",
    "intervention_id": "intervention",
    "incident_id": "incident",
    "hold_id": "hold",
    "run_id": "run",
    "domain_id": "waiting_list",
    "network_id": "waiting_list",
    "appointment_id": "appointment",
    "slot_id": "slot",
    "pattern_id": "pattern",
    "exception_id": "day_off",
    "secret": "feed",
    "school_id": "served_school",
    "set_id": "criteria_set",
    "group_id": "group",
}
# Arguments that name no object: always this value (an export's format).
FIXED_ARGUMENTS = {"action": "accepter", "fmt": "csv"}
URL_SAMPLE = {
    "records:entry_correct": "signed_entry",
    "consents:sign": "consent_request",
    "consents:cancel": "consent_request",
    "api:student-detail": "student",
    "api:school-detail": "school",
    "api:consent-detail": "consent",
    "api:record-detail": "record",
    "api:plan-detail": "plan",
    "api:document-detail": "document",
    "api:document-content": "document",
    "api:tier-decision-detail": "tier",
    "api:intervention-detail": "intervention",
    "api:appointment-detail": "appointment",
    "scheduling:join": "telepractice",
    "scheduling:readiness": "telepractice",
    "scheduling:family_move": "booked",
    "scheduling:family_cancel": "booked",
}
for _name in ("request", "request_extend", "request_copy", "request_answer"):
    URL_SAMPLE[f"privacy:{_name}"] = "access_request"
MISSING_ID = 987654


def sample_of(route: Route) -> str | None:
    if not route.args:
        return None
    if route.name in URL_SAMPLE:
        return URL_SAMPLE[route.name]
    if route.name.startswith("api:request-"):
        return "service_request"
    named = [a for a in route.args if a not in FIXED_ARGUMENTS]
    if not named:
        return None
    first = named[-1]  # the most specific: plans/<plan>/besoins/<need>
    if first not in ARGUMENT_SAMPLE:
        raise LookupError(
            f"{route.name} ({route.route}) : aucun échantillon pour l'argument {first!r}. Ajouter l'objet "
            "dans security/tests/world.py et l'argument dans ARGUMENT_SAMPLE (security/tests/matrix.py)."
        )
    return ARGUMENT_SAMPLE[first]


def relationship(person: str, sample: str | None, side: str) -> str:
    if sample is None:
        return "-"
    if sample in KEY_SAMPLES:
        return "holder"
    if sample in REFERENCE_SAMPLES:
        return "none" if ROLE[person] in ("anonymous", "guardian", "student") else "centre"
    if sample in CENTRE_SAMPLES:
        if side == "other":
            return "other_centre"
        return "none" if ROLE[person] in ("anonymous", "guardian", "student") else "centre"
    return TOWARDS_STUDENT[side][person]


def kwargs_for(route: Route, sample: str | None, obj: Any, *, missing: bool = False) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for arg in route.args:
        if arg in FIXED_ARGUMENTS:
            values[arg] = FIXED_ARGUMENTS[arg]
        elif sample == "waiting_list":
            values[arg] = MISSING_ID if missing else (obj[0].pk if arg == "domain_id" else obj[1].pk)
        elif missing:
            values[arg] = MISSING_ID
        else:
            owner = ARGUMENT_SAMPLE.get(arg)
            values[arg] = _id_for(arg, owner, sample, obj)
    return values


def _id_for(arg: str, owner: str | None, sample: str | None, obj: Any) -> int | str:
    """The id of the sample, or of its parent when the URL names both (plans/<plan_id>/besoins/<need_id>)."""
    if arg == "secret":
        return obj.secret
    if owner == sample or owner is None or arg == "pk":
        return obj.pk
    if owner == "plan":
        return obj.plan_id
    if owner == "record":
        return obj.record_id
    return obj.pk


@dataclass
class Outcome:
    status: int
    allowed: bool | None  # None: neither (a server error, an unexpected status)
    body: bytes
    method: str


LOGIN = "/comptes/login/"
_TOKENS = re.compile(rb'(csrfmiddlewaretoken" value="|nonce="|csrf_token=)[^"&]*')


def normalised(body: bytes, url: str) -> bytes:
    """The page without what differs from one request to the next: tokens, and its own address."""
    from urllib.parse import quote

    body = _TOKENS.sub(rb"\1", body)
    for form in {url, quote(url, safe=""), quote(url)}:
        body = body.replace(form.encode(), b"<url>")
    return body


def attempt(client: Any, route: Route, kwargs: dict[str, Any]) -> Outcome:
    """GET the URL (POST with an empty body for an action that only takes POST), in a savepoint rolled
    back: nothing an allowed person does changes the world of the next attempt."""
    url = reverse(route.name, kwargs=kwargs)
    with transaction.atomic():
        response = client.get(url)
        method = "GET"
        if response.status_code == 405:
            response = client.post(url, {})
            method = "POST"
        transaction.set_rollback(True)
    client.cookies.pop("messages", None)  # a message of this attempt must not show on the next page
    status = response.status_code
    if status in (401, 403, 404):
        allowed: bool | None = False
    elif status == 302:
        allowed = not response["Location"].startswith(LOGIN)
    elif status in (200, 201, 204, 301, 303, 400, 409):
        allowed = True
    else:
        allowed = None
    return Outcome(status, allowed, normalised(response.content, url), method)
