"""STOP, START and HELP as Twilio knows them; YES restarts texts only after a STOP."""

from __future__ import annotations

import pytest

from backend.domain.sms.keywords import keyword_of


@pytest.mark.parametrize(
    "text", ["STOP", "stop", " Stop. ", "STOPALL", "unsubscribe", "Cancel", "END", "quit!"]
)
def test_opt_out_words(text: str) -> None:
    assert keyword_of(text) == "stop"
    assert keyword_of(text, opted_out=True) == "stop"


@pytest.mark.parametrize("text", ["START", "start", "Unstop"])
def test_opt_in_words(text: str) -> None:
    assert keyword_of(text) == "start"


def test_yes_is_an_answer_unless_the_number_opted_out() -> None:
    assert keyword_of("Yes") is None
    assert keyword_of("yes", opted_out=True) == "start"


@pytest.mark.parametrize("text", ["HELP", "info", "help?"])
def test_help_words(text: str) -> None:
    assert keyword_of(text) == "help"


@pytest.mark.parametrize(
    "text", ["please stop texting me about the other one", "I can't help", "", "don't know"]
)
def test_sentences_are_not_keywords(text: str) -> None:
    assert keyword_of(text) is None
