"""The outage outbox (bot/outage_outbox.py): a disclosure made while the action server
was down waits here, sealed, until it is recorded, and outlives the Rasa process that
kept it. Both stores against the real thing: a SQLite file and this machine's Redis."""

from __future__ import annotations

import asyncio
import os
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.outage_outbox import Outbox, RedisOutbox, SQLiteOutbox, Waiting

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
URL = os.environ.get("HSB_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
SENDER = "29:1Zq8Vw3Teams-user-id-of-a-named-professional"
SENTINEL = "Ottoline Brackenbury is alone with her little brother right now"


@pytest.fixture
def redis_name() -> Iterator[str]:
    client = redis.Redis.from_url(URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis at {URL}")
    name = f"hsb:test-outage-{uuid.uuid4().hex}"
    yield name
    client.delete(name)
    client.close()


def _keep_and_read_back(outbox: Outbox) -> tuple[Waiting, list[Waiting], bool]:
    async def scenario() -> tuple[Waiting, list[Waiting], bool]:
        kept = await outbox.add(SENDER, SENTINEL, "2026-12-05T00:00:00+00:00")
        return kept, await outbox.waiting(), await outbox.holds(kept.entry_id)

    return asyncio.run(scenario())


def test_a_disclosure_outlives_the_sqlite_outbox_that_kept_it(tmp_path: Path) -> None:
    path = str(tmp_path / "var" / "conversations.sqlite3")
    kept, waiting, held = _keep_and_read_back(SQLiteOutbox(path, KEY))
    assert waiting == [kept] and held
    assert (kept.sender_id, kept.text) == (SENDER, SENTINEL)

    # a new process (a restarted Rasa server) finds it, records it and removes it
    again = SQLiteOutbox(path, KEY)

    async def after_restart() -> tuple[list[Waiting], list[Waiting]]:
        found = await again.waiting()
        await again.remove(kept.entry_id)
        return found, await again.waiting()

    found, left = asyncio.run(after_restart())
    assert found == [kept] and left == []
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_what_was_said_never_rests_in_plaintext(tmp_path: Path) -> None:
    path = tmp_path / "conversations.sqlite3"
    _keep_and_read_back(SQLiteOutbox(str(path), KEY))
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"Ottoline" not in stored and b"Teams-user" not in stored


def test_an_entry_sealed_with_another_key_is_left_and_the_rest_are_read(tmp_path: Path) -> None:
    path = str(tmp_path / "conversations.sqlite3")
    _keep_and_read_back(SQLiteOutbox(path, OTHER_KEY))
    mine = SQLiteOutbox(path, KEY)

    async def scenario() -> list[Waiting]:
        await mine.add(SENDER, "another disclosure", "2026-12-05T00:01:00+00:00")
        return await mine.waiting()

    assert [w.text for w in asyncio.run(scenario())] == ["another disclosure"]


def test_the_outbox_shares_the_conversation_stores_file(tmp_path: Path) -> None:
    from bot.conversation_storage import SQLiteStorage

    path = str(tmp_path / "conversations.sqlite3")
    conversations = SQLiteStorage(path, KEY)
    try:
        kept, waiting, _ = _keep_and_read_back(SQLiteOutbox(path, KEY))
        assert waiting == [kept]
        assert asyncio.run(conversations.keys()) == []
    finally:
        conversations.close()


def test_the_redis_outbox_is_shared_and_sealed(redis_name: str) -> None:
    kept, waiting, held = _keep_and_read_back(RedisOutbox(URL, KEY, redis_name))
    assert waiting == [kept] and held
    raw = redis.Redis.from_url(URL).hgetall(redis_name)
    assert list(raw) == [kept.entry_id.encode()]
    assert not any(b"Ottoline" in value or b"Teams-user" in value for value in raw.values())

    other_server = RedisOutbox(URL, KEY, redis_name)

    async def recorded_by_the_other() -> tuple[bool, list[Waiting]]:
        await other_server.remove(kept.entry_id)
        return await other_server.holds(kept.entry_id), await other_server.waiting()

    assert asyncio.run(recorded_by_the_other()) == (False, [])


@settings(max_examples=40, deadline=None)
@given(
    # unpaired surrogates included: a web chat message may carry one
    sender=st.text(st.characters(exclude_categories=()), min_size=1, max_size=80),
    text=st.text(st.characters(exclude_categories=()), max_size=400),
)
def test_any_words_come_back_as_they_were_kept(sender: str, text: str) -> None:
    outbox = SQLiteOutbox(":memory:", KEY)

    async def scenario() -> list[Waiting]:
        await outbox.add(sender, text, "2026-12-05T00:00:00+00:00")
        return await outbox.waiting()

    (found,) = asyncio.run(scenario())
    assert (found.sender_id, found.text) == (sender, text)
    outbox.close()
