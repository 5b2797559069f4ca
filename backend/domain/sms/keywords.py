"""The SMS keywords Twilio acts on, and what an incoming text is. Pure.

Twilio's own opt-out handling blocks further texts to a number that sends an opt-out
keyword (sends then fail with error 21610) and lifts the block on an opt-in keyword,
but the message still reaches the webhook. The webhook mirrors that: an opt-out puts
the number on the service's own suppression list (never answered), an opt-in takes it
off. "YES" is an opt-in keyword for Twilio but also an everyday answer, so it counts as
an opt-in only from a number that has opted out.
"""

from __future__ import annotations

import re
from typing import Literal

Keyword = Literal["stop", "start", "help"]

# https://help.twilio.com/articles/223134027 (default opt-out, opt-in and help keywords)
STOP_WORDS = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
)
START_WORDS = frozenset({"START", "UNSTOP"})
START_WORDS_WHEN_OPTED_OUT = START_WORDS | {"YES"}
HELP_WORDS = frozenset({"HELP", "INFO"})

_EDGES = re.compile(r"^[\s.!?,;:'\"]+|[\s.!?,;:'\"]+$")


def _word(text: str) -> str:
    return _EDGES.sub("", text or "").upper()


def keyword_of(text: str, *, opted_out: bool = False) -> Keyword | None:
    """The keyword the whole message is (case and surrounding punctuation ignored)."""
    word = _word(text)
    if word in STOP_WORDS:
        return "stop"
    if word in (START_WORDS_WHEN_OPTED_OUT if opted_out else START_WORDS):
        return "start"
    if word in HELP_WORDS:
        return "help"
    return None
