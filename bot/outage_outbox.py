"""Where disclosures made during an outage wait until they are recorded: beside the
conversations, sealed, so that they outlive the Rasa process that kept them.

bot/outage_disclosures.py keeps a disclosure here when the action server cannot take it
and removes it once recorded. A Rasa server that stops meanwhile, killed or restarted,
finds it again when it starts (and with Redis, so does any other Rasa server): the flag
may be recorded later, never skipped.

- `RedisOutbox` (`TRACKER_STORE_URL=redis://...`): one hash, an entry per disclosure.
- `SQLiteOutbox` (otherwise): a table in the conversation store's file
  (`TRACKER_STORE_PATH`), or this process's memory where that is `:memory:`.

Each entry is sealed (AES-256-GCM, bound to its random id) with a key derived from
TRACKER_ENCRYPTION_KEY: what was said never rests in plaintext. Nothing here imports
Rasa or `backend/`.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
import threading
import uuid
from dataclasses import dataclass
from typing import Protocol

from bot.conversation_storage import Sealer, load_key, open_private_database, storage_path

logger = logging.getLogger(__name__)

REDIS_KEY = "hsb:outage-disclosures"


@dataclass(frozen=True)
class Waiting:
    """A disclosure waiting to be recorded: the conversation, the words, when said."""

    entry_id: str
    sender_id: str
    text: str
    at: str


class Outbox(Protocol):
    async def add(self, sender_id: str, text: str, at: str) -> Waiting: ...

    async def waiting(self) -> list[Waiting]: ...

    async def holds(self, entry_id: str) -> bool: ...

    async def remove(self, entry_id: str) -> None: ...


class _Sealed:
    """An entry's seal and opening; an entry that does not open is left and reported."""

    def __init__(self, key: bytes) -> None:
        self._sealer = Sealer(hmac.new(key, b"hsb outage outbox", hashlib.sha256).digest())

    def seal(self, entry_id: str, sender_id: str, text: str, at: str) -> str:
        plain = json.dumps({"sender_id": sender_id, "text": text, "at": at})
        return self._sealer.seal(entry_id, plain)

    def open(self, entry_id: str, sealed: str) -> Waiting | None:
        plain = self._sealer.open(entry_id, sealed)
        if plain is None:
            # another key (rotated without draining) or tampered: it cannot be read, so
            # the operator must know; the other entries are still recorded
            logger.error("an outage disclosure entry cannot be opened with this key")
            return None
        data = json.loads(plain)
        return Waiting(entry_id, data["sender_id"], data["text"], data["at"])


class RedisOutbox:
    def __init__(self, url: str, key: bytes, name: str = REDIS_KEY) -> None:
        import redis.asyncio as redis

        self._redis = redis.from_url(url, decode_responses=True)
        self._sealed = _Sealed(key)
        self._name = name

    async def add(self, sender_id: str, text: str, at: str) -> Waiting:
        entry_id = uuid.uuid4().hex
        sealed = self._sealed.seal(entry_id, sender_id, text, at)
        await self._redis.hset(self._name, entry_id, sealed)
        return Waiting(entry_id, sender_id, text, at)

    async def waiting(self) -> list[Waiting]:
        entries = await self._redis.hgetall(self._name)
        opened = (self._sealed.open(entry_id, sealed) for entry_id, sealed in entries.items())
        return sorted((w for w in opened if w is not None), key=lambda w: w.at)

    async def holds(self, entry_id: str) -> bool:
        return bool(await self._redis.hexists(self._name, entry_id))

    async def remove(self, entry_id: str) -> None:
        await self._redis.hdel(self._name, entry_id)


_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS outage_disclosures (entry_id TEXT PRIMARY KEY,"
    " sealed TEXT NOT NULL)"
)


class SQLiteOutbox:
    """A table beside the conversations, in the same private file and its settings."""

    def __init__(self, path: str, key: bytes) -> None:
        # The conversation store's connection settings (private file, WAL, busy timeout,
        # secure delete), not its purging thread: entries here never expire.
        self._db = open_private_database(path)
        self._db.execute(_SCHEMA)
        self._lock = threading.Lock()
        self._sealed = _Sealed(key)

    def _run(self, sql: str, args: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    async def add(self, sender_id: str, text: str, at: str) -> Waiting:
        entry_id = uuid.uuid4().hex
        sealed = self._sealed.seal(entry_id, sender_id, text, at)
        await asyncio.to_thread(
            self._run, "INSERT INTO outage_disclosures VALUES (?, ?)", (entry_id, sealed)
        )
        return Waiting(entry_id, sender_id, text, at)

    async def waiting(self) -> list[Waiting]:
        rows = await asyncio.to_thread(self._run, "SELECT entry_id, sealed FROM outage_disclosures")
        opened = (self._sealed.open(entry_id, sealed) for entry_id, sealed in rows)
        return sorted((w for w in opened if w is not None), key=lambda w: w.at)

    async def holds(self, entry_id: str) -> bool:
        rows = await asyncio.to_thread(
            self._run, "SELECT 1 FROM outage_disclosures WHERE entry_id = ?", (entry_id,)
        )
        return bool(rows)

    async def remove(self, entry_id: str) -> None:
        await asyncio.to_thread(
            self._run, "DELETE FROM outage_disclosures WHERE entry_id = ?", (entry_id,)
        )

    def close(self) -> None:
        with self._lock:
            self._db.close()


def outbox_from_environment() -> Outbox:
    """Where the conversations are: Redis with TRACKER_STORE_URL, else the SQLite file
    (TRACKER_STORE_PATH, `:memory:` for this process only)."""
    key = load_key()
    url = os.environ.get("TRACKER_STORE_URL") or ""
    if url:
        return RedisOutbox(url, key)
    return SQLiteOutbox(storage_path(os.environ.get("TRACKER_STORE_PATH")), key)
