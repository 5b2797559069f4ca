"""Odd input through the real stack (issue 11, items 1, 5 and 7): one broken character
never silences the safety net or loses a submission; empty and control-only messages
get a kind reply without an error; "carry on" after coming back is not an answer."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from bot.input_gate import EMPTY_REPLY, SPELLED_OUT_REPLY
from scripts.harness.chat import Chat, texts
from scripts.harness.referral_script import asked_slot
from scripts.harness.stack import Stack
from scripts.harness.staff_api import new_token, newest_flagged_reference
from tests.e2e.test_referral_conversations import fetch_record

pytestmark = pytest.mark.e2e

SURROGATE = "\ud83d"  # sent as the JSON escape "\\ud83d", as the attacker did


def raw_post(stack: Stack, sender: str, text: str) -> httpx.Response:
    return httpx.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        # ASCII JSON: a surrogate goes as the escape "\ud83d", as a client can send it
        content=json.dumps({"sender": sender, "message": text}),
        headers={"Content-Type": "application/json"},
        timeout=60,
    )


def error_lines(stack: Stack) -> list[str]:
    lines = []
    for name in ("rasa", "actions", "backend"):
        path = stack.workdir / f"{name}.log"
        lines += [x for x in path.read_text(errors="replace").splitlines() if " ERROR " in x]
    return lines


def test_an_unpaired_surrogate_does_not_silence_the_safety_net(stack: Stack) -> None:
    chat = Chat(stack.rasa_url)
    response = raw_post(stack, chat.sender, f"I'd like to make a referral {SURROGATE}")
    assert response.status_code == 200
    assert asked_slot(response.json()) == "referrer_name"
    # inside a word it leaves the name unreadable: asked again, not guessed at
    response = raw_post(stack, chat.sender, f"Jo{SURROGATE}anna Smith")
    assert response.status_code == 200
    assert asked_slot(response.json()) == "referrer_name"
    response = raw_post(stack, chat.sender, f"Jo Smith {SURROGATE}")
    assert response.status_code == 200
    assert asked_slot(response.json()) == "referrer_role"
    replies = chat.say("I'm worried, she is in danger right now at home")
    assert "call 999" in texts(replies)
    token = new_token(stack, "odd-input", "admin")
    record = fetch_record(stack, token, newest_flagged_reference(stack, token))
    spoken = " ".join(t["text"] for t in record["transcript"])
    assert "I'd like to make a referral" in spoken and "\ufffd" in spoken


@pytest.mark.parametrize("text", ["", "   ", "\x85", "\u2028", "\x1f" * 12, "\u200b\n\t"])
def test_empty_and_control_only_messages_get_a_kind_reply(stack: Stack, text: str) -> None:
    before = len(error_lines(stack))
    response = raw_post(stack, "odd-empty", text)
    assert response.status_code == 200
    assert texts(response.json()) == EMPTY_REPLY
    assert len(error_lines(stack)) == before


def test_a_message_too_long_is_refused_with_the_limit(stack: Stack) -> None:
    response = raw_post(stack, "odd-long", "a" * 10_000)
    assert response.status_code == 400
    assert re.search(r"under 2,000 characters", response.json()["error"])


def test_carry_on_after_coming_back_is_not_taken_as_the_answer(stack: Stack) -> None:
    chat = Chat(stack.rasa_url)
    chat.say("I'd like to make a referral")
    assert asked_slot(chat.say("Jo Smith")) == "referrer_role"
    assert "keep your answers" in texts(chat.say("I need to go, can I finish later?"))
    assert asked_slot(chat.say("I'm back")) == "referrer_role"
    replies = chat.say("carry on")
    assert "OK, carrying on." in texts(replies)
    assert asked_slot(replies) == "referrer_role"
    assert asked_slot(chat.say("social worker")) == "referrer_organisation"


FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F) if chr(c).isalpha()}


def test_a_disclosure_in_full_width_letters_gets_the_safety_message_and_is_not_a_name(
    stack: Stack, staff_token: str
) -> None:
    """Found probing the web chat: "he's alone with the kids tonight" in full-width
    letters at "what's your name?" got no safety message and became the referrer's name."""
    chat = Chat(stack.rasa_url)
    assert asked_slot(chat.say("I'd like to make a referral")) == "referrer_name"
    disclosure = "".join(FULL_WIDTH.get(c, c) for c in "he's alone with the kids tonight")
    replies = chat.say(disclosure)
    assert "call 999" in texts(replies)
    assert asked_slot(replies) in (None, "referrer_name")  # not taken as the name
    record = fetch_record(stack, staff_token, newest_flagged_reference(stack, staff_token))
    assert disclosure in " ".join(t["text"] for t in record["transcript"])
    assert (record["referrer"] or {}).get("name") is None


def test_a_disclosure_spelled_out_letter_by_letter_gets_the_safety_message_and_is_flagged(
    stack: Stack, staff_token: str
) -> None:
    """Found probing the web chat: "h e ' s  a l o n e  w i t h  t h e  k i d s
    t o n i g h t" got a softer message and no flag. The gate reads it as words."""
    chat = Chat(stack.rasa_url)
    assert asked_slot(chat.say("I'd like to make a referral")) == "referrer_name"
    spelled = "  ".join(" ".join(w) for w in "he's alone with the kids tonight".split())
    replies = chat.say(spelled)
    assert "call 999" in texts(replies)
    assert asked_slot(replies) in (None, "referrer_name")
    record = fetch_record(stack, staff_token, newest_flagged_reference(stack, staff_token))
    assert "he's alone with the kids tonight" in " ".join(t["text"] for t in record["transcript"])
    assert (record["referrer"] or {}).get("name") is None
    # without gaps between its words it cannot be read: asked for words, with the 999
    # line, and (as a message too long) kept by the page to send again
    response = raw_post(stack, chat.sender, " ".join("hesalonewiththekidstonight"))
    assert response.status_code == 400
    assert response.json() == {"error": SPELLED_OUT_REPLY, "code": "spelled_out"}
    assert "call 999" in SPELLED_OUT_REPLY
