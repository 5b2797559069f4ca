"""The Redis conversation store (bot/conversation_storage.py: RedisStorage), against the
Redis on this machine: conversations sealed, expiring, and found by an HMAC of their id,
which may be personal (a Teams user's id) and so never appears in a key name."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator

import pytest
import redis

from bot.conversation_storage import KEY_PREFIX, RedisStorage, Sealer

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
URL = os.environ.get("HSB_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
SENTINEL = "Ottoline Brackenbury, born 14/02/2011"


@pytest.fixture
def client() -> Iterator[redis.Redis]:
    connection = redis.Redis.from_url(URL)
    try:
        connection.ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis at {URL}")
    yield connection
    connection.close()


def _ids() -> list[str]:
    return [f"29:teams-user-{uuid.uuid4().hex}" for _ in range(3)]


def test_a_conversation_is_kept_sealed_under_a_key_that_does_not_name_it(
    client: redis.Redis,
) -> None:
    store = RedisStorage(URL, KEY)
    conversation = _ids()[0]
    sealed = Sealer(KEY).seal(conversation, SENTINEL)

    async def scenario() -> str | None:
        await store.put(conversation, sealed, 120)
        return await store.get(conversation)

    assert asyncio.run(scenario()) == sealed
    names = [name.decode() for name in client.scan_iter(match=KEY_PREFIX + "*", count=500)]
    assert not [name for name in names if conversation in name]
    ours = [name for name in names if client.hget(name, "sealed") == sealed.encode()]
    assert len(ours) == 1
    assert 0 < client.ttl(ours[0]) <= 120
    stored = b"".join(client.hgetall(ours[0]).values())
    assert b"Ottoline" not in stored and conversation.encode() not in stored
    client.delete(ours[0])


def test_the_store_lists_its_conversations_by_id_and_another_key_reads_none(
    client: redis.Redis,
) -> None:
    store, stranger = RedisStorage(URL, KEY), RedisStorage(URL, OTHER_KEY)
    conversations = _ids()

    async def scenario() -> tuple[list[str], list[str], str | None]:
        for conversation in conversations:
            await store.put(conversation, "sealed", 60)
        return await store.keys(), await stranger.keys(), await stranger.get(conversations[0])

    listed, listed_by_stranger, read_by_stranger = asyncio.run(scenario())
    assert set(conversations) <= set(listed)
    assert not set(conversations) & set(listed_by_stranger)
    assert read_by_stranger is None
    for conversation in conversations:
        client.delete(KEY_PREFIX + store._refs.ref(conversation))


def test_an_earlier_releases_entry_is_left_to_expire(client: redis.Redis) -> None:
    # earlier releases kept a string named by the conversation id
    old_name = KEY_PREFIX + _ids()[0]
    client.set(old_name, "sealed", ex=60)
    store = RedisStorage(URL, KEY)
    assert old_name[len(KEY_PREFIX) :] not in asyncio.run(store.keys())
    client.delete(old_name)


def test_a_conversation_expires_with_its_key(client: redis.Redis) -> None:
    store = RedisStorage(URL, KEY)
    conversation = _ids()[0]

    async def scenario() -> str | None:
        await store.put(conversation, "sealed", 1)
        await asyncio.sleep(2.2)
        return await store.get(conversation)

    assert asyncio.run(scenario()) is None
