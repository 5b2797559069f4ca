"""The conversation store the Rasa server keeps for dialogue, protected like the record.

Every conversation (user text, slot values) is sealed with AES-256-GCM before it is
stored, bound to its conversation id, and kept only for `CONVERSATION_RETENTION_MINUTES`
after its last message (storage: bot/conversation_storage.py):

- with `TRACKER_STORE_URL=redis://...` in Redis, under keys that expire (production:
  scales across Rasa processes and hosts);
- otherwise in a local SQLite file, `TRACKER_STORE_PATH` (default
  var/conversations.sqlite3), so a conversation survives a restart of the Rasa server.

Registered in endpoints.yml as `type: bot.tracker_store.EncryptedTrackerStore`. Creating
it also installs the Rasa server's per-turn speed-ups (bot/rasa_speedups.py).
Runs inside the Rasa server: it must not import `backend/`.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Iterable

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SerializedTrackerAsText, TrackerStore
from rasa.shared.core.constants import ACTION_SESSION_START_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, split_events
from rasa.shared.core.trackers import DialogueStateTracker

from bot import log_privacy, rasa_speedups, turn_guard
from bot.conversation_storage import (
    ConfigurationError,
    RedisStorage,
    Sealer,
    SQLiteStorage,
    Storage,
    load_key,
    storage_path,
)

__all__ = ["ConfigurationError", "EncryptedTrackerStore", "load_key"]

logger = logging.getLogger(__name__)

DEFAULT_RETENTION_MINUTES = 2880  # two days: long enough to come back to a referral


class EncryptedTrackerStore(TrackerStore, SerializedTrackerAsText):
    def __init__(
        self,
        domain: Domain,
        host: str | None = None,
        event_broker: EventBroker | None = None,
        **kwargs: dict[str, Any],
    ) -> None:
        key = load_key()
        self._sealer = Sealer(key)
        minutes = int(os.environ.get("CONVERSATION_RETENTION_MINUTES") or DEFAULT_RETENTION_MINUTES)
        self.retention_seconds = max(60, minutes * 60)
        url = host or os.environ.get("TRACKER_STORE_URL") or ""
        self._storage: Storage
        if url:
            self._storage, where = RedisStorage(url, key), "redis"
        else:
            path = storage_path(os.environ.get("TRACKER_STORE_PATH"))
            self._storage, where = SQLiteStorage(path, key), f"SQLite ({path})"
        logger.info(
            "Conversation store: %s, encrypted, kept %d minutes.",
            where,
            self.retention_seconds // 60,
        )
        super().__init__(domain, event_broker, **kwargs)
        # Built once Rasa has set its logging up: only then are its handlers there.
        turn_guard.install()
        log_privacy.install()
        rasa_speedups.install()

    async def save(self, tracker: DialogueStateTracker) -> None:
        if turn_guard.current_turn_failed():
            # An action failed in this turn: keep the conversation as it was before the
            # message, which the person is asked to send again (bot/turn_guard.py).
            logger.warning("A turn in which an action failed was not kept.")
            return
        await self.stream_events(tracker)
        sealed = self._sealer.seal(tracker.sender_id, self.serialise_tracker(tracker))
        await self._storage.put(tracker.sender_id, sealed, self.retention_seconds)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The conversation's latest session (the whole conversation when it has one).

        As Rasa's `get_trackers_for_conversation_sessions(tracker)[-1]`, which replays
        every session's events into a tracker of its own on every turn; here only the
        last session's are replayed, and none when there is one session."""
        tracker = await self.retrieve_full_tracker(sender_id)
        if tracker is None:
            return None
        sessions = split_events(
            tracker.events,
            ActionExecuted,
            {"action_name": ACTION_SESSION_START_NAME},
            include_splitting_event=True,
        )
        if len(sessions) <= 1:
            return tracker
        return DialogueStateTracker.from_events(
            tracker.sender_id,
            sessions[-1],
            tracker.slots.values(),
            sender_source=tracker.sender_source,
            max_event_history=tracker._max_event_history,
        )

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        stored = await self._storage.get(sender_id)
        if stored is None:
            return None
        plain = self._sealer.open(sender_id, stored)
        if plain is None:
            # Another key, or tampered: treat as no conversation rather than fail the turn.
            logger.warning("A stored conversation could not be decrypted; starting afresh.")
            return None
        return self.deserialise_tracker(sender_id, plain)

    async def keys(self) -> Iterable[str]:
        return await self._storage.keys()
