"""Authenticated encryption for confidential fields (AES-256-GCM from `cryptography`).

Stored form: ``e360:<key id>:<base64(nonce + ciphertext + tag)>`` for text; binary values (documents)
are kept binary, ``b"e360:<key id>:" + nonce + ciphertext + tag``. The model and field name are the
associated data, so a value copied into another column does not decrypt. Keys come from the
ENCRYPTION_KEYS setting, ``kid:base64key`` separated by commas; the first one encrypts, all of them
decrypt (rotation). Anything wrong — unknown key, tampered value, missing keys — raises: fail closed.
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "e360"


class EncryptionError(Exception):
    """A value could not be encrypted or decrypted; never return the raw value instead."""


@dataclass(frozen=True)
class Keyring:
    primary: str
    keys: dict[str, bytes]

    def encrypt(self, plaintext: str, context: str) -> str:
        nonce = os.urandom(12)
        sealed = AESGCM(self.keys[self.primary]).encrypt(nonce, plaintext.encode("utf-8"), context.encode())
        return f"{PREFIX}:{self.primary}:{base64.b64encode(nonce + sealed).decode('ascii')}"

    def decrypt(self, token: str, context: str) -> str:
        try:
            prefix, kid, payload = token.split(":", 2)
        except ValueError as exc:
            raise EncryptionError("valeur chiffrée illisible") from exc
        if prefix != PREFIX:
            raise EncryptionError("valeur non chiffrée dans un champ chiffré")
        if kid not in self.keys:
            raise EncryptionError(f"clé de chiffrement inconnue : {kid}")
        try:
            raw = base64.b64decode(payload, validate=True)
            plain = AESGCM(self.keys[kid]).decrypt(raw[:12], raw[12:], context.encode())
        except (InvalidTag, binascii.Error, ValueError) as exc:
            raise EncryptionError("déchiffrement refusé (clé ou contexte incorrect, valeur altérée)") from exc
        return plain.decode("utf-8")

    def key_id_of(self, token: str | bytes) -> str:
        if isinstance(token, bytes | bytearray | memoryview):
            return bytes(token).split(b":", 2)[1].decode("ascii")
        return token.split(":", 2)[1]

    def encrypt_bytes(self, data: bytes, context: str) -> bytes:
        """Bytes (a PDF, a scan) sealed the same way, kept binary: ``e360:<kid>:`` + nonce + ciphertext."""
        nonce = os.urandom(12)
        sealed = AESGCM(self.keys[self.primary]).encrypt(nonce, bytes(data), context.encode())
        return f"{PREFIX}:{self.primary}:".encode("ascii") + nonce + sealed

    def decrypt_bytes(self, token: bytes, context: str) -> bytes:
        parts = bytes(token).split(b":", 2)
        if len(parts) != 3 or parts[0] != PREFIX.encode("ascii"):
            raise EncryptionError("valeur non chiffrée dans un champ chiffré")
        try:
            kid = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise EncryptionError("valeur chiffrée illisible") from exc
        if kid not in self.keys:
            raise EncryptionError(f"clé de chiffrement inconnue : {kid}")
        raw = parts[2]
        try:
            return AESGCM(self.keys[kid]).decrypt(raw[:12], raw[12:], context.encode())
        except (InvalidTag, ValueError) as exc:
            raise EncryptionError("déchiffrement refusé (clé ou contexte incorrect, valeur altérée)") from exc


def parse_keys(spec: str) -> Keyring:
    if not spec.strip():
        raise EncryptionError(
            "ENCRYPTION_KEYS est vide : aucune donnée confidentielle ne peut être lue ni écrite"
        )
    keys: dict[str, bytes] = {}
    order: list[str] = []
    for part in spec.split(","):
        kid, sep, b64 = part.strip().partition(":")
        if not sep or not kid or ":" in kid:
            raise EncryptionError("ENCRYPTION_KEYS doit avoir la forme id:cléBase64[,id2:clé2]")
        try:
            key = base64.b64decode(b64, validate=True)
        except binascii.Error as exc:
            raise EncryptionError(f"clé {kid} : base64 invalide") from exc
        if len(key) not in (16, 24, 32):
            raise EncryptionError(f"clé {kid} : 16, 24 ou 32 octets attendus, {len(key)} reçus")
        if kid in keys:
            raise EncryptionError(f"clé {kid} en double")
        keys[kid] = key
        order.append(kid)
    return Keyring(primary=order[0], keys=keys)


@lru_cache(maxsize=4)
def _keyring_for(spec: str) -> Keyring:
    return parse_keys(spec)


def keyring() -> Keyring:
    from django.conf import settings

    return _keyring_for(settings.ENCRYPTION_KEYS)


def new_key_spec(kid: str) -> str:
    return f"{kid}:{base64.b64encode(AESGCM.generate_key(bit_length=256)).decode('ascii')}"
