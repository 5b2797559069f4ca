"""Finishing a referral later, anywhere, through the real stack's web chat channel: a
pause gives a resume code; a new conversation (another tab or device) that gives it
carries on at the next missing question with every earlier answer kept. A wrong code, a
used one and an expired one are refused kindly; repeated wrong guesses are locked out.
The web chat is told, before each question, which part of the referral it is in."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from actions.resume_codes import MAX_FAILURES, new_code
from bot.nlu.resume_code_format import grouped
from scripts.harness.chat import Chat, texts
from scripts.harness.referral_script import asked_slot
from scripts.harness.stack import Stack
from tests.e2e.test_conversation_restart import answer
from tests.e2e.test_referral_conversations import (
    CRITERIA_MET_OPENING,
    criteria_met_answers,
    fetch_record,
    reference_in,
    years_ago,
)

pytestmark = pytest.mark.e2e

NAME = "Perpetua Quillfeather"
PAUSE = "I need to go, can I finish later?"
CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b")
REFUSED = "that code doesn't open a referral"
LOCKED = "too many codes that didn't match"


def code_given(replies: list[dict[str, Any]]) -> str:
    match = CODE.search(texts(replies))
    assert match, texts(replies)
    return match.group(0)


def progress_in(replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r["custom"]["progress"] for r in replies if "progress" in (r.get("custom") or {})]


def paused_referral(stack: Stack, answers: dict[str, str], questions: int) -> tuple[Chat, str, str]:
    """A web chat referral with `questions` answered, paused: the chat, its code and the
    question it was waiting on."""
    chat, asked = Chat(stack.rasa_url, channel="webchat"), []
    replies = answer(chat, chat.say(CRITERIA_MET_OPENING), answers, asked, questions)
    pending = asked_slot(replies)
    assert pending is not None, chat.transcript()
    return chat, code_given(chat.say(PAUSE)), pending


def test_a_paused_referral_is_finished_in_another_conversation(
    stack: Stack, staff_token: str
) -> None:
    dob = years_ago(14)
    answers = {**criteria_met_answers(dob), "referrer_name": NAME}
    first, asked = Chat(stack.rasa_url, channel="webchat"), []
    replies = first.say(CRITERIA_MET_OPENING)
    shown = progress_in(replies)
    replies = answer(first, replies, answers, asked, 4)
    shown += progress_in(replies)
    pending = asked_slot(replies)
    assert pending is not None and "referrer_name" in asked, first.transcript()
    # Progress came with the questions, and fewer questions are left as they are answered.
    assert shown and shown[0]["part"] == 1 and shown[0]["parts"] == 6, shown
    assert shown[-1]["questions_left"] < shown[0]["questions_left"], shown

    code = code_given(first.say(PAUSE))

    elsewhere = Chat(stack.rasa_url, channel="webchat")
    assert elsewhere.sender != first.sender
    wrong = grouped(new_code())
    refused = elsewhere.say(f"resume {wrong}")
    assert REFUSED in texts(refused) and asked_slot(refused) is None, elsewhere.transcript()

    replies = elsewhere.say(f"resume {code.lower()}")
    assert "Welcome back" in texts(replies), elsewhere.transcript()
    assert asked_slot(replies) == pending, elsewhere.transcript()
    assert progress_in(replies)[-1]["questions_left"] == shown[-1]["questions_left"]
    after: list[str] = []
    replies = answer(elsewhere, replies, answers, after)
    assert not set(asked) & set(after), f"asked again:\n{elsewhere.transcript()}"
    reference = reference_in(texts(replies))
    assert {"progress": None} in [r.get("custom") for r in replies]  # the page stops showing it
    record = fetch_record(stack, staff_token, reference)
    assert record["referrer"]["name"] == NAME  # answered before the pause, elsewhere
    assert record["young_person"]["date_of_birth"] == dob.isoformat()
    assert record["source"] == "web"
    kept = str(record).upper()
    assert code not in kept and code.replace("-", "") not in kept  # nor in its transcript

    # The code worked once; the first tab is told its referral moved, once.
    assert REFUSED in texts(Chat(stack.rasa_url, channel="webchat").say(f"resume {code}"))
    moved = first.say("carry on")
    assert "carried on in another tab or device" in texts(moved), first.transcript()


def test_an_expired_code_is_refused(stack: Stack) -> None:
    answers = criteria_met_answers(years_ago(14))
    _, code, _ = paused_referral(stack, answers, 1)
    with sqlite3.connect(Path(stack.env["RESUME_CODES_PATH"])) as store:
        store.execute("UPDATE codes SET expires_at = 0")  # as if the retention period passed
    replies = Chat(stack.rasa_url, channel="webchat").say(f"resume {code}")
    assert REFUSED in texts(replies) and "Welcome back" not in texts(replies)


def test_repeated_wrong_codes_are_locked_out(stack: Stack) -> None:
    answers = criteria_met_answers(years_ago(14))
    _, code, _ = paused_referral(stack, answers, 1)
    guesser = Chat(stack.rasa_url, channel="webchat")
    for _ in range(MAX_FAILURES):
        assert REFUSED in texts(guesser.say(f"resume {grouped(new_code())}"))
    # Locked out: even the right code is refused now, and says nothing of its answers.
    replies = guesser.say(f"resume {code}")
    assert LOCKED in texts(replies) and asked_slot(replies) is None, guesser.transcript()
    # Another conversation may still redeem it.
    replies = Chat(stack.rasa_url, channel="webchat").say(f"resume {code}")
    assert "Welcome back" in texts(replies)
