"""Disclosures made while the action server could not be reached.

When a turn fails (bot/turn_guard.py) the person is asked to send the message again;
but one that reads as a disclosure of immediate risk must not depend on that: the
person has been told to call 999 and may well leave. Its words are kept in the outbox
beside the conversations (bot/outage_outbox.py: sealed, in Redis or the SQLite file),
and every RETRY_SECONDS this process puts each on its conversation (the
`outage_disclosure` slot) and runs `action_record_outage_disclosure`, which raises
IMMEDIATE_RISK (and so tells the team), until the action server has taken it.

The outbox outlives this process: a Rasa server that starts finds what an earlier one
left (`resume`, at server start). Where the outbox cannot be written either, the
disclosure is held in memory and written there at the next attempt.
Runs inside the Rasa server: nothing from backend/.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel
from rasa.shared.core.events import SlotSet

# the word rules alone (pure standard library; the package imports a parser when used)
from actions.parsing.risk import mentions_immediate_risk
from bot.outage_outbox import Outbox, Waiting, outbox_from_environment
from bot.turn_guard import watching_turn

logger = logging.getLogger(__name__)

ACTION = "action_record_outage_disclosure"
SLOT = "outage_disclosure"
RETRY_SECONDS = 10.0
# The reply with the safety message waits for the outbox no longer than this; past it
# the disclosure is held in memory and stored at the next attempt.
STORE_TIMEOUT_SECONDS = 3.0
# The classifier's reading that makes a failed turn's message a disclosure to keep. The
# action server cannot be asked (it is what failed), so this leans low; its word rules
# are run here as well.
SUSPECTED_FROM = 0.3


async def reads_as_disclosure(agent: Any, text: str) -> bool:
    """Whether the message's words say a child is in danger now (the action server's
    own rules, actions/parsing/risk.py), or the trained model reads it as a disclosure
    of immediate risk."""
    if mentions_immediate_risk(text):
        return True
    if agent is None:
        return False
    try:
        parsed = await agent.parse_message(text)
    except Exception as error:  # the model itself failing: the signpost is all there is
        logger.warning("a failed turn could not be read again (%s)", type(error).__name__)
        return False
    ranking = parsed.get("intent_ranking") or [parsed.get("intent") or {}]
    return any(
        item.get("name") == "immediate_risk"
        and float(item.get("confidence") or 0.0) >= SUSPECTED_FROM
        for item in ranking
    )


class OutageDisclosures:
    """The one retry loop of this process over the outbox."""

    def __init__(self, outbox: Callable[[], Outbox] = outbox_from_environment) -> None:
        self._make_outbox = outbox
        self._outbox: Outbox | None = None
        self._in_memory: list[Waiting] = []  # the outbox could not be written
        self._task: asyncio.Task[None] | None = None
        # set by keep(): a disclosure kept while a pass ran keeps the loop going even
        # when that pass found nothing left (it may have looked before the keep)
        self._kept_during_pass = False

    def _box(self) -> Outbox:
        if self._outbox is None:
            self._outbox = self._make_outbox()
        return self._outbox

    async def keep(self, agent: Any, sender_id: str, text: str) -> None:
        at = datetime.now(timezone.utc).isoformat()
        try:
            await asyncio.wait_for(self._box().add(sender_id, text, at), STORE_TIMEOUT_SECONDS)
        except Exception as error:  # the store is failing too: hold it here meanwhile
            logger.error("an outage disclosure is held in memory (%s)", type(error).__name__)
            self._in_memory.append(Waiting(uuid.uuid4().hex, sender_id, text, at))
        logger.warning("a disclosure made during a failure is kept until it can be recorded")
        self._kept_during_pass = True
        self.resume(agent)

    def resume(self, agent: Any) -> None:
        """Starts the retry loop unless it runs: at server start, what an earlier process
        left is recorded."""
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._retry(agent))

    async def _retry(self, agent: Any) -> None:
        while True:
            self._kept_during_pass = False
            try:
                left = await self.record_waiting(agent)
            except Exception as error:  # the outbox unreadable for now: try again
                logger.warning("outage disclosures not read (%s)", type(error).__name__)
                left = -1
            if left == 0 and not self._kept_during_pass:
                return
            await asyncio.sleep(RETRY_SECONDS)

    async def _store_held(self) -> None:
        for held in list(self._in_memory):
            await self._box().add(held.sender_id, held.text, held.at)
            self._in_memory.remove(held)

    async def record_waiting(self, agent: Any) -> int:
        """One pass: record every waiting disclosure the action server takes now; how
        many are still waiting."""
        try:
            await self._store_held()
        except Exception as error:
            logger.warning("held outage disclosures not stored yet (%s)", type(error).__name__)
        box = self._box()
        recorded = 0
        for waiting in await box.waiting():
            recorded += await _record(agent, waiting, box.holds, box.remove)
        for waiting in list(self._in_memory):
            recorded += await _record(agent, waiting, self._holds, self._forget)
        if recorded:
            logger.info("%d disclosure(s) made during a failure recorded", recorded)
        return len(await box.waiting()) + len(self._in_memory)

    async def _holds(self, entry_id: str) -> bool:
        return any(held.entry_id == entry_id for held in self._in_memory)

    async def _forget(self, entry_id: str) -> None:
        self._in_memory = [held for held in self._in_memory if held.entry_id != entry_id]


async def _record(
    agent: Any,
    waiting: Waiting,
    holds: Callable[[str], Awaitable[bool]],
    remove: Callable[[str], Awaitable[None]],
) -> bool:
    """Records one disclosure on its conversation and removes it from where it waited,
    under the conversation's lock: another Rasa server sharing the outbox may have
    recorded it meanwhile, and then it is not recorded again."""
    output = CollectingOutputChannel()  # nothing is said: the person had the message
    try:
        async with agent.lock_store.lock(waiting.sender_id):
            if not await holds(waiting.entry_id):
                return False
            with watching_turn() as turn:
                processor = agent.processor
                tracker = await processor.fetch_tracker_and_update_session(
                    waiting.sender_id, output
                )
                tracker.update(SlotSet(SLOT, {"text": waiting.text, "at": waiting.at}))
                await processor.save_tracker(tracker)
                await agent.execute_action(waiting.sender_id, ACTION, output, None, None)
            if turn.failed:
                return False
            await remove(waiting.entry_id)
    except Exception as error:
        logger.warning("a kept disclosure is not recorded yet (%s)", type(error).__name__)
        return False
    return True


#: The one registry of this Rasa process.
outage_disclosures = OutageDisclosures()
