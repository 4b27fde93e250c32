"""Encryption at rest: round trip, fail closed, and no plaintext in the database column."""

import pytest
from django.db import connection
from django.test import override_settings

from core.crypto import EncryptionError, _keyring_for, keyring, new_key_spec, parse_keys
from core.fields import is_ciphertext
from students.models import Student

CONTEXT = "students.student.health_alert"


def test_round_trip_returns_the_plaintext():
    ring = parse_keys(new_key_spec("a"))
    token = ring.encrypt("Allergie aux arachides", CONTEXT)
    assert "arachides" not in token
    assert token.startswith("e360:a:")
    assert ring.decrypt(token, CONTEXT) == "Allergie aux arachides"


def test_each_encryption_uses_a_fresh_nonce():
    ring = parse_keys(new_key_spec("a"))
    assert ring.encrypt("même texte", CONTEXT) != ring.encrypt("même texte", CONTEXT)


def test_a_wrong_key_fails_closed():
    token = parse_keys(new_key_spec("a")).encrypt("secret", CONTEXT)
    other = parse_keys(new_key_spec("a"))  # same id, different key material
    with pytest.raises(EncryptionError):
        other.decrypt(token, CONTEXT)


def test_an_unknown_key_id_fails_closed():
    token = parse_keys(new_key_spec("old")).encrypt("secret", CONTEXT)
    with pytest.raises(EncryptionError, match="inconnue"):
        parse_keys(new_key_spec("new")).decrypt(token, CONTEXT)


def test_a_value_moved_to_another_column_does_not_decrypt():
    ring = parse_keys(new_key_spec("a"))
    token = ring.encrypt("secret", CONTEXT)
    with pytest.raises(EncryptionError):
        ring.decrypt(token, "records.note.text")


def test_a_tampered_value_fails_closed():
    ring = parse_keys(new_key_spec("a"))
    token = ring.encrypt("secret", CONTEXT)
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(EncryptionError):
        ring.decrypt(tampered, CONTEXT)


def test_plaintext_in_an_encrypted_column_is_refused():
    with pytest.raises(EncryptionError):
        parse_keys(new_key_spec("a")).decrypt("Allergie aux arachides", CONTEXT)


@pytest.mark.parametrize("spec", ["", "sans-deux-points", "a:pas-du-base64!", "a:QUJD", "a:" + "QQ==" * 1])
def test_malformed_key_settings_are_refused(spec):
    with pytest.raises(EncryptionError):
        parse_keys(spec)


def test_rotation_keeps_old_keys_readable():
    old = new_key_spec("old")
    token = parse_keys(old).encrypt("secret", CONTEXT)
    rotated = parse_keys(f"{new_key_spec('new')},{old}")
    assert rotated.primary == "new"
    assert rotated.decrypt(token, CONTEXT) == "secret"


def raw_health_alert(student_id):
    with connection.cursor() as cursor:
        cursor.execute("SELECT health_alert FROM students_student WHERE id = %s", [student_id])
        return cursor.fetchone()[0]


def test_the_database_column_never_holds_the_plaintext(cast):
    raw = raw_health_alert(cast.alice.pk)
    assert is_ciphertext(raw)
    assert "arachides" not in raw
    assert Student.objects.get(pk=cast.alice.pk).health_alert.startswith("Allergie sévère aux arachides")


def test_reading_with_a_missing_key_fails_closed(cast):
    with override_settings(ENCRYPTION_KEYS=new_key_spec("autre")), pytest.raises(EncryptionError):
        Student.objects.get(pk=cast.alice.pk)


def test_the_rotation_command_reencrypts_under_the_new_primary_key(cast, settings):
    from django.core.management import call_command

    old_spec = settings.ENCRYPTION_KEYS
    settings.ENCRYPTION_KEYS = f"{new_key_spec('rot2')},{old_spec}"
    _keyring_for.cache_clear()
    assert keyring().key_id_of(raw_health_alert(cast.alice.pk)) == "test1"
    call_command("rotate_encryption_keys")
    assert keyring().key_id_of(raw_health_alert(cast.alice.pk)) == "rot2"
    assert Student.objects.get(pk=cast.alice.pk).health_alert.startswith("Allergie sévère")
    rewritten_once = raw_health_alert(cast.alice.pk)
    call_command("rotate_encryption_keys")
    assert raw_health_alert(cast.alice.pk) == rewritten_once  # nothing to do the second time


def test_totp_secrets_are_stored_encrypted(cast):
    from allauth.mfa.models import Authenticator

    from conftest import TOTP_SECRET

    auth = Authenticator.objects.get(user=cast.psychologist, type=Authenticator.Type.TOTP)
    assert TOTP_SECRET not in str(auth.data)
    assert str(auth.data["secret"]).startswith("e360:")
