"""How every channel hands a typed message to the bot, so each does it the same way.

`take_turn`:

1. passes the text through the input gate (bot/input_gate.py): clean Unicode, the
   channel's length limit, and a kind reply for an empty message, which never reaches
   the model;
2. reads a typed intent payload ("/restart", '/inform{...}') as words unless it is one
   of the buttons the bot offered in its last reply, so nobody can type their way past
   the conversation (restart it, raise a flag with no words, set slots);
3. hands the message to Rasa, watching the turn (bot/turn_guard.py): when an action
   fails, the turn is not kept and the person is told so, with the 999 signpost; a
   message the model reads as a disclosure gets the safety message and is kept until
   it can be recorded (bot/outage_disclosures.py).

Runs inside the Rasa server: nothing from backend/.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot.channels.safe_logging import log_failure
from bot.input_gate import EMPTY_REPLY, Gated, gate, typed_payload
from bot.outage_disclosures import outage_disclosures, reads_as_disclosure
from bot.turn_guard import OUTAGE_DISCLOSURE_REPLY, TURN_FAILED_REPLY, watching_turn

logger = logging.getLogger(__name__)

# kept: the turn failed, but its message (a disclosure) is kept and will be recorded.
Outcome = Literal["answered", "refused", "failed", "kept"]


@dataclass(frozen=True)
class TurnResult:
    outcome: Outcome
    #: Why a message was refused (empty, too_long, not_text), for the channel's answer.
    reason: str | None = None
    #: The reply a refused or failed turn got (already sent through the output channel).
    reply: str | None = None


async def offered_payloads(agent: Any, sender_id: str) -> frozenset[str]:
    """The payloads of the buttons in the bot's last reply to this conversation."""
    store = getattr(agent, "tracker_store", None)
    if store is None:
        return frozenset()
    tracker = await store.retrieve(sender_id)
    if tracker is None:
        return frozenset()
    payloads: set[str] = set()
    for event in reversed(tracker.events):
        kind = getattr(event, "type_name", "")
        if kind == "user":
            break
        if kind == "bot":
            for button in (event.data or {}).get("buttons") or []:
                if isinstance(button, dict) and isinstance(button.get("payload"), str):
                    payloads.add(button["payload"])
    return frozenset(payloads)


# Always taken: the chat page opens every conversation with it (hidden), and it only
# greets.
ALWAYS_OFFERED = frozenset({"/greet"})


async def as_typed(agent: Any, sender_id: str, text: str, buttons_possible: bool) -> Gated:
    """What Rasa should read: a payload only when it is a button just offered."""
    if not text.startswith("/"):
        return Gated(text)
    if text in ALWAYS_OFFERED and buttons_possible:
        return Gated(text)
    if buttons_possible and text in await offered_payloads(agent, sender_id):
        return Gated(text)
    return typed_payload(text) or Gated(text)


async def take_turn(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    *,
    raw: Any,
    sender_id: str,
    output: OutputChannel,
    channel: str,
    max_chars: int,
    agent: Any,
    buttons_possible: bool = True,
    metadata: dict[str, Any] | None = None,
) -> TurnResult:
    """One typed message, from the gate to the bot's replies (sent through output)."""
    who = sender_id[:12]
    gated = gate(raw, max_chars)
    if not gated.passed:
        logger.info("%s: answered a message without the bot (%s)", channel, gated.reason)
        await output.send_text_message(sender_id, gated.reply or EMPTY_REPLY)
        return TurnResult("refused", gated.reason, gated.reply)
    try:
        typed = await as_typed(agent, sender_id, gated.text, buttons_possible)
        if not typed.passed:
            logger.info("%s: answered a message without the bot (%s)", channel, typed.reason)
            await output.send_text_message(sender_id, typed.reply or EMPTY_REPLY)
            return TurnResult("refused", "empty", typed.reply)
        with watching_turn() as turn:
            await on_new_message(
                UserMessage(typed.text, output, sender_id, input_channel=channel, metadata=metadata)
            )
    except asyncio.CancelledError:
        logger.warning("%s: handling a message for %s… was cancelled", channel, who)
        raise
    except Exception as error:
        log_failure(logger, f"{channel}: failed to handle a message for", who, error)
        return await _failed(output, sender_id, gated.text, agent)
    if turn.failed:
        return await _failed(output, sender_id, gated.text, agent)
    return TurnResult("answered")


async def _failed(output: OutputChannel, sender_id: str, text: str, agent: Any) -> TurnResult:
    """A turn not kept: the person is asked to send it again, unless it reads as a
    disclosure, which is kept and recorded once it can be (the safety message now)."""
    disclosure = await reads_as_disclosure(agent, text)
    reply = OUTAGE_DISCLOSURE_REPLY if disclosure else TURN_FAILED_REPLY
    if disclosure:
        await outage_disclosures.keep(agent, sender_id, text)
    try:
        await output.send_text_message(sender_id, reply)
    except Exception as error:  # the channel itself is failing: the caller answers
        log_failure(logger, "could not send the failure reply to", sender_id[:12], error)
    return TurnResult("kept" if disclosure else "failed", reply=reply)
