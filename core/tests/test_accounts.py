"""Accounts: password then TOTP, no self sign-up, throttling, Entra ID only by configuration."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import override_settings
from django.urls import reverse

from conftest import PASSWORD, TOTP_SECRET


def current_code() -> str:
    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


def test_staff_log_in_with_password_then_a_totp_code(client, cast):
    response = client.post(reverse("account_login"), {"login": "marie.psy", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("home")).status_code == 302  # not signed in yet
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200  # wrong code: the form again
    assert client.get(reverse("home")).status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_password_does_not_log_in(client, cast):
    response = client.post(reverse("account_login"), {"login": "marie.psy", "password": "mauvais"})
    assert response.status_code == 200
    assert client.get(reverse("home")).status_code == 302


def test_logins_are_throttled_after_five_failures(client, cast):
    responses = [
        client.post(reverse("account_login"), {"login": "luc.ortho", "password": "mauvais"}) for _ in range(5)
    ]
    assert responses[-1].status_code == 429
    assert "Trop de tentatives" in responses[-1].content.decode()
    response = client.post(reverse("account_login"), {"login": "luc.ortho", "password": PASSWORD})
    assert response.status_code != 302  # even the right password is refused while locked
    assert "mfa_authenticate" not in response.get("Location", "")
    assert client.get(reverse("home")).status_code == 302
    other = client.post(reverse("account_login"), {"login": "marie.psy", "password": PASSWORD})
    assert other["Location"] == reverse("mfa_authenticate")  # the lock is per account, not global


def test_nobody_can_sign_up_alone(client, db):
    response = client.get(reverse("account_signup"))
    assert "inscription" in response.content.decode().lower() or response.status_code in (302, 403, 404)
    client.post(
        reverse("account_signup"),
        {
            "username": "intrus",
            "email": "i@x.ca",
            "password1": "UnMotDePasseSolide!2026",
            "password2": "UnMotDePasseSolide!2026",
        },
    )
    from core.models import User

    assert not User.objects.filter(username="intrus").exists()


def test_the_login_page_is_french_first_and_offers_no_microsoft_button_without_configuration(client, db):
    response = client.get(reverse("account_login"))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'lang="fr-CA"' in content
    assert "Microsoft" not in content


@override_settings(
    SOCIALACCOUNT_PROVIDERS={
        "microsoft": {
            "TENANT": "tenant-css",
            "APPS": [{"client_id": "client-id", "secret": "secret", "settings": {}}],
        }
    }
)
def test_entra_sign_in_appears_when_configured(client, db):
    content = client.get(reverse("account_login")).content.decode()
    assert "Microsoft" in content


def test_an_entra_identity_of_another_tenant_is_refused(rf, settings):
    import pytest
    from allauth.core.exceptions import ImmediateHttpResponse

    from core.auth import EntraSocialAccountAdapter

    settings.ENTRA_TENANT_ID = "tenant-css"

    class Account:
        extra_data = {"tid": "autre-locataire", "id": "oid-1"}

    class Login:
        account = Account()

    with pytest.raises(ImmediateHttpResponse):
        EntraSocialAccountAdapter().pre_social_login(rf.get("/"), Login())
    Account.extra_data = {"tid": "tenant-css", "id": "oid-1"}
    EntraSocialAccountAdapter().pre_social_login(rf.get("/"), Login())  # same tenant: allowed
    assert EntraSocialAccountAdapter().is_open_for_signup(rf.get("/"), Login()) is False


def test_the_health_check_answers_without_login(client, db):
    assert client.get(reverse("health")).json() == {"status": "ok"}


def test_switching_to_english_translates_the_interface(client, cast):
    client.force_login(cast.parent)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    content = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in content
    assert "Hello" in content or "Home" in content
