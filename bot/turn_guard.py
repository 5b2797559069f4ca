"""A turn is all or nothing: when a custom action fails while the Rasa server handles a
message, nothing of that turn is kept, and the person is told to send it again, with
what to do if a child is in danger.

Rasa 3.6 catches an exception from a custom action (the action server down, or
answering an error), logs it with the action server's error body (which can hold the
whole conversation) and carries on without the action's events: the form would lose
the answer, a submission would look done, and a disclosure would go unanswered. Here:

* `ActionFailureWatch`, a logging filter on Rasa's processor logger, sees that record,
  marks the turn in hand as failed and drops the record (a short one without the body
  is logged instead);
* the conversation store does not save a failed turn (bot/tracker_store.py), so the
  conversation stays as it was before the message;
* the channel (bot/channels/turns.py) replies with `TURN_FAILED_REPLY`.

Each message is handled in its own asyncio task, so the turn in hand is a context
variable. Pure standard library; nothing from backend/.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

logger = logging.getLogger(__name__)

#: Said, whatever failed, instead of the failed turn's replies.
SAFETY_SIGNPOST = (
    "If a child is in immediate danger, call 999 now, then contact the Access and "
    "Response Team straight away."
)
TURN_FAILED_REPLY = (
    "Sorry, something went wrong on our side and I couldn't take that message. Nothing "
    "you told me before it is lost: please send it again in a minute. " + SAFETY_SIGNPOST
)
#: Said instead when the failed turn's message reads as a disclosure: it is kept and
#: passed on to the team once it can be (bot/outage_disclosures.py).
OUTAGE_DISCLOSURE_REPLY = (
    "If a child is in immediate danger, call 999 now. Then contact the Access and "
    "Response Team straight away so they can act today. Something went wrong on our "
    "side just now: I'll pass what you said on to the team as soon as I can, but please "
    "don't wait for that."
)
# How Rasa's processor starts the record of a failed custom action (rasa 3.6.21).
_FAILED_ACTION_RECORD = "Encountered an exception while running action '"
PROCESSOR_LOGGER = "rasa.core.processor"


@dataclass
class Turn:
    failed_action: str | None = None

    @property
    def failed(self) -> bool:
        return self.failed_action is not None


_current: ContextVar[Turn | None] = ContextVar("hsb_turn", default=None)


@contextmanager
def watching_turn() -> Iterator[Turn]:
    """The turn handled inside the block, marked failed if an action fails in it."""
    turn = Turn()
    token = _current.set(turn)
    try:
        yield turn
    finally:
        _current.reset(token)


def current_turn_failed() -> bool:
    turn = _current.get()
    return turn is not None and turn.failed


class ActionFailureWatch(logging.Filter):
    """Marks the turn failed on Rasa's "Encountered an exception while running action"
    record, and drops that record: its traceback carries the action server's reply."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.msg if isinstance(record.msg, str) else ""
        if not message.startswith(_FAILED_ACTION_RECORD):
            return True
        action = message[len(_FAILED_ACTION_RECORD) :].split("'", 1)[0]
        turn = _current.get()
        if turn is not None:
            turn.failed_action = action
        error = record.exc_info[1] if record.exc_info else None
        logger.error(
            "the action %s failed (%s); the turn is not kept",
            action,
            type(error).__name__ if error else "unknown error",
        )
        return False


_WATCH = ActionFailureWatch()


def install() -> None:
    """Watch Rasa's processor (once, however often called)."""
    processor = logging.getLogger(PROCESSOR_LOGGER)
    if _WATCH not in processor.filters:
        processor.addFilter(_WATCH)
