"""Where the Rasa server's conversations rest: sealed, expiring, never in plaintext.

Used by bot/tracker_store.py. Nothing here imports Rasa, so it is tested on its own
(tests/bot); it runs inside the Rasa server, so it must not import `backend/` either.

- `Sealer`: AES-256-GCM with a fresh nonce per blob, bound to the conversation id.
- `RedisStorage` (`TRACKER_STORE_URL=redis://...`): keys expire natively.
- `ConversationRefs`: both stores find a conversation by an HMAC of its id and keep the
  id only sealed, since it may be personal (a Teams user's id).
- `SQLiteStorage` (otherwise; `TRACKER_STORE_PATH`): a local file that survives restarts
  and that the Rasa processes of one host can share.

Either way an entry expires `ttl_seconds` after its last `put`, and every call is awaited
without blocking the event loop.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PATH = "var/conversations.sqlite3"
MEMORY = ":memory:"
KEY_PREFIX = "hsb:conversation:"
PURGE_INTERVAL_SECONDS = 60.0
BUSY_TIMEOUT_SECONDS = 10.0


class ConfigurationError(RuntimeError):
    """A setting is missing or malformed; the message says how to fix it."""


def load_key() -> bytes:
    raw = os.environ.get("TRACKER_ENCRYPTION_KEY", "")
    try:
        key = base64.urlsafe_b64decode(raw.encode())
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise ConfigurationError(
            "TRACKER_ENCRYPTION_KEY must be 32 bytes, urlsafe base64 (see .env.example)."
        )
    return key


def storage_path(setting: str | None) -> str:
    """`TRACKER_STORE_PATH`: empty means var/conversations.sqlite3; a relative path is
    taken from the project root (wherever the server is started); `:memory:` keeps the
    conversations in this process only (throwaway runs, never production)."""
    setting = (setting or "").strip() or DEFAULT_PATH
    if setting == MEMORY:
        return MEMORY
    return str(PROJECT_ROOT / Path(setting).expanduser())  # an absolute path stays as is


def _utf8(text: str) -> bytes:
    # A malformed id or text (an unpaired surrogate) must not make the store fail.
    return text.encode("utf-8", "surrogatepass")


class Sealer:
    """AES-256-GCM; a blob opens only with the key and the id it was bound to."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal(self, bound_to: str, plain: str) -> str:
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, _utf8(plain), _utf8(bound_to))
        return base64.urlsafe_b64encode(nonce + sealed).decode()

    def open(self, bound_to: str, stored: str) -> str | None:
        """The plaintext, or None for another key, another id or a tampered blob."""
        try:
            blob = base64.urlsafe_b64decode(stored.encode())
            plain = self._aead.decrypt(blob[:12], blob[12:], _utf8(bound_to))
        except (InvalidTag, ValueError, binascii.Error):
            return None
        return plain.decode("utf-8", "surrogatepass")


class Storage(Protocol):
    async def get(self, conversation_id: str) -> str | None: ...

    async def put(self, conversation_id: str, sealed: str, ttl_seconds: int) -> None: ...

    async def keys(self) -> list[str]: ...


class ConversationRefs:
    """What a store keeps instead of a conversation id, which may be personal (a Teams
    user's id): an HMAC of it to find the conversation by, and the id itself sealed, only
    so that the store can list its conversations."""

    def __init__(self, key: bytes) -> None:
        self._ref_key = hmac.new(key, b"hsb conversation store: row key", hashlib.sha256).digest()
        id_key = hmac.new(key, b"hsb conversation store: id key", hashlib.sha256).digest()
        self._id_sealer = Sealer(id_key)

    def ref(self, conversation_id: str) -> str:
        return hmac.new(self._ref_key, _utf8(conversation_id), hashlib.sha256).hexdigest()

    def seal_id(self, ref: str, conversation_id: str) -> str:
        return self._id_sealer.seal(ref, conversation_id)

    def open_id(self, ref: str, sealed_id: str) -> str | None:
        return self._id_sealer.open(ref, sealed_id)


class RedisStorage:
    """Redis with native key expiry, through the asyncio client. Each conversation is a
    hash under KEY_PREFIX + its ref (never its id): `sealed` and `sealed_id`."""

    def __init__(self, url: str, key: bytes) -> None:
        import redis.asyncio as redis

        self._redis = redis.from_url(url, decode_responses=True)
        self._refs = ConversationRefs(key)

    async def get(self, conversation_id: str) -> str | None:
        value = await self._redis.hget(KEY_PREFIX + self._refs.ref(conversation_id), "sealed")
        return str(value) if value is not None else None

    async def put(self, conversation_id: str, sealed: str, ttl_seconds: int) -> None:
        ref = self._refs.ref(conversation_id)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hset(
                KEY_PREFIX + ref,
                mapping={"sealed": sealed, "sealed_id": self._refs.seal_id(ref, conversation_id)},
            )
            pipe.expire(KEY_PREFIX + ref, ttl_seconds)
            await pipe.execute()

    async def keys(self) -> list[str]:
        found: list[str] = []
        async for name in self._redis.scan_iter(match=KEY_PREFIX + "*", count=500):
            if await self._redis.type(name) != "hash":
                continue  # an earlier release's entry, named by its id: left to expire
            sealed_id = await self._redis.hget(name, "sealed_id")
            opened = self._refs.open_id(name[len(KEY_PREFIX) :], sealed_id) if sealed_id else None
            if opened is not None:
                found.append(opened)
        return found


SCHEMA = (
    # ref: HMAC-SHA256 of the conversation id, which may be personal (a Teams user id);
    # sealed_id: the id itself, sealed, only so that keys() can list conversations;
    # sealed: the conversation as sealed by the caller; expires_at: Unix time.
    "CREATE TABLE IF NOT EXISTS conversations (ref TEXT PRIMARY KEY, sealed_id TEXT NOT NULL,"
    " sealed TEXT NOT NULL, expires_at REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS conversations_expiry ON conversations (expires_at)",
)


def open_private_database(path: str) -> sqlite3.Connection:
    """A SQLite file (or `:memory:`) created private (0600 in a 0700 directory) before
    SQLite writes to it, in WAL mode with a busy timeout so that several processes can
    share it, and with secure_delete so that deleted rows' bytes are zeroed."""
    if path != MEMORY:
        file = Path(path)
        file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Private before SQLite writes to it; its -wal and -shm files take its mode.
        os.close(os.open(file, os.O_RDWR | os.O_CREAT, 0o600))
        for part in (file, Path(f"{file}-wal"), Path(f"{file}-shm")):
            if part.exists():
                part.chmod(0o600)
    db = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
    )
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA secure_delete = ON")
    db.execute("PRAGMA journal_size_limit = 4194304")  # the log shrinks back to 4 MiB
    return db


class SQLiteStorage:
    """Sealed conversations in one SQLite file (or `:memory:`).

    Expired rows are deleted, not hidden: the one asked for when it is read, all of them
    on opening and then every `purge_interval` seconds by a background thread; with
    `secure_delete` their bytes are zeroed and, after a purge, the write-ahead log is
    truncated. WAL and a busy timeout let several processes share the file; it and its
    directory are created private (0600, 0700). Every call runs in a worker thread.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        key: bytes,
        *,
        purge_interval: float = PURGE_INTERVAL_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = str(path)
        self._refs = ConversationRefs(key)
        self._clock = clock
        self._lock = threading.Lock()  # one connection, used by one thread at a time
        self._db = self._connect()
        self.purge_expired()
        self._stopped = threading.Event()
        self._purger = threading.Thread(
            target=self._purge_every, args=(purge_interval,), name="conversation-purge", daemon=True
        )
        self._purger.start()

    def _connect(self) -> sqlite3.Connection:
        db = open_private_database(self.path)
        for statement in SCHEMA:
            db.execute(statement)
        return db

    def _get(self, conversation_id: str) -> str | None:
        ref, now = self._refs.ref(conversation_id), self._clock()
        with self._lock:
            row = self._db.execute(
                "SELECT sealed, expires_at FROM conversations WHERE ref = ?", (ref,)
            ).fetchone()
            if row is not None and row[1] <= now:
                self._db.execute(
                    "DELETE FROM conversations WHERE ref = ? AND expires_at <= ?", (ref, now)
                )
                return None
        return str(row[0]) if row is not None else None

    def _put(self, conversation_id: str, sealed: str, ttl_seconds: int) -> None:
        ref = self._refs.ref(conversation_id)
        sealed_id = self._refs.seal_id(ref, conversation_id)
        with self._lock:
            self._db.execute(
                "INSERT INTO conversations (ref, sealed_id, sealed, expires_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (ref) DO UPDATE SET"
                " sealed_id = excluded.sealed_id, sealed = excluded.sealed,"
                " expires_at = excluded.expires_at",
                (ref, sealed_id, sealed, self._clock() + ttl_seconds),
            )

    def _keys(self) -> list[str]:
        with self._lock:
            rows = self._db.execute(
                "SELECT ref, sealed_id FROM conversations WHERE expires_at > ?", (self._clock(),)
            ).fetchall()
        opened = (self._refs.open_id(ref, sealed_id) for ref, sealed_id in rows)
        return [conversation_id for conversation_id in opened if conversation_id is not None]

    def purge_expired(self) -> int:
        """Deletes every expired conversation; returns how many (blocking: a thread's)."""
        with self._lock:
            deleted = self._db.execute(
                "DELETE FROM conversations WHERE expires_at <= ?", (self._clock(),)
            ).rowcount
            if deleted:
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return deleted

    def _purge_every(self, interval: float) -> None:
        while not self._stopped.wait(interval):
            try:
                self.purge_expired()
            except sqlite3.Error as error:  # busy past the timeout: the next round will do
                logger.warning("Purging expired conversations failed: %s", error)

    async def get(self, conversation_id: str) -> str | None:
        return await asyncio.to_thread(self._get, conversation_id)

    async def put(self, conversation_id: str, sealed: str, ttl_seconds: int) -> None:
        await asyncio.to_thread(self._put, conversation_id, sealed, ttl_seconds)

    async def keys(self) -> list[str]:
        return await asyncio.to_thread(self._keys)

    def close(self) -> None:
        self._stopped.set()
        self._purger.join(timeout=5)
        with self._lock:
            self._db.close()
