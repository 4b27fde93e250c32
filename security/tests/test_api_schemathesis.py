"""Schemathesis against the OpenAPI schema (drf-spectacular), signed in as each role: whatever the schema
allows a client to send (and some of what it does not), the API never answers with a server error.

The schema is generated in process, the cases are sent through Django's test client (same database,
same transaction): staff with their API token (two-factor enrolled), families with a session. The number
of examples is bounded (EXAMPLES per role) to keep the run well under a minute."""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from rest_framework.authtoken.models import Token
from schemathesis.core import NotSet

from core.models import STAFF_ROLES

EXAMPLES = 40
ROLES = ["psychologist", "principal", "teacher", "coordinator", "manager", "privacy_officer", "parent"]


@pytest.fixture(scope="module")
def api_schema() -> Any:
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return schemathesis.openapi.from_dict(json.loads(json.dumps(generated, default=str)))


def test_the_schema_covers_the_api(api_schema):
    paths = {op.ok().path for op in api_schema.get_all_operations()}
    assert len(paths) >= 15
    assert {"/api/eleves/", "/api/demandes/", "/api/documents/"} <= paths


def _send(client: Any, case: Any, headers: dict[str, str]) -> Any:
    path = case.formatted_path
    method = case.method.lower()
    query = {k: v for k, v in (case.query or {}).items() if v is not None}
    extra = {
        f"HTTP_{k.upper().replace('-', '_')}": str(v) for k, v in {**(case.headers or {}), **headers}.items()
    }
    if method in ("get", "delete", "head", "options"):
        return getattr(client, method)(path, query, **extra)
    body = None if isinstance(case.body, NotSet) else case.body
    if query:
        from urllib.parse import urlencode

        path = f"{path}?{urlencode(query, doseq=True)}"
    return getattr(client, method)(
        path, json.dumps(body, default=str), content_type="application/json", **extra
    )


@pytest.mark.parametrize("person", ROLES)
def test_no_server_error_for_any_request_the_schema_allows(client, cast, api_schema, person):
    from records.tests.core_helpers import draft, open_alice

    draft(cast, open_alice(cast))  # a record, a consent and a request of some kind exist to be found
    user = getattr(cast, person)
    headers: dict[str, str] = {}
    if user.role in STAFF_ROLES:
        headers["Authorization"] = f"Token {Token.objects.create(user=user).key}"
    else:
        client.force_login(user)
    strategy = api_schema.as_strategy()
    client.raise_request_exception = False  # a server error is a 500 to report, with its request
    failures: list[str] = []
    statuses: set[int] = set()

    @hsettings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(strategy)
    def check(case: Any) -> None:
        response = _send(client, case, headers)
        statuses.add(response.status_code)
        if response.status_code >= 500:
            failures.append(
                f"{case.method} {case.formatted_path} {case.query} {case.body!r:.99} → {response.status_code}"
            )

    check()
    assert not failures, "\n".join(failures)
    assert 200 in statuses, f"signed in as {person}, nothing answered 200: {sorted(statuses)}"
    assert 401 not in statuses, "the authentication of the cases is broken"
