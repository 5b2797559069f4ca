"""Disclosures made while the action server could not be reached.

When a turn fails (bot/turn_guard.py) the person is asked to send the message again;
but one that reads as a disclosure of immediate risk must not depend on that: the
person has been told to call 999 and may well leave. Its words are kept here, and
every RETRY_SECONDS this process puts them on the conversation (the
`outage_disclosure` slot) and runs `action_record_outage_disclosure`, which raises
IMMEDIATE_RISK (and so tells the team), until the action server has taken it.

Kept in this process's memory: if the Rasa server stops too before the action server
is back, a kept disclosure is lost (the person was still given the safety message).
Runs inside the Rasa server: nothing from backend/.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel
from rasa.shared.core.events import SlotSet

# the word rules alone (pure standard library; the package imports a parser when used)
from actions.parsing.risk import mentions_immediate_risk
from bot.turn_guard import watching_turn

logger = logging.getLogger(__name__)

ACTION = "action_record_outage_disclosure"
SLOT = "outage_disclosure"
RETRY_SECONDS = 10.0
# The classifier's reading that makes a failed turn's message a disclosure to keep. The
# action server cannot be asked (it is what failed), so this leans low; its word rules
# are run here as well.
SUSPECTED_FROM = 0.3


@dataclass(frozen=True)
class Kept:
    sender_id: str
    text: str
    at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat())


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
    def __init__(self) -> None:
        self._kept: list[Kept] = []
        self._task: asyncio.Task[None] | None = None

    @property
    def waiting(self) -> int:
        return len(self._kept)

    def keep(self, agent: Any, kept: Kept) -> None:
        self._kept.append(kept)
        logger.warning("a disclosure made during a failure is kept until it can be recorded")
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._retry(agent))

    async def _retry(self, agent: Any) -> None:
        while self._kept:
            await asyncio.sleep(RETRY_SECONDS)
            await self.record_waiting(agent)

    async def record_waiting(self, agent: Any) -> int:
        """One pass: record every kept disclosure the action server takes now."""
        recorded = 0
        for kept in list(self._kept):
            if await _record(agent, kept):
                self._kept.remove(kept)
                recorded += 1
        if recorded:
            logger.info("%d disclosure(s) made during a failure recorded", recorded)
        return recorded


async def _record(agent: Any, kept: Kept) -> bool:
    output = CollectingOutputChannel()  # nothing is said: the person had the message
    try:
        async with agent.lock_store.lock(kept.sender_id):
            with watching_turn() as turn:
                processor = agent.processor
                tracker = await processor.fetch_tracker_and_update_session(kept.sender_id, output)
                tracker.update(SlotSet(SLOT, {"text": kept.text, "at": kept.at}))
                await processor.save_tracker(tracker)
                await agent.execute_action(kept.sender_id, ACTION, output, None, None)
    except Exception as error:
        logger.warning("a kept disclosure is not recorded yet (%s)", type(error).__name__)
        return False
    return not turn.failed


#: The one registry of this Rasa process.
outage_disclosures = OutageDisclosures()
