"""The turn guard (bot/turn_guard.py) and the Rasa server's log privacy filter
(bot/log_privacy.py), with real logging records of the shape Rasa 3.6.21 writes."""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Iterator

import pytest

from bot import log_privacy, turn_guard

SECRET = "Zebedee Quartermaine 03/04/2012"


class Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.lines.append(logging.Formatter("%(name)s %(message)s").format(record))


@pytest.fixture
def kept() -> Iterator[Kept]:
    handler = Kept()
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def rasa_logs_a_failed_action(action: str) -> None:
    """What rasa.core.processor._run_action logs when a custom action fails."""
    try:
        raise RuntimeError(f'Failed to execute custom action: {{"tracker": "{SECRET}"}}')
    except RuntimeError:
        logging.getLogger("rasa.core.processor").exception(
            f"Encountered an exception while running action '{action}'."
            "Bot will continue, but the actions events are lost. "
            "Please check the logs of your action server for more information."
        )


def test_a_failed_action_marks_the_turn_and_its_record_never_reaches_the_log(
    kept: Kept,
) -> None:
    turn_guard.install()
    with turn_guard.watching_turn() as turn:
        rasa_logs_a_failed_action("validate_referral_form")
        assert turn_guard.current_turn_failed()
    assert turn.failed_action == "validate_referral_form"
    assert not turn_guard.current_turn_failed()  # outside the turn
    text = "\n".join(kept.lines)
    assert SECRET not in text
    assert "the action validate_referral_form failed (RuntimeError)" in text


def test_turns_in_concurrent_tasks_are_kept_apart() -> None:
    turn_guard.install()

    async def one(fails: bool) -> bool:
        with turn_guard.watching_turn() as turn:
            await asyncio.sleep(0.01)
            if fails:
                rasa_logs_a_failed_action("action_submit_referral")
            await asyncio.sleep(0.01)
            return turn.failed

    async def both() -> list[bool]:
        return list(await asyncio.gather(one(True), one(False)))

    assert asyncio.run(both()) == [True, False]


def test_other_records_pass_and_no_turn_is_marked(kept: Kept) -> None:
    turn_guard.install()
    with turn_guard.watching_turn() as turn:
        logging.getLogger("rasa.core.processor").warning("Circuit breaker tripped.")
    assert not turn.failed
    assert "Circuit breaker tripped." in "\n".join(kept.lines)


def test_a_library_record_keeps_the_errors_type_not_its_text(kept: Kept) -> None:
    kept.addFilter(log_privacy.TypesNotTracebacks())
    try:
        raise ValueError(f"could not parse {SECRET}")
    except ValueError:
        logging.getLogger("rasa.core.channels.channel").exception("An exception occurred")
    (record,) = kept.records
    assert record.exc_info is None and record.exc_text is None
    assert kept.lines == ["rasa.core.channels.channel An exception occurred [ValueError]"]


def test_payload_warnings_are_silenced() -> None:
    with warnings.catch_warnings(record=True) as caught:
        # catch_warnings(record=True) resets the filters: apply ours inside it
        log_privacy.install()
        for message in (
            f"Failed to parse arguments in line '/inform{{{SECRET}}}'.",
            f"Invalid entity specification: {SECRET}.",
            "something else entirely",
        ):
            warnings.warn(message, UserWarning, stacklevel=1)
    assert [str(w.message) for w in caught] == ["something else entirely"]


def test_rasa_records_show_only_the_start_of_a_conversation_id(kept: Kept) -> None:
    kept.addFilter(log_privacy.ShortConversationIds())
    sender = "691ed116-2f7a-4c55-9d3e-0c4b5a6f7e81"
    logging.getLogger("rasa.core.processor").warning(
        "Circuit breaker tripped. Stopped predicting more actions for sender '%s'.", sender
    )
    assert kept.lines == [
        "rasa.core.processor Circuit breaker tripped. Stopped predicting more actions for "
        "sender '691ed116…'."
    ]
