"""The lock store the shipped endpoints.yml names (bot/lock_store.py), run where it runs
(the Rasa server's environment, through tests/bot/lock_store_probe.py): two Rasa servers
sharing Redis take one conversation's turns one at a time, other conversations are not
held up, and nothing in Redis names the conversation."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.support.rasa_probe import run_probe

REDIS_URL = os.environ.get("HSB_TEST_LOCK_REDIS_URL", "redis://127.0.0.1:6379/12")


@pytest.fixture(scope="module")
def in_redis() -> Any:
    return run_probe("tests.bot.lock_store_probe", REDIS_URL)


def test_with_a_shared_redis_it_is_rasas_redis_lock_store(in_redis: Any) -> None:
    assert in_redis["classes"] == ["ConversationLockStore"] * 2
    assert in_redis["inner"] == ["AtomicRedisLockStore"] * 2


def test_two_servers_take_one_conversations_turns_one_at_a_time(in_redis: Any) -> None:
    assert in_redis["same"]["order"] == ["first in", "first out", "second in", "second out"]


def test_other_conversations_are_not_held_up(in_redis: Any) -> None:
    assert in_redis["apart"][:2] == ["a in", "b in"]


def test_servers_taking_tickets_at_the_same_moment_each_get_their_own(in_redis: Any) -> None:
    """Rasa's RedisLockStore could hand two servers the same ticket (read, change, write
    in separate commands); each change is one transaction here."""
    assert all(tickets == list(range(8)) for tickets in in_redis["race"]), in_redis["race"]


def test_redis_keeps_no_conversation_id_and_no_lock_afterwards(in_redis: Any) -> None:
    keys, values = in_redis["same"]["keys"], in_redis["same"]["values"]
    assert len(keys) == 1 and keys[0].startswith("hsb:lock:")
    assert all(in_redis["sender"] not in text for text in [*keys, *values])
    assert in_redis["left"] == []


def test_without_redis_one_server_locks_in_memory() -> None:
    found = run_probe("tests.bot.lock_store_probe", "memory")
    assert found["inner"] == ["InMemoryLockStore"] * 2
    # two stores in memory are two servers that share nothing: each only orders its own
    assert found["apart"][:2] == ["a in", "b in"]
