"""Where a referral is: which part of it, and roughly how many questions are left.

Worked out from the field table each time a question is asked (slots_to_ask: the
questions that apply given the answers so far), so it stays true when a pasted note
answers many at once or a conditional question does not apply. The web chat shows it
(bot/webchat/static/chat.js); it is sent only there, as a custom payload: Teams and
texts get nothing, since a line before every question would be noise in a thread.
"""

from __future__ import annotations

from typing import Any, Mapping

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.referral_flow import CONFIRM_SLOT, HARMED_CHILD_SLOTS, slots_to_ask
from backend.domain.fields import FIELDS_BY_NAME

# The record's groups, gathered into the parts a professional would recognise, in the
# order they are asked.
PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("about you", ("referrer",)),
    ("the young person", ("young_person", "allocated_professional", "significant_adult")),
    ("home and safety", ("living_situation",)),
    ("the concern", ("concern", "investigation", "multi_agency_meetings")),
    ("history and support", ("history", "professionals_involved")),
    ("consent and the request", ("consent", "service_requested")),
)
_PART_OF_GROUP = {group: number for number, (_, groups) in enumerate(PARTS, 1) for group in groups}
# Channels that show progress.
PROGRESS_CHANNELS = frozenset({"webchat"})


def _part_of(slot: str) -> int:
    if slot == CONFIRM_SLOT:
        return len(PARTS)
    field = FIELDS_BY_NAME["harmed_children" if slot in HARMED_CHILD_SLOTS else slot]
    return _PART_OF_GROUP[field.group]


def progress(
    slots: Mapping[str, Any], next_slot: str | None, *, texts_possible: bool
) -> dict[str, Any] | None:
    """The part the next question belongs to and the questions still to answer (the
    read-back before submitting not counted); None when nothing is to be asked."""
    if next_slot is None or next_slot not in (*FIELDS_BY_NAME, *HARMED_CHILD_SLOTS, CONFIRM_SLOT):
        return None
    wanted = slots_to_ask(slots, texts_possible=texts_possible)
    left = sum(1 for slot in wanted if slot != CONFIRM_SLOT and slots.get(slot) is None)
    part = _part_of(next_slot)
    title = PARTS[part - 1][0]
    if left == 0:
        words = "nearly done: time to check and submit"
    else:
        words = f"about {left} question{'s' if left != 1 else ''} left"
    return {
        "part": part,
        "parts": len(PARTS),
        "title": title,
        "questions_left": left,
        "text": f"Part {part} of {len(PARTS)}: {title} · {words}",
    }


def say_finished(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The referral is over here (submitted, cancelled, or carried on elsewhere): the web
    chat stops showing its progress."""
    if tracker.get_latest_input_channel() in PROGRESS_CHANNELS:
        dispatcher.utter_message(json_message={"progress": None})
