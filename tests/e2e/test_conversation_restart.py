"""On the embedded default (no Redis) the Rasa server keeps conversations in a local
SQLite file (bot/conversation_storage.py): killed mid-referral and started again, it
carries on at the question it had asked, with every earlier answer kept, and the file
never holds what was typed in plaintext."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from scripts.harness.chat import Chat, texts
from scripts.harness.referral_script import CONFIRM_PROMPT, asked_slot
from scripts.harness.stack import Stack, make_stack, train_model
from tests.e2e.test_referral_conversations import (
    CRITERIA_MET_OPENING,
    criteria_met_answers,
    fetch_record,
    reference_in,
    years_ago,
)

pytestmark = pytest.mark.e2e

NAME = "Ottoline Brackenbury"
ACCOUNT = (
    "He was found touching his 8 year old half-sister inappropriately at home; "
    "she told her teacher about the marmalade lighthouse game."
)
ANSWERED_BEFORE_THE_RESTART = 4


@pytest.fixture(scope="module")
def sqlite_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    train_model()
    stack = make_stack(tmp_path_factory.mktemp("restart-stack"), tracker_store_url="")
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()


def answer(
    chat: Chat,
    replies: list[dict[str, Any]],
    answers: Mapping[str, str],
    asked: list[str],
    questions: int = 200,
) -> list[dict[str, Any]]:
    """Answers up to `questions` questions; returns the replies that ask the next one."""
    for _ in range(questions):
        slot = asked_slot(replies)
        if slot is None:
            break
        assert slot in answers, f"the bot asked for {slot} unexpectedly:\n{chat.transcript()}"
        asked.append(slot)
        replies = chat.say(answers[slot])
    return replies


def at_rest(stack: Stack) -> bytes:
    path = Path(stack.env["TRACKER_STORE_PATH"])
    parts = (path, Path(f"{path}-wal"), Path(f"{path}-shm"))
    return b"".join(part.read_bytes() for part in parts if part.exists())


def staff_token(stack: Stack) -> str:
    output = stack.cli("create-token", "--name", "e2e-restart", "--role", "admin")
    match = re.search(r"[A-Za-z0-9_\-]{32,}", output)
    assert match, output
    return match.group(0)


def test_a_referral_survives_a_restart_of_the_rasa_server(sqlite_stack: Stack) -> None:
    stack = sqlite_stack
    dob = years_ago(14)
    answers = {**criteria_met_answers(dob), "referrer_name": NAME, "concern_description": ACCOUNT}

    # Where the conversation goes next without a restart.
    reference, reference_asked = Chat(stack.rasa_url), []
    replies = reference.say(CRITERIA_MET_OPENING)
    replies = answer(reference, replies, answers, reference_asked, ANSWERED_BEFORE_THE_RESTART + 1)
    expected_next = asked_slot(replies)

    chat, before = Chat(stack.rasa_url), []
    replies = chat.say(CRITERIA_MET_OPENING)
    replies = answer(chat, replies, answers, before, ANSWERED_BEFORE_THE_RESTART)
    pending = asked_slot(replies)
    assert pending is not None and "referrer_name" in before, chat.transcript()
    assert Path(stack.env["TRACKER_STORE_PATH"]).exists()

    started = time.monotonic()
    stack.restart("rasa", kill=True)  # as in a crash: nothing is written on the way out
    print(f"\nRasa server killed and up again in {time.monotonic() - started:.0f} s")

    # The pending question is answered; the bot goes on as it would have without a restart.
    restarted_at, after = len(chat.log), [pending]
    replies = chat.say(answers[pending])
    assert asked_slot(replies) == expected_next, chat.transcript()
    replies = answer(chat, replies, answers, after)
    assert "HSB-" in texts(replies), chat.transcript()
    # The summary read back before submission, after the restart, has the earlier answers.
    said_since = "\n".join(text for who, text in chat.log[restarted_at:] if who == "bot")
    assert CONFIRM_PROMPT in said_since and NAME in said_since, chat.transcript()
    assert not set(before) & set(after), f"asked again after the restart:\n{chat.transcript()}"

    record = fetch_record(stack, staff_token(stack), reference_in(texts(replies)))
    assert record["referrer"]["name"] == NAME  # answered before the restart
    assert record["referrer"]["role"] == "social worker"  # from the opening message
    assert record["young_person"]["date_of_birth"] == dob.isoformat()
    assert record["concern"]["description"] == ACCOUNT  # answered after it

    stored = at_rest(stack)
    assert stored, "the conversation is kept in the stack's own SQLite file"
    # Long strings only: a sealed conversation is stored as base64 text, in which a short
    # word such as "Yate" turns up by chance (it did once in CI).
    for typed in (NAME, "Brackenbury", "marmalade lighthouse", chat.conversation_id):
        assert typed.encode() not in stored, f"{typed!r} is readable in the conversation file"
