"""Resume codes (actions/resume_codes.py): made at random, kept only as a keyed digest
beside sealed answers, single-use, expiring, and locked out after repeated wrong guesses,
per conversation and for everyone.

Every promise is checked against both stores: the embedded SQLite file and the Redis
that action servers share (the Redis on this machine, under a prefix of the test's own
that is deleted afterwards). Each `Replicas` call is a new store on the same records, as
another action server would be: a code issued through one is redeemed through another,
failures count across them, and one code redeemed by several at once opens once."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis

from actions.resume_codes import (
    FAILURE_WINDOW_SECONDS,
    GLOBAL_MAX_FAILURES,
    MAX_FAILURES,
    Redeemed,
    Refused,
    ResumeCodes,
    ResumeCodesUnavailable,
    SqliteResumeCodes,
    new_code,
)
from actions.resume_codes_redis import RedisResumeCodes
from backend.adapters.encryption import FieldCipher
from bot.nlu.resume_code_format import ALPHABET, CODE_LENGTH, grouped

LIFETIME = 3600.0
NOW = 1_800_000_000.0
ANSWERS = {"referrer_name": "Winifred Ashcombe", "yp_first_name": "Tobias", "referral_key": "k1"}
# Database 13: the conversation store's tests use 14, the e2e stack 5, the topology 11.
REDIS_URL = os.environ.get("HSB_TEST_RESUME_CODES_REDIS_URL", "redis://127.0.0.1:6379/13")
KEY = os.urandom(32)


@dataclass
class Replicas:
    """Stores on the same records, and everything those records hold, as bytes."""

    make: Callable[[FieldCipher], ResumeCodes]
    stored_bytes: Callable[[], bytes]

    def __call__(self, cipher: FieldCipher | None = None) -> ResumeCodes:
        return self.make(cipher or FieldCipher(KEY))


def sqlite_replicas(tmp_path: Path) -> Iterator[Replicas]:
    path = tmp_path / "codes.sqlite3"
    yield Replicas(
        lambda cipher: SqliteResumeCodes(path, cipher, LIFETIME),
        lambda: b"".join(p.read_bytes() for p in tmp_path.iterdir()),
    )


def redis_replicas(tmp_path: Path) -> Iterator[Replicas]:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    prefix = f"test:{{resume-codes-{uuid.uuid4().hex}}}:"

    def stored_bytes() -> bytes:
        found = []
        for name in client.scan_iter(match=prefix.replace("{", "\\{") + "*", count=500):
            found.append(name)
            kind = client.type(name)
            if kind == b"hash":
                found += [b for pair in client.hgetall(name).items() for b in pair]
            elif kind == b"zset":
                found += client.zrange(name, 0, -1)
            else:
                found.append(client.get(name) or b"")
        return b"\n".join(found)

    try:
        yield Replicas(
            lambda cipher: RedisResumeCodes(REDIS_URL, cipher, LIFETIME, prefix=prefix),
            stored_bytes,
        )
    finally:
        names = list(client.scan_iter(match=prefix.replace("{", "\\{") + "*", count=500))
        if names:
            client.delete(*names)
        client.close()


@pytest.fixture(params=["sqlite", "redis"])
def replicas(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Replicas]:
    make = sqlite_replicas if request.param == "sqlite" else redis_replicas
    yield from make(tmp_path)


@pytest.fixture
def codes(replicas: Replicas) -> ResumeCodes:
    return replicas()


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


def test_a_code_made_on_one_replica_is_redeemed_on_another_once(replicas: Replicas) -> None:
    one, two, three = replicas(), replicas(), replicas()
    code = one.issue("tab-one", ANSWERS, now=NOW)
    assert two.redeem("tab-two", code, now=NOW + 10) == Redeemed(ANSWERS)
    assert one.redeem("tab-three", code, now=NOW + 20) == Refused("unknown")
    assert three.take_move("tab-one", now=NOW + 30)
    assert not one.take_move("tab-one", now=NOW + 31)


def test_one_code_redeemed_by_many_replicas_at_once_opens_once(replicas: Replicas) -> None:
    code = replicas().issue("tab-one", ANSWERS, now=NOW)
    stores = [replicas() for _ in range(8)]
    ready = threading.Barrier(len(stores))
    outcomes: list[Redeemed | Refused] = []

    def redeem(index: int) -> None:
        ready.wait()
        outcomes.append(stores[index].redeem(f"tab-{index}", code, now=NOW + 1))

    threads = [threading.Thread(target=redeem, args=(i,)) for i in range(len(stores))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(map(repr, outcomes)) == sorted(
        [repr(Redeemed(ANSWERS))] + [repr(Refused("unknown"))] * (len(stores) - 1)
    )


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


def test_the_store_keeps_no_code_and_no_answer_in_plaintext(replicas: Replicas) -> None:
    code = replicas().issue("tab-one", ANSWERS, now=NOW)
    replicas().redeem("tab-two", wrong_code(code), now=NOW + 1)  # a failure kept, too
    stored = replicas.stored_bytes()
    assert stored
    for secret in (code, grouped(code), "Winifred", "Ashcombe", "Tobias", "tab-one", "tab-two"):
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


def test_wrong_codes_count_across_replicas(replicas: Replicas) -> None:
    stores = [replicas(), replicas()]
    code = stores[0].issue("tab-one", ANSWERS, now=NOW)
    for i in range(MAX_FAILURES):
        assert stores[i % 2].redeem("guesser", wrong_code(code), now=NOW + i) == Refused("unknown")
    assert stores[0].redeem("guesser", code, now=NOW + 10) == Refused("locked")
    assert stores[1].redeem("guesser", code, now=NOW + 10) == Refused("locked")


def test_many_wrong_codes_from_many_conversations_lock_everyone_out(replicas: Replicas) -> None:
    stores = [replicas(), replicas()]
    code = stores[0].issue("tab-one", ANSWERS, now=NOW)
    for i in range(GLOBAL_MAX_FAILURES):
        stores[i % 2].redeem(f"guesser-{i}", wrong_code(code), now=NOW + i)
    for store in stores:
        assert store.redeem("owner", code, now=NOW + 100) == Refused("locked")
    later = NOW + FAILURE_WINDOW_SECONDS + 100
    assert isinstance(stores[1].redeem("owner", code, now=later), Redeemed)


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


def test_a_move_is_forgotten_once_the_code_would_have_expired(codes: ResumeCodes) -> None:
    code = codes.issue("tab-one", ANSWERS, now=NOW)
    codes.redeem("tab-two", code, now=NOW + 1)
    assert not codes.take_move("tab-one", now=NOW + 1 + LIFETIME)


def test_a_code_redeemed_in_its_own_conversation_moves_nothing(codes: ResumeCodes) -> None:
    code = codes.issue("tab-one", ANSWERS, now=NOW)
    assert isinstance(codes.redeem("tab-one", code, now=NOW + 1), Redeemed)
    assert not codes.take_move("tab-one", now=NOW + 2)


def test_a_code_made_before_a_key_rotation_still_works(replicas: Replicas) -> None:
    old, new = os.urandom(32), os.urandom(32)
    code = replicas(FieldCipher(old)).issue("tab-one", ANSWERS, now=NOW)
    rotated = replicas(FieldCipher(new, [old]))
    assert rotated.redeem("tab-two", code, now=NOW + 1) == Redeemed(ANSWERS)


def test_a_store_out_of_reach_says_so(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    unreachable: list[ResumeCodes] = [
        SqliteResumeCodes(blocked / "codes.sqlite3", FieldCipher(KEY), LIFETIME),
        RedisResumeCodes("redis://127.0.0.1:1/0", FieldCipher(KEY), LIFETIME),
    ]
    for store in unreachable:
        with pytest.raises(ResumeCodesUnavailable):
            store.issue("tab-one", ANSWERS, now=NOW)
        with pytest.raises(ResumeCodesUnavailable):
            store.redeem("tab-two", new_code(), now=NOW)
        with pytest.raises(ResumeCodesUnavailable):
            store.take_move("tab-one", now=NOW)
