"""Cancelling a referral or a request: it clears answers, so it is confirmed first.

The first "cancel" asks "Do you want to cancel?..." (Yes, cancel it / No, keep it); the
answer to that question, typed or tapped, decides: yes or cancel again clears, no or
keep goes back to where the person was. Anything else carries on as if not asked. A
submission still waiting in the spool is taken back; what was said about a child at
risk has gone to the Access and Response Team already and stays there.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import backend_gateway
from actions.progress import say_finished
from actions.referral_actions import (
    REFERRAL_SLOTS,
    REQUEST_SLOTS,
    SUBMISSION_KEPT_SLOT,
    referral_in_progress,
    resume_where_stepped_out,
)
from actions.turns import latest_intent

CANCEL_QUESTION = (
    "Do you want to cancel? Everything you've told me for this will be cleared, and it "
    "can't be undone."
)
CANCEL_BUTTONS = [
    {"title": "Yes, cancel it", "payload": "/cancel"},
    {"title": "No, keep it", "payload": "/deny"},
]
CANCELLED_TEXT = "I've cancelled that and cleared what you told me here."
CANCELLED_AFTER_A_FLAG_TEXT = (
    "I've cancelled that and cleared what you told me here. What you told me about a "
    "child at risk has already gone to the Access and Response Team, and stays with them."
)
ALREADY_PASSED_TEXT = (
    "Your referral had already been passed to the service, so I can't cancel it here. "
    "If it should be withdrawn, please contact the Access and Response Team."
)
AFTER_CANCELLING_BUTTONS = [
    {"title": "Start a new referral", "payload": "/start_referral"},
    {"title": "Ask about the service", "payload": "/help"},
]
_KEEP = re.compile(r"\b(keep|don'?t cancel|do not cancel|carry on|continue)\b", re.IGNORECASE)


def cancel_was_just_asked(events: list[dict[str, Any]]) -> bool:
    """Whether the bot's last words before the latest message asked to confirm a cancel."""
    seen_user = False
    for event in reversed(events):
        kind = event.get("event")
        if kind == "user":
            if seen_user:
                return False
            seen_user = True
        elif kind == "bot" and seen_user:
            return event.get("text") == CANCEL_QUESTION
    return False


class ActionCancelReferral(Action):
    def name(self) -> str:
        return "action_cancel_referral"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        intent, _ = latest_intent(tracker)
        text = tracker.latest_message.get("text") or ""
        if cancel_was_just_asked(list(tracker.events)):
            if intent == "deny" or _KEEP.search(text):
                return self._keep(dispatcher, tracker)
            if intent in ("affirm", "cancel"):
                return await self._clear(dispatcher, tracker)
        if intent in ("affirm", "deny"):
            # A yes or no after cancelling is done answers nothing: what next?
            dispatcher.utter_message(response="utter_help")
            return []
        if not referral_in_progress(tracker) and not any(
            tracker.get_slot(slot) for slot in REQUEST_SLOTS
        ):
            dispatcher.utter_message(response="utter_nothing_to_cancel")
            return []
        dispatcher.utter_message(text=CANCEL_QUESTION, buttons=CANCEL_BUTTONS)
        return []

    @staticmethod
    def _keep(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        dispatcher.utter_message(text="OK, I'll keep it.")
        return resume_where_stepped_out(dispatcher, tracker) or []

    @staticmethod
    async def _clear(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        in_progress = referral_in_progress(tracker)
        kept = tracker.get_slot(SUBMISSION_KEPT_SLOT)
        if in_progress and kept and not await backend_gateway.withdraw_kept(str(kept)):
            dispatcher.utter_message(text=ALREADY_PASSED_TEXT)
        elif in_progress and tracker.get_slot("immediate_risk"):
            dispatcher.utter_message(
                text=CANCELLED_AFTER_A_FLAG_TEXT, buttons=AFTER_CANCELLING_BUTTONS
            )
        else:
            dispatcher.utter_message(text=CANCELLED_TEXT, buttons=AFTER_CANCELLING_BUTTONS)
        events: list[EventType] = [SlotSet(slot, None) for slot in REQUEST_SLOTS]
        if in_progress:
            say_finished(dispatcher, tracker)
            events += [SlotSet(slot, None) for slot in REFERRAL_SLOTS] + [
                SlotSet("referral_key", None),
                SlotSet("referral_reference", None),
                SlotSet("immediate_risk", None),
                SlotSet(SUBMISSION_KEPT_SLOT, None),
            ]
        return events
