"""The one door every typed message comes through, whatever the channel.

What a person types may be any string a client can send: broken Unicode (an unpaired
surrogate from a JSON escape, which only fails later, when encrypted), invisible control
and formatting characters, odd line separators, nothing but spaces, or a whole document.
`clean_text` makes it valid, normal text once, at the edge, so nothing behind it
(the model, the parsers, the encryption of the record) ever sees such input; `gate`
adds the length limit and says what to answer instead when there is nothing to pass on.

Pure standard library: the channels (bot/channels) use it inside the Rasa server, and
the tests run it anywhere.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from bot.spelled_out import rejoined, spelled_without_gaps
from bot.turn_guard import SAFETY_SIGNPOST

EMPTY_REPLY = (
    "I didn't get any words there. Please type your answer, or say 'don't know' if you "
    "don't know it."
)
NOT_TEXT_REPLY = "Sorry, I can only read typed messages. Please type your answer."
SPELLED_OUT_REPLY = (
    "I can't read words spelled out letter by letter. Please type it as ordinary words. "
    + SAFETY_SIGNPOST
)


def too_long_reply(limit: int) -> str:
    return (
        f"Your message is too long for me to take in one go. Please keep it under "
        f"{limit:,} characters, or send it in parts."
    )


# Kept from the "format" category: joiners that emoji and some scripts need.
_KEPT_FORMAT = frozenset({"\u200c", "\u200d"})
# Line breaks of every kind become "\n" before whitespace is collapsed.
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n(?:[ ]*\n)+")
# Longer input is refused without being read: cleaning it would cost time for nothing.
_READ_AT_MOST_FACTOR = 4


def _valid_unicode(text: str) -> str:
    """Unpaired surrogates (which cannot be encoded) replaced by U+FFFD."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _kept(char: str) -> bool:
    if char in "\n\t":
        return True
    category = unicodedata.category(char)
    if category in ("Cc", "Cs", "Cn") or (category == "Cf" and char not in _KEPT_FORMAT):
        return False
    # Noncharacters (U+FDD0..U+FDEF, U+xFFFE, U+xFFFF) are for internal use only.
    code = ord(char)
    return not (0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE)


def clean_text(raw: str) -> str:
    """Valid, NFC-normalised text with control and formatting characters removed, line
    breaks as "\\n", words spelled out letter by letter joined (bot/spelled_out.py), runs
    of spaces as one space, no blank lines, no edge whitespace."""
    text = _LINE_BREAKS.sub("\n", _valid_unicode(raw))
    text = "".join(char for char in unicodedata.normalize("NFC", text) if _kept(char))
    lines = (_SPACES.sub(" ", rejoined(line)).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n", "\n".join(lines)).strip()


@dataclass(frozen=True)
class Gated:
    """The clean text to pass on, or the reply to send instead (then text is "")."""

    text: str
    reply: str | None = None
    reason: str | None = None  # for logs: empty, too_long, not_text

    @property
    def passed(self) -> bool:
        return self.reply is None


def gate(raw: Any, max_chars: int) -> Gated:
    """The text a channel passes to the bot, or what to answer instead. Never raises."""
    if not isinstance(raw, str):
        return Gated("", NOT_TEXT_REPLY, "not_text")
    if len(raw) > max_chars * _READ_AT_MOST_FACTOR:
        return Gated("", too_long_reply(max_chars), "too_long")
    text = clean_text(raw)
    if not text:
        return Gated("", EMPTY_REPLY, "empty")
    if len(text) > max_chars:
        return Gated("", too_long_reply(max_chars), "too_long")
    if any(spelled_without_gaps(line) for line in text.split("\n")):
        return Gated("", SPELLED_OUT_REPLY, "spelled_out")
    return Gated(text)


PAYLOAD_REPLY = (
    "That looks like a command, and I can only take messages in words. Please type what "
    "you'd like to say."
)
# Rasa's intent payload: "/intent", "/intent@0.9", '/intent{"entity": "value"}'.
_PAYLOAD_SHAPE = re.compile(r"/+[\w-]+(?:@[\d.]*)?\s*(?:\{.*\}|\[.*\])?\s*", re.DOTALL)


def typed_payload(text: str) -> Gated | None:
    """What to do with a typed message starting with "/" that is not a button just
    offered (Rasa would act on it as an intent payload): one shaped like a payload
    ("/restart", '/inform{"name": ...}') is answered without the bot; any other is
    read as the words after the slashes. None when the text does not start with "/"."""
    if not text.startswith("/"):
        return None
    if _PAYLOAD_SHAPE.fullmatch(text):
        return Gated("", PAYLOAD_REPLY, "payload")
    words = text.lstrip("/").strip()
    return Gated(words) if words else Gated("", EMPTY_REPLY, "empty")
