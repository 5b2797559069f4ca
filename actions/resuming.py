"""Finishing a referral later, anywhere: what a pause says on each channel, and a resume
code redeemed in another conversation.

A web chat conversation lives in one browser tab (its sender id is made by the page),
so a pause there gives a resume code (actions/resume_codes.py). In Teams and by text
the conversation is the person's own on every device, so it simply carries on: no code.

Redeeming restores the answers into the conversation that gives the code, rather than
letting the new tab adopt the old conversation. Adopting would mean handing the new
tab the old sender id, which is a key to the whole old conversation (its transcript,
for as long as it is kept) and would stay one after the code is spent; restoring moves
only the answers the code was issued for, once, into a conversation the new tab
already owns. The old tab is told, once, that its referral moved (no second submission).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any, Mapping

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.progress import say_finished
from actions.resume_codes import (
    FAILURE_WINDOW_SECONDS,
    Redeemed,
    ResumeCodes,
    ResumeCodesUnavailable,
    SqliteResumeCodes,
)
from actions.resume_codes_redis import RedisResumeCodes
from backend.adapters.encryption import FieldCipher
from backend.settings import get_settings
from bot.nlu.resume_code_format import code_in, grouped

log = logging.getLogger(__name__)

# Channels whose conversation lives in one browser tab: a pause there gives a code.
CODE_CHANNELS = frozenset({"webchat", "rest"})
TEAMS_CHANNELS = frozenset({"teams", "botframework"})

LOCKED_TEXT = (
    "Sorry, too many codes that didn't match have been tried, so I can't take another "
    f"one for a while. Please try again in {FAILURE_WINDOW_SECONDS // 60} minutes, or ask "
    "for a person and the Access and Response Team will help."
)
UNREADABLE_TEXT = (
    "Sorry, I can't open resume codes just now. Please try again in a minute: your "
    "answers are still kept in the chat where you paused."
)
MOVED_TEXT = (
    "This referral was carried on in another tab or device with its resume code, so "
    "its answers are there now, not here. You can start a new referral whenever you like."
)


@lru_cache(maxsize=1)
def store() -> ResumeCodes:
    """Shared in Redis when RESUME_CODES_REDIS_URL is set (several action servers), else
    the SQLite file at RESUME_CODES_PATH."""
    settings = get_settings()
    cipher = FieldCipher.from_settings(settings)
    lifetime = settings.conversation_retention_minutes * 60
    if settings.resume_codes_redis_url:
        return RedisResumeCodes(settings.resume_codes_redis_url, cipher, lifetime)
    return SqliteResumeCodes(settings.resume_codes_path, cipher, lifetime)


def answers_kept(slots: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The referral's slots that hold something: what a code reopens."""
    return {name: slots[name] for name in names if slots.get(name) is not None}


def unknown_code_text(retention: str) -> str:
    return (
        "Sorry, that code doesn't open a referral. Please check it against the one I "
        "gave you: 12 letters and numbers, like ABCD-EFGH-2345. A code works once, and "
        f"for {retention} after the pause. If it has run out, the answers have been "
        "deleted and we'll need to start again: just say 'make a referral'."
    )


def pause_reply(tracker: Tracker, kept_slots: tuple[str, ...], retention: str) -> str:
    """What a pause says: a resume code in the web chat, 'carry on here' elsewhere."""
    channel = tracker.get_latest_input_channel() or ""
    if channel in TEAMS_CHANNELS:
        return (
            f"That's fine. I'll keep your answers for {retention} after your last "
            "message. Come back to this chat in Teams, on any device, and say 'carry on': "
            "you won't need a code."
        )
    plain = (
        f"That's fine. I'll keep your answers for {retention} after your last message. "
        "Come back to this chat and say 'I'm back' or 'carry on', and we'll pick up where "
        "you left off."
    )
    if channel not in CODE_CHANNELS:
        return plain
    try:
        code = store().issue(tracker.sender_id, answers_kept(tracker.slots, kept_slots))
    except ResumeCodesUnavailable as error:  # the answers are still in this tab
        log.error("No resume code issued (%s)", error)
        return plain
    return (
        f"That's fine. I'll keep your answers for {retention}. To finish in another tab "
        "or on another device, open the referral chat and type 'resume' followed by "
        f"this code: {grouped(code)}. It works once. Or come back to this chat and say "
        "'carry on'. Keep the code private: it opens your answers."
    )


def redeem_in(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    cleared: list[EventType],
    retention: str,
) -> list[EventType] | None:
    """A code given in this message, redeemed: the referral's slots cleared, then the
    code's answers restored (the form then asks the first question still missing). A
    code refused is answered kindly and nothing else happens. None: no code here."""
    code = code_in(tracker.latest_message.get("text") or "")
    if code is None:
        return None
    try:
        outcome = store().redeem(tracker.sender_id, code)
    except ResumeCodesUnavailable as error:
        log.error("Resume code not read (%s)", error)
        dispatcher.utter_message(text=UNREADABLE_TEXT)
        return [FollowupAction("action_listen")]
    if not isinstance(outcome, Redeemed):
        dispatcher.utter_message(
            text=LOCKED_TEXT if outcome.reason == "locked" else unknown_code_text(retention)
        )
        return [FollowupAction("action_listen")]
    dispatcher.utter_message(
        text="Welcome back. I've found your referral with the answers you gave, so let's "
        "carry on where you left off."
    )
    return [*cleared, *(SlotSet(name, value) for name, value in outcome.answers.items())]


def moved_away(
    dispatcher: CollectingDispatcher, tracker: Tracker, cleared: list[EventType]
) -> list[EventType] | None:
    """This tab's referral, carried on elsewhere with its code: said once, and its
    answers cleared here. None when it was not."""
    if (tracker.get_latest_input_channel() or "") not in CODE_CHANNELS:
        return None
    try:
        moved = store().take_move(tracker.sender_id)
    except ResumeCodesUnavailable as error:
        log.error("Resume codes unreadable (%s)", error)
        return None
    if not moved:
        return None
    say_finished(dispatcher, tracker)
    dispatcher.utter_message(text=MOVED_TEXT)
    return [*cleared, FollowupAction("action_listen")]
