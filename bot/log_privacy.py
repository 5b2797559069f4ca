"""What the Rasa server's logs may say: events and identifiers, never what was typed.

Rasa and the libraries under it put message text and conversation data into some
records: an exception's message or traceback can quote the input or carry the action
server's reply (the whole conversation), and the warnings about intent payloads
("/intent{...}") quote the payload, and Rasa quotes whole conversation ids. `install`
makes every record that reaches the server's log handlers carry the error's type in
place of its traceback and only the start of a conversation id, and silences the
payload warnings. The channels' own records never carry text (see
bot/channels/safe_logging.py). Pure standard library; nothing from backend/.
"""

from __future__ import annotations

import logging
import re
import warnings

# Rasa's warnings that quote a typed intent payload or its arguments (rasa 3.6.21).
PAYLOAD_WARNINGS = (
    r"Failed to parse arguments in line",
    r"Invalid entity specification",
    r"Parsed an (intent|entity) '",
)


class TypesNotTracebacks(logging.Filter):
    """A record with an exception keeps the exception's type, not its text or traceback
    (which may quote input or carry a whole conversation). Our own loggers (bot.*)
    never attach one with text; everyone else's is trimmed."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
            record.msg = f"{record.getMessage()} [{type(error).__name__}]"
            record.args = None
        return True


# A conversation's id, as Rasa quotes it ("for sender '...'"): whoever has a web chat's
# id can continue that conversation, so a log shows only its first characters.
_QUOTED_SENDER = re.compile(r"(sender(?: id)? ')([^']{9,})(')")


class ShortConversationIds(logging.Filter):
    """Rasa's own records quote conversation ids in full; keep eight characters."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("rasa"):
            message = record.getMessage()
            shortened = _QUOTED_SENDER.sub(lambda m: f"{m[1]}{m[2][:8]}…{m[3]}", message)
            if shortened != message:
                record.msg, record.args = shortened, None
        return True


_FILTERS = (TypesNotTracebacks(), ShortConversationIds())


def install() -> None:
    """On every handler of the root logger, and for Python's warnings (idempotent)."""
    for handler in logging.getLogger().handlers:
        for log_filter in _FILTERS:
            if log_filter not in handler.filters:
                handler.addFilter(log_filter)
    for pattern in PAYLOAD_WARNINGS:
        warnings.filterwarnings("ignore", message=pattern)
