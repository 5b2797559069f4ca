"""Rasa's lock store, chosen from the environment like the conversation store
(bot/tracker_store.py), so that the shipped endpoints.yml serves one server and many.

Rasa takes one conversation's turns one at a time by holding a lock per conversation.
With TRACKER_STORE_URL set (Redis: conversations shared by several Rasa servers), the
locks are in that Redis too, so the turns are taken one at a time whichever server
receives them; otherwise they are in memory, which is all one server needs. Either way
a lock is named by the conversation store's HMAC of the conversation id, never the id
itself (a Teams user's id is personal data and Redis keys are readable by anyone who
can list them).

Rasa's own RedisLockStore reads a lock, changes it and writes it back in separate
commands, so two servers taking a ticket at the same moment could both get the first
one and run their turns at once (measured: two messages sent together to two servers,
one lost). Here each change is one Redis transaction, retried if the lock changed
under it."""

from __future__ import annotations

import json
import os
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Callable, TypeVar

from rasa.core.constants import DEFAULT_LOCK_LIFETIME
from rasa.core.lock import TicketLock
from rasa.core.lock_store import (
    LOCK_LIFETIME,
    InMemoryLockStore,
    LockError,
    LockStore,
    RedisLockStore,
)
from rasa.utils.endpoints import EndpointConfig

from bot.conversation_storage import ConversationRefs, load_key

KEY_PREFIX = "hsb"  # Rasa adds ":lock:"; alphanumeric, as RedisLockStore requires

Result = TypeVar("Result")
# A change to a conversation's lock: the lock as stored (None: none) to the lock to
# store (None: delete it) and what the caller gets back.
Change = Callable[[TicketLock | None], tuple[TicketLock | None, Result]]


class AtomicRedisLockStore(RedisLockStore):
    """RedisLockStore whose every read-change-write of a lock is one transaction."""

    def _change(self, conversation_id: str, change: Change[Result]) -> Result:
        key = self.key_prefix + conversation_id

        def step(pipe: Any) -> Result:
            raw = pipe.get(key)
            lock = TicketLock.from_dict(json.loads(raw)) if raw else None
            new, result = change(lock)
            pipe.multi()
            if new is None:
                pipe.delete(key)
            else:
                pipe.set(key, new.dumps())
            return result

        return self.red.transaction(step, key, value_from_callable=True)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def take(lock: TicketLock | None) -> tuple[TicketLock, int]:
            lock = lock or TicketLock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, take)
        except Exception as e:  # as Rasa's own: the processor expects a LockError
            raise LockError(f"Error while acquiring lock. Error:\n{e}") from e

    def update_lock(self, conversation_id: str) -> None:
        def expire(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, expire)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        def finish(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
            return lock, None

        self._change(conversation_id, finish)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        def finish_and_drop(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._change(conversation_id, finish_and_drop)


def redis_lock_store(url: str) -> RedisLockStore:
    """Rasa's Redis lock store at a redis:// or rediss:// URL (host, port, database,
    user and password from the URL)."""
    from redis.connection import parse_url

    parts = parse_url(url)
    return AtomicRedisLockStore(
        host=parts.get("host", "localhost"),
        port=int(parts.get("port", 6379)),
        db=int(parts.get("db", 0)),
        username=parts.get("username"),
        password=parts.get("password"),
        use_ssl=url.startswith("rediss://"),
        key_prefix=KEY_PREFIX,
    )


class ConversationLockStore(LockStore):
    """Rasa's Redis or in-memory lock store behind conversation refs. Rasa calls only
    `lock()` from outside (the processor, the agent and the HTTP API); every other
    method is reached from inside it, so naming the conversation there is enough."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **_: Any) -> None:
        self._refs = ConversationRefs(load_key())
        url = os.environ.get("TRACKER_STORE_URL") or ""
        self.inner: LockStore = redis_lock_store(url) if url else InMemoryLockStore()

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = DEFAULT_LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AsyncIterator[TicketLock]:
        ref = self._refs.ref(conversation_id)
        async with self.inner.lock(ref, lock_lifetime, wait_time_in_seconds) as held:
            yield held

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        return self.inner.get_lock(self._refs.ref(conversation_id))

    def delete_lock(self, conversation_id: str) -> None:
        self.inner.delete_lock(self._refs.ref(conversation_id))

    def save_lock(self, lock: TicketLock) -> None:
        self.inner.save_lock(lock)
