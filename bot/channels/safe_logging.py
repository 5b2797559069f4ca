"""How the channels log a message they failed to handle: never its content."""

from __future__ import annotations

import logging


def log_failure(logger: logging.Logger, what: str, sender: str, error: BaseException) -> None:
    """Logs '<what> <sender>… (<error type>)'. The exception's message may quote what
    was typed, so only its type is logged; the traceback only at DEBUG level (where Rasa
    itself logs message text anyway)."""
    logger.error(
        "%s %s… (%s)",
        what,
        sender,
        type(error).__name__,
        exc_info=logger.isEnabledFor(logging.DEBUG),
    )
