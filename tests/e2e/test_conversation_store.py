"""The Rasa server's own conversation store keeps conversations encrypted and only for
the retention period (bot/tracker_store.py), checked in the Redis it writes to."""

from __future__ import annotations

import pytest
import redis

from scripts.harness.chat import Chat
from scripts.harness.stack import Stack

pytestmark = pytest.mark.e2e

KEY_PREFIX = "hsb:conversation:"


def test_conversations_are_stored_encrypted_and_expire(stack: Stack) -> None:
    url = stack.env.get("TRACKER_STORE_URL")
    if not url:
        # The SQLite store the stack then uses: tests/e2e/test_conversation_restart.py.
        pytest.skip("no Redis reachable: the conversation store is SQLite for this run")
    chat = Chat(stack.rasa_url)
    chat.say("I'd like to refer a 14 year old boy from Yate")
    chat.say("Bartholomew Quigley")

    store = redis.Redis.from_url(url)
    names = [
        name
        for name in store.scan_iter(match=KEY_PREFIX + "*", count=500)
        if store.type(name) == b"hash"  # (an earlier release kept strings, named by id)
    ]
    # the conversation id (a Teams user's id, in Teams) never names a key
    assert not [name for name in names if chat.conversation_id.encode() in name]
    stored = [b"".join(store.hgetall(name).values()) for name in names]
    assert stored, "the conversation is kept in Redis"
    for blob in stored:
        assert b"Bartholomew" not in blob  # (a short word could turn up in base64 by chance)
        assert b"referrer_name" not in blob  # not even the slot names are readable
    ttls = [store.ttl(name) for name in names]
    assert all(0 < ttl <= 2880 * 60 for ttl in ttls)


def test_the_conversation_continues_from_the_encrypted_store(stack: Stack) -> None:
    chat = Chat(stack.rasa_url)
    chat.say("I'd like to make a referral")
    replies = chat.say("Bartholomew Quigley")
    # the second turn only makes sense if the first was read back from the store
    assert "role" in " ".join(r.get("text", "") for r in replies)


def test_the_serving_rasa_has_its_per_turn_speedups_installed(stack: Stack) -> None:
    chat = Chat(stack.rasa_url)
    chat.say("I'd like to make a referral")
    # a custom action's reply is checked and the conversation read back in between
    replies = chat.say("Bartholomew Quigley")
    assert "role" in " ".join(r.get("text", "") for r in replies)
    log = stack.log_tail("rasa", 2000)
    assert "Rasa speed-ups installed: one action reply validator, an event type table" in log
    assert "one thread for openblas" in log
