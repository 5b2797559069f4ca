"""The bot's side of the Access and Response Team's transcript handoff.

Registered in ``credentials.yml`` as ``bot.channels.art_transcript.TranscriptInput:``, it
serves ``POST /webhooks/art_transcript/webhook`` with JSON ``{"sender": "art-<32 hex>",
"turns": [{"speaker", "role": "referrer"|"art", "text"}], "call_date": "YYYY-MM-DD"}``,
sent by the case backend (``backend/api/routes/transcripts.py``) after checking the
member of staff and the transcript's shape.

The channel runs every referrer turn through the trained model (the same understanding
as the chat), puts the turns with their intents in the conversation's
``transcript_turns`` slot and runs ``action_draft_from_transcript``, which reads them
with the chat's parsers and validators and saves the draft. It answers with the
action's JSON message (reference, fields extracted, fields missing, flags).

Requests are accepted only when signed by the backend with ``TRANSCRIPT_RELAY_SECRET``
(``relay_auth.py``: HMAC-SHA256 over a timestamp and the body, recent, used once);
without the secret every request is refused. Logs carry no transcript text.

Runs inside the Rasa server: it must not import anything from ``backend/``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.events import SlotSet
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.relayed import HEADERS, RelayedInput, empty
from bot.channels.safe_logging import log_failure
from bot.input_gate import clean_text

logger = logging.getLogger(__name__)

ENVIRONMENT_VARIABLE = "TRANSCRIPT_RELAY_SECRET"
ACTION = "action_draft_from_transcript"
SLOT = "transcript_turns"
# The backend takes transcripts of up to 100,000 characters (backend/domain/transcripts.py)
# and relays them as UTF-8 JSON: at most 4 bytes a character, 6 for a character JSON
# escapes, plus the turns' keys.
MAX_BODY_BYTES = 1024 * 1024
MAX_TURNS = 400
MAX_TURN_CHARS = 10_000
ROLES = frozenset({"referrer", "art"})
_SENDER = re.compile(r"art-[0-9a-f]{32}")


def _turn(item: Any) -> dict[str, str] | None:
    """One turn, its text through the input gate's cleaning; None when malformed."""
    if not isinstance(item, dict):
        return None
    speaker, role, text = item.get("speaker"), item.get("role"), item.get("text")
    if not isinstance(speaker, str) or role not in ROLES or not isinstance(text, str):
        return None
    if len(text) > MAX_TURN_CHARS:
        return None
    return {"speaker": clean_text(speaker)[:40], "role": str(role), "text": clean_text(text)}


#: (sender, turns, call date) from a relayed body.
Handover = tuple[str, list[dict[str, str]], str | None]


def parse_handover(body: bytes) -> Handover | None:
    """(sender, turns, call date) from a relayed body, or None when malformed."""
    try:
        parsed = json.loads(body or b"")
    except ValueError:
        return None
    if not isinstance(parsed, dict):
        return None
    sender, items, call_date = parsed.get("sender"), parsed.get("turns"), parsed.get("call_date")
    if not isinstance(sender, str) or not _SENDER.fullmatch(sender):
        return None
    if not isinstance(items, list) or not 0 < len(items) <= MAX_TURNS:
        return None
    turns = [_turn(item) for item in items]
    if any(turn is None for turn in turns):
        return None
    # A turn with nothing left to read (only spaces or control characters) is dropped.
    turns = [t for t in turns if t and t["text"]]
    if not any(t and t["role"] == "referrer" for t in turns):
        return None
    if call_date is not None:
        try:
            call_date = date.fromisoformat(str(call_date)).isoformat()
        except ValueError:
            return None
    return sender, [t for t in turns if t], call_date


async def _with_intents(agent: Any, turns: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Each referrer turn with the trained model's intent and confidence."""
    read: list[dict[str, Any]] = []
    for turn in turns:
        entry: dict[str, Any] = dict(turn)
        if turn["role"] == "referrer":
            # A leading "/" would be taken for an intent typed by hand.
            parsed = await agent.parse_message(turn["text"].lstrip("/ ") or ".")
            intent = parsed.get("intent") or {}
            entry["intent"] = intent.get("name")
            entry["confidence"] = float(intent.get("confidence") or 0.0)
        read.append(entry)
    return read


class TranscriptInput(RelayedInput[Handover]):
    SECRET_VARIABLE = ENVIRONMENT_VARIABLE
    MAX_BODY_BYTES = MAX_BODY_BYTES
    CARRIES = "transcript"
    BODY_HOLDS = "transcript"

    @classmethod
    def name(cls) -> str:
        return "art_transcript"

    def parse(self, body: bytes) -> Handover | None:
        return parse_handover(body)

    async def answer(
        self,
        relayed: Handover,
        request: Request,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> HTTPResponse:
        sender_id, turns, call_date = relayed
        agent = getattr(request.app.ctx, "agent", None)
        if agent is None or not agent.is_ready():
            return empty(503)
        collector = CollectingOutputChannel()
        try:
            async with agent.lock_store.lock(sender_id):
                read = await _with_intents(agent, turns)
                processor = agent.processor
                tracker = await processor.fetch_tracker_and_update_session(sender_id, collector)
                tracker.update(SlotSet(SLOT, {"turns": read, "call_date": call_date}))
                await processor.save_tracker(tracker)
                await agent.execute_action(sender_id, ACTION, collector, None, None)
        except asyncio.CancelledError:
            logger.warning("art_transcript: drafting %s… was cancelled", sender_id[:12])
            raise
        except Exception as e:
            log_failure(logger, "art_transcript: failed to draft", sender_id[:12], e)
            return empty(500)
        drafts = [m["custom"] for m in collector.messages if isinstance(m.get("custom"), dict)]
        if len(drafts) == 1 and drafts[0].get("error") == "unavailable":
            return empty(503)  # the case backend could not save it: staff try again
        if len(drafts) != 1 or "reference" not in drafts[0]:
            logger.error("art_transcript: the action gave no draft for %s…", sender_id[:12])
            return empty(502)
        return response.json(drafts[0], headers=HEADERS)
