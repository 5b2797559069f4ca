"""Run in the Rasa server's environment by tests/bot/test_lock_store.py:

    .venv-rasa/bin/python -m tests.bot.lock_store_probe (redis URL | memory)

Creates the lock store as Rasa does from the shipped endpoints.yml, twice (two Rasa
servers), and takes locks through both. Prints one JSON line of findings."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any

SENDER = "29:1a-teams-user-" + secrets.token_hex(6)  # a personal id, as Teams gives


async def two_servers_one_conversation(stores: list[Any], redis: Any) -> dict[str, Any]:
    order: list[str] = []
    seen: dict[str, Any] = {}

    async def first() -> None:
        async with stores[0].lock(SENDER):
            order.append("first in")
            await asyncio.sleep(0.6)
            if redis is not None:
                keys = [k.decode() for k in redis.keys("hsb:lock:*")]
                seen["keys"] = keys
                seen["values"] = [redis.get(k).decode() for k in keys]
            order.append("first out")

    async def second() -> None:
        await asyncio.sleep(0.15)
        async with stores[1].lock(SENDER, wait_time_in_seconds=0.05):
            order.append("second in")
            order.append("second out")

    await asyncio.gather(first(), second())
    return {"order": order, **seen}


async def two_conversations_at_once(stores: list[Any]) -> list[str]:
    order: list[str] = []

    async def hold(store: Any, sender: str, name: str) -> None:
        async with store.lock(sender):
            order.append(f"{name} in")
            await asyncio.sleep(0.3)
            order.append(f"{name} out")

    await asyncio.gather(hold(stores[0], SENDER, "a"), hold(stores[1], SENDER + "-other", "b"))
    return order


def _take(store: Any, conversation: str, barrier: Any, tickets: list[int]) -> None:
    barrier.wait()
    tickets.append(store.issue_ticket(conversation))


def tickets_taken_at_once(make_store: Any, servers: int = 8, rounds: int = 20) -> list[list[int]]:
    """Each round, `servers` stores take a ticket for one conversation at the same moment
    (threads released by a barrier): the tickets each round got."""
    import threading

    stores = [make_store() for _ in range(servers)]
    found: list[list[int]] = []
    for round_number in range(rounds):
        conversation = f"race-{round_number}-{secrets.token_hex(4)}"
        barrier = threading.Barrier(servers)
        tickets: list[int] = []

        threads = [
            threading.Thread(target=_take, args=(store, conversation, barrier, tickets))
            for store in stores
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        found.append(sorted(tickets))
        stores[0].delete_lock(conversation)
    return found


def main() -> None:
    where = sys.argv[1]
    os.environ.setdefault(
        "TRACKER_ENCRYPTION_KEY", base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    )
    os.environ.pop("TRACKER_STORE_URL", None)
    for name in ("ACTION_SERVER_URL", "ACTION_SERVER_TOKEN"):  # endpoints.yml expands them
        os.environ.setdefault(name, "unused")
    redis = None
    if where != "memory":
        import redis as redis_client

        os.environ["TRACKER_STORE_URL"] = where
        redis = redis_client.Redis.from_url(where)
        for key in redis.keys("hsb:lock:*"):
            redis.delete(key)
    from rasa.core.lock_store import LockStore
    from rasa.core.utils import read_endpoints_from_path

    endpoints = read_endpoints_from_path(Path("endpoints.yml"))
    stores = [LockStore.create(endpoints.lock_store) for _ in range(2)]
    found: dict[str, Any] = {
        "classes": [type(s).__name__ for s in stores],
        "inner": [type(s.inner).__name__ for s in stores],
        "same": asyncio.run(two_servers_one_conversation(stores, redis)),
        "apart": asyncio.run(two_conversations_at_once(stores)),
        "sender": SENDER,
    }
    if redis is not None:
        found["left"] = [k.decode() for k in redis.keys("hsb:lock:*")]
        from bot.lock_store import redis_lock_store

        found["race"] = tickets_taken_at_once(lambda: redis_lock_store(where))
    print(json.dumps(found))


if __name__ == "__main__":
    main()
