"""The conversation store the Rasa server keeps for dialogue, protected like the record.

Every conversation (user text, slot values) is sealed with AES-256-GCM before it is
stored, bound to its conversation id, and kept only for a limited time:

- with `TRACKER_STORE_URL=redis://...` it lives in Redis under a key that expires
  `CONVERSATION_RETENTION_MINUTES` after the last message (production: survives restarts
  and scales across Rasa processes);
- without it, in this process's memory, where expired conversations are purged too.

Registered in endpoints.yml as `type: bot.tracker_store.EncryptedTrackerStore`.
Runs inside the Rasa server: it must not import `backend/`.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import time
from typing import Any, Iterable, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SerializedTrackerAsText, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import (
    DialogueStateTracker,
    get_trackers_for_conversation_sessions,
)

logger = logging.getLogger(__name__)

DEFAULT_RETENTION_MINUTES = 2880  # two days: long enough to come back to a referral
KEY_PREFIX = "hsb:conversation:"


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


class _Storage(Protocol):
    async def get(self, key: str) -> str | None: ...

    async def put(self, key: str, value: str, ttl_seconds: int) -> None: ...

    async def keys(self) -> Iterable[str]: ...


class _MemoryStorage:
    """Expiring entries in this process's memory."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[float, str]] = {}

    def _purge(self) -> None:
        now = time.monotonic()
        for key in [k for k, (expires, _) in self._entries.items() if expires <= now]:
            del self._entries[key]

    async def get(self, key: str) -> str | None:
        self._purge()
        entry = self._entries.get(key)
        return entry[1] if entry else None

    async def put(self, key: str, value: str, ttl_seconds: int) -> None:
        self._purge()
        self._entries[key] = (time.monotonic() + ttl_seconds, value)

    async def keys(self) -> Iterable[str]:
        self._purge()
        return list(self._entries)


class _RedisStorage:
    """Redis with native key expiry, through the asyncio client (never blocks the loop)."""

    def __init__(self, url: str) -> None:
        import redis.asyncio as redis

        self._redis = redis.from_url(url, decode_responses=True)

    async def get(self, key: str) -> str | None:
        value = await self._redis.get(KEY_PREFIX + key)
        return str(value) if value is not None else None

    async def put(self, key: str, value: str, ttl_seconds: int) -> None:
        await self._redis.set(KEY_PREFIX + key, value, ex=ttl_seconds)

    async def keys(self) -> Iterable[str]:
        found = await self._redis.keys(KEY_PREFIX + "*")
        return [k[len(KEY_PREFIX) :] for k in found]


class EncryptedTrackerStore(TrackerStore, SerializedTrackerAsText):
    def __init__(
        self,
        domain: Domain,
        host: str | None = None,
        event_broker: EventBroker | None = None,
        **kwargs: dict[str, Any],
    ) -> None:
        self._aead = AESGCM(load_key())
        minutes = int(os.environ.get("CONVERSATION_RETENTION_MINUTES") or DEFAULT_RETENTION_MINUTES)
        self.retention_seconds = max(60, minutes * 60)
        url = host or os.environ.get("TRACKER_STORE_URL") or ""
        self._storage: _Storage = _RedisStorage(url) if url else _MemoryStorage()
        logger.info(
            "Conversation store: %s, encrypted, kept %d minutes.",
            "redis" if url else "memory",
            self.retention_seconds // 60,
        )
        super().__init__(domain, event_broker, **kwargs)

    def _seal(self, sender_id: str, plain: str) -> str:
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, plain.encode(), sender_id.encode())
        return base64.urlsafe_b64encode(nonce + sealed).decode()

    def _open(self, sender_id: str, stored: str) -> str | None:
        try:
            blob = base64.urlsafe_b64decode(stored.encode())
            return self._aead.decrypt(blob[:12], blob[12:], sender_id.encode()).decode()
        except (InvalidTag, ValueError, binascii.Error):
            # Another key, or tampered: treat as no conversation rather than fail the turn.
            logger.warning("A stored conversation could not be decrypted; starting afresh.")
            return None

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        sealed = self._seal(tracker.sender_id, self.serialise_tracker(tracker))
        await self._storage.put(tracker.sender_id, sealed, self.retention_seconds)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        tracker = await self.retrieve_full_tracker(sender_id)
        if tracker is None:
            return None
        sessions = get_trackers_for_conversation_sessions(tracker)
        return sessions[-1] if len(sessions) > 1 else tracker

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        stored = await self._storage.get(sender_id)
        plain = self._open(sender_id, stored) if stored is not None else None
        return self.deserialise_tracker(sender_id, plain) if plain is not None else None

    async def keys(self) -> Iterable[str]:
        return await self._storage.keys()
