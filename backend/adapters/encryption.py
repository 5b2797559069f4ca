"""Field-level encryption of personal data at rest (AES-256-GCM).

A stored value reads "v1.<key id>.<nonce + ciphertext, urlsafe base64>". The key id is
derived from the key itself, so after a rotation values written under an earlier key
still decrypt (list it in FIELD_ENCRYPTION_OLD_KEYS) and can be re-encrypted at leisure.
Lookups on an encrypted value (the conversation key) use a keyed digest instead.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
from collections.abc import Sequence
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from backend.settings import ConfigurationError, Settings

_VERSION = "v1"
_AAD = b"hsb-field-v1"
_NONCE_BYTES = 12


class DecryptionError(ValueError):
    """A stored value could not be decrypted with any configured key."""


def generate_key() -> str:
    """A new key in the form FIELD_ENCRYPTION_KEY expects."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def parse_key(text: str, *, setting: str = "FIELD_ENCRYPTION_KEY") -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip().encode())
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise ConfigurationError(
            f"{setting} must be 32 bytes in urlsafe base64 (44 characters). "
            "Make one with: python -m backend.cli generate-key"
        )
    return key


def _key_id(key: bytes) -> str:
    return hashlib.sha256(b"hsb-key-id" + key).hexdigest()[:8]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class FieldCipher:
    def __init__(self, key: bytes, old_keys: Sequence[bytes] = ()) -> None:
        self.key_id = _key_id(key)
        self._aead = {_key_id(k): AESGCM(k) for k in (*old_keys, key)}
        # One lookup secret per key, derived so it never equals the encryption key.
        self._lookup = [
            hmac.new(k, b"hsb-lookup", hashlib.sha256).digest() for k in (key, *old_keys)
        ]

    @classmethod
    def from_settings(cls, settings: Settings) -> FieldCipher:
        if not settings.field_encryption_key:
            raise ConfigurationError(
                "FIELD_ENCRYPTION_KEY is not set. Personal data is encrypted at rest and "
                "needs it. Make one with: python -m backend.cli generate-key"
            )
        old = [
            parse_key(k, setting="FIELD_ENCRYPTION_OLD_KEYS")
            for k in settings.field_encryption_old_keys
        ]
        return cls(parse_key(settings.field_encryption_key), old)

    def encrypt(self, plaintext: str) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._aead[self.key_id].encrypt(nonce, plaintext.encode(), _AAD)
        return f"{_VERSION}.{self.key_id}.{_b64(nonce + sealed)}"

    def decrypt(self, token: str) -> str:
        try:
            version, key_id, body = token.split(".", 2)
            if version != _VERSION:
                raise DecryptionError(f"unknown format {version!r}")
            raw = _unb64(body)
            aead = self._aead[key_id]
            return aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], _AAD).decode()
        except KeyError:
            raise DecryptionError("no configured key matches this value") from None
        except (ValueError, InvalidTag, binascii.Error) as error:
            raise DecryptionError("value is corrupt or was written with another key") from error

    def needs_rotation(self, token: str) -> bool:
        return token.split(".", 2)[1:2] != [self.key_id]

    def encrypt_json(self, value: Any) -> str | None:
        """Any JSON value, encrypted; None stays NULL (not given is not personal data)."""
        return None if value is None else self.encrypt(json.dumps(value, ensure_ascii=False))

    def decrypt_json(self, token: str | None) -> Any:
        return None if token is None else json.loads(self.decrypt(token))

    def digest(self, value: str) -> str:
        """Keyed digest under the current key, for finding a row by an encrypted value."""
        return self.digests(value)[0]

    def digests(self, value: str) -> list[str]:
        """The digest under every configured key: rows written before a rotation match."""
        return [hmac.new(k, value.encode(), hashlib.sha256).hexdigest() for k in self._lookup]
