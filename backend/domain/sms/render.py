"""The bot's replies as text messages. Pure, apart from the small memory of options.

A reply with buttons becomes its text and a short numbered list of the buttons'
titles; the next text from that number that is just one of those numbers is taken as
that button's payload (``OptionMemory``). Images and custom payloads have no SMS form
and are left out. Consecutive replies are packed into as few texts as fit within the
segment limit (``segments.pack``).
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from backend.domain.sms import segments

_NUMBER = re.compile(r"\s*(\d{1,2})\s*[.)]?\s*")


@dataclass(frozen=True)
class RenderedReplies:
    texts: list[str]
    # The payloads of the last reply's buttons, in the order they were numbered.
    options: list[str]


def render_one(reply: Mapping[str, Any]) -> tuple[str, list[str]]:
    """One bot message as text, and its buttons' payloads in the numbered order."""
    text = str(reply.get("text") or "").strip()
    buttons = [b for b in reply.get("buttons") or [] if isinstance(b, Mapping)]
    titles = [str(b.get("title") or b.get("payload") or "").strip() for b in buttons]
    payloads = [str(b.get("payload") or b.get("title") or "").strip() for b in buttons]
    if not buttons:
        return text, []
    listed = "\n".join(f"{number} {title}" for number, title in enumerate(titles, start=1))
    return f"{text}\nReply with a number or in your own words:\n{listed}".strip(), payloads


def render(replies: Iterable[Mapping[str, Any]], max_segments: int) -> RenderedReplies:
    bodies: list[str] = []
    options: list[str] = []
    for reply in replies:
        text, payloads = render_one(reply)
        if text:
            bodies.append(text)
            options = payloads  # only the latest message's buttons can be answered
    return RenderedReplies(segments.pack(bodies, max_segments), options)


class OptionMemory:
    """The numbered options last sent to each sender, for a while (in memory only: after
    a restart a bare number is passed on as it is and the bot asks again)."""

    def __init__(self, ttl_seconds: float = 48 * 3600, max_senders: int = 10_000) -> None:
        self._ttl = ttl_seconds
        self._max = max_senders
        self._options: OrderedDict[str, tuple[float, list[str]]] = OrderedDict()

    def remember(self, sender: str, options: list[str]) -> None:
        self._options.pop(sender, None)
        if options:
            self._options[sender] = (time.monotonic() + self._ttl, list(options))
            while len(self._options) > self._max:
                self._options.popitem(last=False)

    def expand(self, sender: str, text: str) -> str:
        """The payload of the option the text names by number, else the text itself."""
        entry = self._options.get(sender)
        match = _NUMBER.fullmatch(text or "")
        if entry is None or match is None:
            return text
        expires, options = entry
        if time.monotonic() > expires:
            self._options.pop(sender, None)
            return text
        number = int(match.group(1))
        return options[number - 1] if 1 <= number <= len(options) else text
