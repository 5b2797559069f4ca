"""Transcripts at the edges of what the bot's transcript channel reads, found by the
fuzz (tests/fuzz): the API answers each for what it is, never with 503 "please try
again in a minute", which no retry could change.

* a referrer whose every turn is only control or formatting characters said nothing
  readable (the backend reads turns as the bot's input gate does): 422, saying so;
* a transcript within the API's limits in a script written without ASCII is relayed as
  UTF-8, well inside the channel's body limit, and read: 201.
"""

from __future__ import annotations

import json
import random
from typing import Any

import httpx
import pytest

from scripts.harness.stack import Stack

pytestmark = pytest.mark.e2e


def post(stack: Stack, token: str, transcript: str) -> httpx.Response:
    return httpx.post(
        f"{stack.backend_url}/api/transcripts",
        content=json.dumps({"transcript": transcript}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=120,
    )


def turns(*pairs: tuple[str, str]) -> str:
    return json.dumps([{"speaker": speaker, "text": text} for speaker, text in pairs])


def test_a_referrer_who_said_nothing_readable_is_told_so_not_to_try_again(
    stack: Stack, art_token: str
) -> None:
    transcript = turns(
        ("ART", "Access and Response Team, how can I help?"),
        ("Caller", "\u0001\u0002"),
        ("ART", "Sorry, I didn't catch that."),
        ("Caller", "\u200b\ufeff\u009c"),
    )
    response = post(stack, art_token, transcript)
    assert response.status_code == 422, (response.status_code, response.text)
    assert "Only one speaker was found" in response.json()["detail"]


def test_a_long_transcript_within_the_limits_is_read_whatever_its_script(
    stack: Stack, art_token: str
) -> None:
    rng = random.Random(7)
    said = "".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(9_990))
    lines = ["ART: Access and Response Team, how can I help?",
             "Caller: Hi, I'd like to make a referral"]  # fmt: skip
    for _ in range(9):
        lines += ["ART: Go on.", f"Caller: {said}"]
    transcript = "\n".join(lines)
    assert len(transcript) < 100_000
    response = post(stack, art_token, transcript)
    answer: Any = response.json() if response.content else None
    assert response.status_code == 201, (response.status_code, answer)
