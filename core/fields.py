"""Encrypted fields: a text column and a binary column that hold only ciphertext (see core.crypto)."""

from __future__ import annotations

from typing import Any

from django.db import models

from core.crypto import PREFIX, keyring


class EncryptedTextField(models.TextField):
    """Encrypted at rest with the model and field name as associated data. Not searchable."""

    description = "Texte chiffré (AES-GCM)"

    def context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return keyring().encrypt(str(value), self.context())

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return keyring().decrypt(value, self.context())

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in {"isnull", "exact"}:
            raise NotImplementedError("Un champ chiffré ne se filtre pas par son contenu.")
        return super().get_lookup(lookup_name)


class EncryptedBinaryField(models.BinaryField):
    """Bytes (a signed PDF, a scanned form) encrypted at rest, model and field name as associated data.

    Same keys and rotation as EncryptedTextField. Not searchable; keep it on a model of its own (or
    defer it) so that lists never load the documents.
    """

    description = "Octets chiffrés (AES-GCM)"

    def context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or len(value) == 0:
            return value
        return keyring().encrypt_bytes(bytes(value), self.context())

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> bytes | None:
        if value is None or len(value) == 0:
            return None if value is None else b""
        return keyring().decrypt_bytes(bytes(value), self.context())

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            raise NotImplementedError("Un champ chiffré ne se filtre pas par son contenu.")
        return super().get_lookup(lookup_name)


def is_ciphertext(raw: str | bytes | memoryview | None) -> bool:
    if isinstance(raw, bytes | bytearray | memoryview):
        return bytes(raw).startswith(PREFIX.encode("ascii") + b":")
    return bool(raw) and str(raw).startswith(PREFIX + ":")
