"""/api/jeton/: a signed-in staff member (session, two-factor) creates, rotates and revokes a token."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from conftest import make_user
from core.models import Role

TOKEN = reverse("api:token")
STUDENTS = reverse("api:student-list")


def with_token(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_anonymous_cannot_create_or_revoke_a_token(api, cast):
    assert api.post(TOKEN).status_code == 403
    assert api.delete(TOKEN).status_code == 403
    assert not Token.objects.exists()


def test_a_staff_member_creates_a_token_that_then_authenticates_requests(session_as, cast):
    response = session_as(cast.psychologist).post(TOKEN)
    assert response.status_code == 201
    key = response.json()["key"]
    assert Token.objects.get(user=cast.psychologist).key == key
    listing = with_token(key).get(STUDENTS)
    assert listing.status_code == 200
    assert [row["id"] for row in listing.json()["results"]] == [cast.alice.pk]


def test_rotating_the_token_stops_the_old_one(session_as, cast):
    client = session_as(cast.principal)
    old = client.post(TOKEN).json()["key"]
    new = client.post(TOKEN).json()["key"]
    assert old != new
    assert with_token(old).get(STUDENTS).status_code == 401
    assert with_token(new).get(STUDENTS).status_code == 200


def test_a_revoked_token_stops_working(session_as, cast):
    client = session_as(cast.teacher)
    key = client.post(TOKEN).json()["key"]
    assert with_token(key).get(STUDENTS).status_code == 200
    assert client.delete(TOKEN).status_code == 204
    assert with_token(key).get(STUDENTS).status_code == 401
    assert not Token.objects.filter(user=cast.teacher).exists()
    assert client.delete(TOKEN).status_code == 204  # revoking twice is harmless


def test_a_token_cannot_mint_or_revoke_a_token(token_as, cast):
    client = token_as(cast.principal)
    key = Token.objects.get(user=cast.principal).key
    assert client.post(TOKEN).status_code == 403
    assert client.delete(TOKEN).status_code == 403
    assert Token.objects.get(user=cast.principal).key == key


@pytest.mark.parametrize("who", ["parent", "student15"])
def test_family_accounts_cannot_get_a_token(session_as, cast, who):
    response = session_as(getattr(cast, who)).post(TOKEN)
    assert response.status_code == 403
    assert not Token.objects.exists()


def test_a_staff_member_without_two_factor_gets_no_token(session_as, cast):
    untrusted = make_user("sans.totp", Role.TEACHER, centre=cast.centre)
    untrusted.authenticator_set.all().delete()
    response = session_as(untrusted).post(TOKEN)
    assert response.status_code == 302  # the middleware sends them to enrol first
    assert not Token.objects.exists()


def test_the_token_permission_refuses_staff_without_totp_even_past_the_middleware(rf, cast):
    from api.permissions import IsStaffWithTwoFactor

    untrusted = make_user("sans.totp", Role.TEACHER, centre=cast.centre)
    untrusted.authenticator_set.all().delete()
    request = rf.post(TOKEN)
    request.user = untrusted
    assert not IsStaffWithTwoFactor().has_permission(request, None)
    request.user = cast.teacher
    assert IsStaffWithTwoFactor().has_permission(request, None)


def test_minting_a_token_by_session_requires_the_csrf_token(cast):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(cast.principal)
    assert client.post(TOKEN).status_code == 403
    assert not Token.objects.exists()


def test_an_unknown_token_is_refused(cast):
    assert with_token("0" * 40).get(STUDENTS).status_code == 401


def test_the_token_of_a_deactivated_account_is_refused(token_as, cast):
    client = token_as(cast.principal)
    cast.principal.is_active = False
    cast.principal.save()
    assert client.get(STUDENTS).status_code == 401


def test_issuing_and_revoking_are_audited_without_the_key(session_as, cast):
    client = session_as(cast.principal)
    client.post(TOKEN)
    key = client.post(TOKEN).json()["key"]
    client.delete(TOKEN)
    rows = LogEntry.objects.filter(actor=cast.principal, object_pk=str(cast.principal.pk)).order_by("pk")
    assert [(row.additional_data["event"], row.additional_data.get("rotated")) for row in rows] == [
        ("api_token_issued", False),
        ("api_token_issued", True),
        ("api_token_revoked", None),
    ]
    assert not LogEntry.objects.filter(object_pk=key).exists()
    assert all(key not in str(row.additional_data) + row.object_repr for row in LogEntry.objects.all())


def test_the_token_endpoint_only_answers_post_and_delete(session_as, cast):
    assert session_as(cast.principal).get(TOKEN).status_code == 405


def test_a_staff_token_stops_working_when_two_factor_is_removed(cast):
    from allauth.mfa.models import Authenticator

    token = Token.objects.create(user=cast.principal)
    assert with_token(token.key).get("/api/eleves/").status_code == 200
    Authenticator.objects.filter(user=cast.principal).delete()
    response = with_token(token.key).get("/api/eleves/")
    assert response.status_code == 401
    assert "Double authentification requise" in response.json()["detail"]
