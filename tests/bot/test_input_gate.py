"""The input gate every channel uses (bot/input_gate.py): any string in, clean text or a
kind reply out, never an exception."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.input_gate import (
    EMPTY_REPLY,
    NOT_TEXT_REPLY,
    PAYLOAD_REPLY,
    Gated,
    clean_text,
    gate,
    too_long_reply,
    typed_payload,
)

LIMIT = 2000

# Every code point, surrogates included: a JSON "\ud83d" arrives as one.
any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=300)
odd_characters = st.sampled_from(
    ["\ud83d", "\udc00", "\x00", "\x1f", "\x85", "\u2028", "\u2029", "\u200b", "\u202e",
     "\ufeff", "\ufffe", "\U0010ffff", "\r\n", "\t", "\u00a0", "e\u0301", "👩‍👧"]
)  # fmt: skip
mixed_text = st.lists(st.one_of(any_text, odd_characters), max_size=12).map("".join)


@given(mixed_text)
@example("hello \ud83d")
@example("\x1f" * 50)
@settings(max_examples=600)
def test_cleaning_any_string_gives_valid_normal_text(raw: str) -> None:
    text = clean_text(raw)
    text.encode("utf-8")  # no unpaired surrogate survives: it would raise here
    assert unicodedata.is_normalized("NFC", text)
    assert text == text.strip()
    assert "  " not in text and "\n\n" not in text and "\t" not in text
    for char in text:
        assert char == "\n" or unicodedata.category(char) not in ("Cc", "Cs", "Cn")
    assert clean_text(text) == text  # cleaning once is enough


@given(st.one_of(mixed_text, st.none(), st.integers(), st.lists(st.text())))
@settings(max_examples=400)
def test_the_gate_never_raises_and_either_passes_text_or_replies(raw: object) -> None:
    gated = gate(raw, LIMIT)
    if gated.passed:
        assert gated.text and len(gated.text) <= LIMIT and gated.reason is None
    else:
        assert gated.text == "" and gated.reply and gated.reason


@pytest.mark.parametrize(
    "raw", ["", "   ", "\x85", "\u2028", "\x1f" * 20, "\u200b\ufeff", "\n\t\n"]
)
def test_empty_whitespace_and_control_only_messages_get_a_kind_reply(raw: str) -> None:
    assert gate(raw, LIMIT).reply == EMPTY_REPLY


def test_an_unpaired_surrogate_becomes_the_replacement_character() -> None:
    assert gate("hello \ud83d", LIMIT).text == "hello \ufffd"


def test_a_message_that_is_not_text_is_refused() -> None:
    assert gate({"text": "hi"}, LIMIT).reply == NOT_TEXT_REPLY


def test_too_long_messages_are_refused_with_the_limit_and_not_read() -> None:
    assert gate("a" * (LIMIT + 1), LIMIT).reply == too_long_reply(LIMIT)
    assert gate("a" * (LIMIT * 100), LIMIT).reason == "too_long"
    # Characters the gate removes do not count against the limit.
    assert gate("a" * LIMIT + "\u200b" * 10, LIMIT).passed


def test_lines_and_spaces_are_tidied_and_accents_composed() -> None:
    tidied = clean_text("  Dan \t Wright \r\n\r\n\r\n  social   worker ")
    assert tidied == "Dan Wright\nsocial worker"
    assert clean_text("Zoe\u0308") == "Zoë"
    assert clean_text("right\u202eto left\u200b") == "rightto left"


@pytest.mark.parametrize(
    "typed",
    ["/restart", "/immediate_risk", '/inform{"referrer_name": "Sam"}', "//session_start",
     "/affirm@1.0", "/inform [1, 2]"],
)  # fmt: skip
def test_a_typed_payload_is_answered_without_the_bot(typed: str) -> None:
    assert typed_payload(typed) == Gated("", PAYLOAD_REPLY, "payload")


@pytest.mark.parametrize(
    ("typed", "words"),
    [("/ he is 14 and lives in Yate", "he is 14 and lives in Yate"), ("/ hello", "hello")],
)  # fmt: skip
def test_other_text_after_a_slash_is_read_as_its_words(typed: str, words: str) -> None:
    assert typed_payload(typed) == Gated(words)


def test_a_lone_slash_is_an_empty_message_and_plain_text_is_no_payload() -> None:
    assert typed_payload("//").reply == EMPTY_REPLY
    assert typed_payload("hello /restart") is None


@given(mixed_text)
def test_reading_a_typed_payload_never_raises(raw: str) -> None:
    text = clean_text(raw)
    typed_payload("/" + text)
