"""A disclosure made while the action server was down stays in the referral's transcript.

Found probing the running stack: the words were added to the transcript only in the one
save that recorded the flag. Every later save replaces the transcript with one built
from the conversation's events, where the disclosure was only a slot: after submission
the referral had the IMMEDIATE_RISK flag and no trace of what was said, and of two
disclosures kept in one outage only the second was shown.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import safety
from actions.conversation import transcript_from_events

FIRST = {"text": "he's alone with the kids tonight", "at": "2026-12-05T10:14:58+00:00"}
SECOND = {"text": "she is in danger right now", "at": "2026-12-05T10:14:59+00:00"}


def user(text: str, at: float) -> dict[str, Any]:
    return {"event": "user", "text": text, "timestamp": at}


def kept(value: dict[str, str] | None, at: float) -> dict[str, Any]:
    return {"event": "slot", "name": safety.OUTAGE_SLOT, "value": value, "timestamp": at}


EVENTS = [
    user("I want to make a referral", 1.0),
    user("Zebedee Quillfeather", 2.0),
    kept(FIRST, 3.0),  # the first attempt to record it failed: set again below
    user("Quillfeather Family Services", 4.0),
    kept(FIRST, 5.0),
    kept(None, 5.1),
    kept(SECOND, 6.0),
    kept(None, 6.1),
    user("07700 900456", 7.0),
]


def test_every_kept_disclosure_is_in_the_transcript_built_from_the_events() -> None:
    spoken = [t["text"] for t in transcript_from_events(EVENTS) if t["speaker"] == "professional"]
    assert spoken == [
        "I want to make a referral",
        "Zebedee Quillfeather",
        FIRST["text"],
        "Quillfeather Family Services",
        SECOND["text"],
        "07700 900456",
    ]
    turn = next(t for t in transcript_from_events(EVENTS) if t["text"] == FIRST["text"])
    assert turn["at"] == FIRST["at"]


def test_recording_a_kept_disclosure_sends_it_once(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: dict[str, Any] = {}

    class Applied:
        applied = True
        result = "HSB-2026-00001"

    async def record(**kwargs: Any) -> Applied:
        sent.update(kwargs)
        return Applied()

    monkeypatch.setattr("actions.backend_gateway.record_immediate_risk", record)
    events = [*EVENTS[:2], kept(FIRST, 5.0)]
    tracker = Tracker(
        sender_id="5d3c2e8a-0c7e-4b8e-9a49-0f5b8f2f6c11",
        slots={safety.OUTAGE_SLOT: FIRST},
        latest_message={},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )
    action = safety.ActionRecordOutageDisclosure()
    asyncio.run(action.run(CollectingDispatcher(), tracker, {}))
    texts = [t["text"] for t in sent["transcript"]]
    assert texts.count(FIRST["text"]) == 1
