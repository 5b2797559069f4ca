"""Field encryption: round trips, key rotation, and clear configuration errors."""

from __future__ import annotations

import pytest

from backend.adapters.encryption import DecryptionError, FieldCipher, generate_key, parse_key
from backend.settings import REPO_ROOT, ConfigurationError, load_settings


def cipher_for(key: str, *old: str) -> FieldCipher:
    return FieldCipher(parse_key(key), [parse_key(k) for k in old])


def test_round_trip_and_no_plaintext() -> None:
    cipher = cipher_for(generate_key())
    token = cipher.encrypt("Alex Smith, 3 May 2011")
    assert "Alex" not in token and "2011" not in token
    assert cipher.decrypt(token) == "Alex Smith, 3 May 2011"
    assert cipher.encrypt("same") != cipher.encrypt("same")  # a fresh nonce each time


def test_json_values_keep_their_type_and_none_stays_none() -> None:
    cipher = cipher_for(generate_key())
    value = {"age": 14, "meetings": [{"type": "strategy_meeting"}], "name": "Zoë"}
    assert cipher.decrypt_json(cipher.encrypt_json(value)) == value
    assert cipher.encrypt_json(None) is None
    assert cipher.decrypt_json(None) is None


def test_old_key_still_decrypts_after_rotation() -> None:
    old, new = generate_key(), generate_key()
    token = cipher_for(old).encrypt("secret")
    rotated = cipher_for(new, old)
    assert rotated.decrypt(token) == "secret"
    assert rotated.needs_rotation(token)
    assert not rotated.needs_rotation(rotated.encrypt("secret"))
    assert cipher_for(old).digest("sms:+447700900000") in rotated.digests("sms:+447700900000")


def test_wrong_key_or_tampering_fails_loudly() -> None:
    token = cipher_for(generate_key()).encrypt("secret")
    with pytest.raises(DecryptionError):
        cipher_for(generate_key()).decrypt(token)
    cipher = cipher_for(generate_key())
    token = cipher.encrypt("secret")
    with pytest.raises(DecryptionError):
        middle = len(token) - 10  # inside the ciphertext, where every bit counts
        cipher.decrypt(
            token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]
        )


def test_digest_is_keyed() -> None:
    assert cipher_for(generate_key()).digest("x") != cipher_for(generate_key()).digest("x")


@pytest.mark.parametrize("bad", ["", "short", "not base64 at all!!", generate_key()[:-8]])
def test_malformed_key_gives_a_clear_message(bad: str) -> None:
    with pytest.raises(ConfigurationError, match="32 bytes in urlsafe base64"):
        FieldCipher.from_settings(load_settings({"FIELD_ENCRYPTION_KEY": bad or "x"}))


def test_missing_key_gives_a_clear_message() -> None:
    with pytest.raises(ConfigurationError, match="FIELD_ENCRYPTION_KEY is not set"):
        FieldCipher.from_settings(load_settings({"DATABASE_URL": "sqlite://"}))


def test_settings_defaults() -> None:
    settings = load_settings({"FIELD_ENCRYPTION_KEY": "k"})
    assert settings.database_url == f"sqlite:///{REPO_ROOT / 'var' / 'hsb.db'}"
    assert settings.DATABASE_URL == settings.database_url
    assert settings.RASA_PUBLIC_URL == settings.rasa_public_url == "http://localhost:5005"
    assert settings.LOG_LEVEL == "INFO"


def test_relative_sqlite_path_is_taken_from_the_repository() -> None:
    settings = load_settings({"DATABASE_URL": "sqlite:///var/hsb.db"})
    assert settings.database_url == f"sqlite:///{REPO_ROOT / 'var' / 'hsb.db'}"
    postgres = "postgresql+psycopg://u:p@db:5432/hsb"
    assert load_settings({"DATABASE_URL": postgres}).database_url == postgres
