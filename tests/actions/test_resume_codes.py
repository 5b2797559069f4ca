"""Resume codes (actions/resume_codes.py): made at random, kept only as a keyed digest
beside sealed answers, single-use, expiring, and locked out after repeated wrong guesses,
per conversation and for everyone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from actions.resume_codes import (
    FAILURE_WINDOW_SECONDS,
    GLOBAL_MAX_FAILURES,
    MAX_FAILURES,
    Redeemed,
    Refused,
    ResumeCodes,
    new_code,
)
from backend.adapters.encryption import FieldCipher
from bot.nlu.resume_code_format import ALPHABET, CODE_LENGTH, grouped

LIFETIME = 3600.0
NOW = 1_800_000_000.0
ANSWERS = {"referrer_name": "Winifred Ashcombe", "yp_first_name": "Tobias", "referral_key": "k1"}


@pytest.fixture
def codes(tmp_path: Path) -> ResumeCodes:
    return ResumeCodes(tmp_path / "codes.sqlite3", FieldCipher(os.urandom(32)), LIFETIME)


def wrong_code(right: str) -> str:
    while (code := new_code()) == right:
        pass
    return code


def test_codes_are_random_typeable_and_mixed() -> None:
    made = {new_code() for _ in range(2000)}
    assert len(made) == 2000
    for code in made:
        assert len(code) == CODE_LENGTH and set(code) <= set(ALPHABET)
        assert any(c.isdigit() for c in code) and any(c.isalpha() for c in code)
    assert not set(ALPHABET) & set("ILO01")


def test_a_code_reopens_its_answers_once(codes: ResumeCodes) -> None:
    code = codes.issue("tab-one", ANSWERS, now=NOW)
    assert codes.redeem("tab-two", grouped(code).lower(), now=NOW + 10) == Redeemed(ANSWERS)
    assert codes.redeem("tab-three", code, now=NOW + 20) == Refused("unknown")


def test_a_new_pause_replaces_the_earlier_code(codes: ResumeCodes) -> None:
    first = codes.issue("tab-one", ANSWERS, now=NOW)
    second = codes.issue("tab-one", {**ANSWERS, "yp_age": 14}, now=NOW + 60)
    assert first != second
    assert codes.redeem("tab-two", first, now=NOW + 70) == Refused("unknown")
    assert codes.redeem("tab-two", second, now=NOW + 80) == Redeemed({**ANSWERS, "yp_age": 14})


def test_a_code_expires_with_the_conversation(codes: ResumeCodes) -> None:
    code = codes.issue("tab-one", ANSWERS, now=NOW)
    assert codes.redeem("tab-two", code, now=NOW + LIFETIME) == Refused("unknown")
    kept = codes.issue("tab-one", ANSWERS, now=NOW)
    assert isinstance(codes.redeem("tab-two", kept, now=NOW + LIFETIME - 1), Redeemed)


def test_the_store_keeps_no_code_and_no_answer_in_plaintext(codes: ResumeCodes) -> None:
    code = codes.issue("tab-one", ANSWERS, now=NOW)
    stored = b"".join(p.read_bytes() for p in codes.path.parent.iterdir())
    for secret in (code, grouped(code), "Winifred", "Ashcombe", "Tobias", "tab-one"):
        assert secret.encode() not in stored


def test_repeated_wrong_codes_lock_the_conversation_out(codes: ResumeCodes) -> None:
    code = codes.issue("tab-one", ANSWERS, now=NOW)
    for i in range(MAX_FAILURES):
        assert codes.redeem("guesser", wrong_code(code), now=NOW + i) == Refused("unknown")
    # Locked: even the right code is refused, so a guess that would be right reveals nothing.
    assert codes.redeem("guesser", code, now=NOW + 10) == Refused("locked")
    # Others are not locked out by one guesser; the lock ends as the failures age out.
    assert isinstance(codes.redeem("owner", code, now=NOW + 11), Redeemed)
    again = codes.issue("tab-one", ANSWERS, now=NOW + 12)
    later = NOW + FAILURE_WINDOW_SECONDS + MAX_FAILURES
    assert isinstance(codes.redeem("guesser", again, now=later), Redeemed)


def test_many_wrong_codes_from_many_conversations_lock_everyone_out(codes: ResumeCodes) -> None:
    code = codes.issue("tab-one", ANSWERS, now=NOW)
    for i in range(GLOBAL_MAX_FAILURES):
        codes.redeem(f"guesser-{i}", wrong_code(code), now=NOW + i)
    assert codes.redeem("owner", code, now=NOW + 100) == Refused("locked")
    assert isinstance(codes.redeem("owner", code, now=NOW + FAILURE_WINDOW_SECONDS + 100), Redeemed)


def test_a_lock_is_checked_before_the_code_is_read(codes: ResumeCodes) -> None:
    for i in range(MAX_FAILURES):
        codes.redeem("guesser", new_code(), now=NOW + i)
    assert codes.redeem("guesser", "not a code", now=NOW + 10) == Refused("locked")
    assert codes.redeem("someone", "not a code", now=NOW + 10) == Refused("not_a_code")


def test_the_first_tab_is_told_once_that_its_referral_moved(codes: ResumeCodes) -> None:
    code = codes.issue("tab-one", ANSWERS, now=NOW)
    codes.redeem("tab-two", code, now=NOW + 1)
    assert codes.take_move("tab-one", now=NOW + 2)
    assert not codes.take_move("tab-one", now=NOW + 3)
    assert not codes.take_move("tab-two", now=NOW + 3)


def test_a_code_redeemed_in_its_own_conversation_moves_nothing(codes: ResumeCodes) -> None:
    code = codes.issue("tab-one", ANSWERS, now=NOW)
    assert isinstance(codes.redeem("tab-one", code, now=NOW + 1), Redeemed)
    assert not codes.take_move("tab-one", now=NOW + 2)


def test_a_code_made_before_a_key_rotation_still_works(tmp_path: Path) -> None:
    old, new = os.urandom(32), os.urandom(32)
    path = tmp_path / "codes.sqlite3"
    code = ResumeCodes(path, FieldCipher(old), LIFETIME).issue("tab-one", ANSWERS, now=NOW)
    rotated = ResumeCodes(path, FieldCipher(new, [old]), LIFETIME)
    assert rotated.redeem("tab-two", code, now=NOW + 1) == Redeemed(ANSWERS)
