"""A draft referral from a call transcript handed over by the Access and Response Team.

The bot's ``art_transcript`` channel (bot/channels/art_transcript.py) puts the turns,
each referrer turn with the trained model's intent, in the ``transcript_turns`` slot
and runs this action. Nothing else runs it: it refuses any conversation that did not
come through that channel. The draft is saved with source ``art_transcript``; the reply
is one JSON message the channel hands back to the case backend.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import backend_gateway
from actions.conversation import field_values
from actions.transcript_reading import ReadTurn, read_transcript
from actions.turns import today
from backend.domain.field_values import without_invalid_values

log = logging.getLogger(__name__)
SLOT = "transcript_turns"
# The reply when the case backend could not save the draft (the channel answers 503).
UNAVAILABLE = "unavailable"
SENDER_PREFIX = "art-"
_SPEAKER = {"referrer": "professional", "art": "art"}


def _call_date(value: Any) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return today()


def record_transcript(turns: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The transcript as the record keeps it: who (referrer or ART) said what."""
    at = datetime.now(timezone.utc).isoformat()
    return [
        {"speaker": _SPEAKER.get(str(t.get("role")), "art"), "text": str(t.get("text")), "at": at}
        for t in turns
    ]


class ActionDraftFromTranscript(Action):
    def name(self) -> str:
        return "action_draft_from_transcript"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        handed_over = tracker.get_slot(SLOT)
        if not tracker.sender_id.startswith(SENDER_PREFIX) or not isinstance(handed_over, dict):
            dispatcher.utter_message(json_message={"error": "not a transcript handover"})
            return []
        turns = [t for t in handed_over.get("turns") or [] if isinstance(t, dict)]
        call_date = _call_date(handed_over.get("call_date"))
        reading = read_transcript((ReadTurn.from_dict(t) for t in turns), call_date)
        read = {k: v for k, v in field_values(reading.fields).items() if v is not None}
        # A value the record cannot take is left out (and listed as missing): a draft
        # without it beats no draft.
        fields, left_out = without_invalid_values(read, call_date)
        transcript = record_transcript(turns)
        sources = {
            name: str(turns[index].get("text") or "")
            for name, index in reading.sources.items()
            if name in fields and 0 <= index < len(turns)
        }
        try:
            # Staff wait for the draft and keep the transcript: a failure is theirs to
            # retry, so nothing is kept for retry here.
            result = await backend_gateway.call_now(
                "save_referral",
                conversation_key=tracker.sender_id,
                source="art_transcript",
                fields=fields,
                transcript=transcript,
                submit=False,
                referral_date=call_date,
                sources=sources,
            )
            flags = [flag.code for flag in result.flags]
            if reading.immediate_risk:
                await backend_gateway.call_now(
                    "record_immediate_risk",
                    conversation_key=tracker.sender_id,
                    source="art_transcript",
                    fields={},
                    transcript=[],
                )
                flags = ["IMMEDIATE_RISK", *(f for f in flags if f != "IMMEDIATE_RISK")]
        except Exception as error:
            log.warning("draft from a call not saved (%s)", type(error).__name__)
            dispatcher.utter_message(json_message={"error": UNAVAILABLE})
            return [SlotSet(SLOT, None)]
        dispatcher.utter_message(
            json_message={
                "reference": result.reference,
                "status": result.status,
                "outcome": result.outcome,
                "flags": flags,
                "extracted": sorted(fields),
                "missing": [
                    *result.missing_fields,
                    *(f for f in left_out if f not in result.missing_fields),
                ],
            }
        )
        # The turns are on the record now; the bot's own store need not keep them.
        return [SlotSet(SLOT, None)]
