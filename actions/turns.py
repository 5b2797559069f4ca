"""Reading the latest user turn off a tracker."""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa_sdk import Tracker

# Actions that may run between the user's message and the form without consuming it.
_TRANSPARENT_ACTIONS = {"action_extract_slots", "action_start_referral", "action_listen"}


def is_fresh_user_turn(tracker: Tracker, form_name: str) -> bool:
    """True when the form is reading a new user message, False when it is resuming
    after an interruption (a service question, say): that message was not an answer."""
    seen_form = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            return True
        if kind == "action":
            name = event.get("name")
            if name == form_name and not seen_form:
                seen_form = True  # the form's own run, injected by Rasa
                continue
            if name in _TRANSPARENT_ACTIONS:
                continue
            return False
    return False


def latest_intent(tracker: Tracker) -> tuple[str | None, float]:
    intent: dict[str, Any] = tracker.latest_message.get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def today() -> date:
    return date.today()


def last_active_form(events: list[dict[str, Any]]) -> str | None:
    """The form that was active most recently (now or before it was stepped out of)."""
    for event in reversed(events):
        if event.get("event") == "active_loop" and event.get("name"):
            return str(event["name"])
    return None
