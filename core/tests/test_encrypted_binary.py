"""Encrypted bytes (documents): round trip, binary kept binary, fail closed."""

import pytest

from core.crypto import EncryptionError, parse_keys
from core.fields import EncryptedBinaryField, is_ciphertext

CONTEXT = "consents.consentdocument.content"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"


def test_bytes_round_trip_and_stay_binary():
    ring = parse_keys("a:" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=")
    token = ring.encrypt_bytes(PDF, CONTEXT)
    assert isinstance(token, bytes) and token.startswith(b"e360:a:")
    assert b"%PDF" not in token and is_ciphertext(token)
    assert ring.decrypt_bytes(token, CONTEXT) == PDF
    assert ring.decrypt_bytes(memoryview(token), CONTEXT) == PDF  # what psycopg returns for bytea
    assert ring.key_id_of(token) == "a"


def test_each_encryption_of_the_same_bytes_differs():
    ring = parse_keys("a:" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=")
    assert ring.encrypt_bytes(PDF, CONTEXT) != ring.encrypt_bytes(PDF, CONTEXT)


def test_bytes_moved_to_another_column_or_tampered_do_not_decrypt():
    ring = parse_keys("a:" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=")
    token = ring.encrypt_bytes(PDF, CONTEXT)
    with pytest.raises(EncryptionError):
        ring.decrypt_bytes(token, "students.student.health_alert")
    with pytest.raises(EncryptionError):
        ring.decrypt_bytes(token[:-1] + bytes([token[-1] ^ 1]), CONTEXT)


def test_plain_bytes_and_unknown_keys_are_refused():
    ring = parse_keys("a:" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=")
    with pytest.raises(EncryptionError):
        ring.decrypt_bytes(PDF, CONTEXT)
    other = parse_keys("b:" + "QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI=")
    with pytest.raises(EncryptionError, match="inconnue"):
        other.decrypt_bytes(ring.encrypt_bytes(PDF, CONTEXT), CONTEXT)


def test_the_field_is_not_searchable_by_content():
    field = EncryptedBinaryField()
    with pytest.raises(NotImplementedError):
        field.get_lookup("exact")
    assert field.get_lookup("isnull") is not None
