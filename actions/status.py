"""A professional asking how their referral is going, by reference number."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import backend_gateway

_REFERENCE = re.compile(r"\bHSB-\d{4}-\d{5}\b", re.IGNORECASE)
_STATUS_WORDS = {
    "draft": "is a draft and hasn't been submitted yet",
    "submitted": "has been received and is waiting to be reviewed",
    "needs_discussion": "is waiting to be discussed by the service",
    "accepted": "has been accepted",
    "declined": "has not been accepted; the service will have explained why",
    "withdrawn": "has been withdrawn",
}


class ActionReferralStatus(Action):
    """Tells the status only to its owner: the same conversation (channel identity)."""

    def name(self) -> str:
        return "action_referral_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        match = _REFERENCE.search(tracker.latest_message.get("text") or "")
        if not match:
            dispatcher.utter_message(
                text="Please give the reference number, for example HSB-2026-00012."
            )
            return []
        reference = match.group(0).upper()
        status = await backend_gateway.referral_status_for_owner(
            reference, conversation_key_prefix=f"{tracker.sender_id}:", email=None
        )
        if status is None:
            dispatcher.utter_message(
                text=f"I can't find a referral {reference} made from this conversation. "
                "Please contact the Access and Response Team, who can check for you."
            )
            return []
        dispatcher.utter_message(text=f"Referral {reference} {_STATUS_WORDS.get(status, status)}.")
        return []
