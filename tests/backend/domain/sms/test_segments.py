"""Counting SMS segments the way carriers do, GSM-7 and UCS-2, and keeping every text
within a limit by splitting at sensible places and packing short replies together."""

from __future__ import annotations

import pytest

from backend.domain.sms import segments


@pytest.mark.parametrize(
    ("text", "encoding", "count"),
    [
        ("", "GSM-7", 0),
        ("a" * 160, "GSM-7", 1),
        ("a" * 161, "GSM-7", 2),
        ("a" * 306, "GSM-7", 2),
        ("a" * 307, "GSM-7", 3),
        ("€" * 80, "GSM-7", 1),  # an extension character takes two septets
        ("€" * 81, "GSM-7", 2),
        ("a" * 70 + "😀", "UCS-2", 2),  # one emoji: the whole text is UCS-2
        ("é" * 160, "GSM-7", 1),  # é is in the GSM alphabet
        ("ê" * 70, "UCS-2", 1),  # ê is not
        ("ê" * 71, "UCS-2", 2),
        ("ê" * 134, "UCS-2", 2),
        ("ê" * 135, "UCS-2", 3),
    ],
)
def test_segments_are_counted_per_encoding(text: str, encoding: str, count: int) -> None:
    counted = segments.count(text)
    assert counted.encoding == encoding
    assert counted.segments == count


def test_a_two_unit_character_is_never_split_across_segments() -> None:
    # 152 septets, then an escape pair that would straddle the 153-septet boundary
    assert segments.count("a" * 152 + "€" + "a" * 10).segments == 2
    assert segments.count("a" * 152 + "€" + "a" * 152).segments == 3
    # a surrogate pair (emoji) at the 67-unit boundary of UCS-2
    assert segments.count("ê" * 66 + "😀" + "ê" * 66).segments == 3


def test_typographic_punctuation_becomes_gsm7_so_an_apostrophe_costs_nothing() -> None:
    text = "We\u2019d only send the reference \u2014 nothing else\u2026"
    assert segments.encoding_of(text) == "UCS-2"
    assert segments.normalise(text) == "We'd only send the reference - nothing else..."
    assert segments.encoding_of(segments.normalise(text)) == "GSM-7"


@pytest.mark.parametrize("limit", [1, 2, 3])
@pytest.mark.parametrize(
    "text",
    [
        "Where has it happened? " * 40,
        "ê" * 500,
        "word " * 300,
        "x" * 1000,  # nowhere to break: cut hard
        "First paragraph.\n\n" + "Second paragraph has more words. " * 20,
    ],
)
def test_no_part_of_a_split_text_exceeds_the_limit(text: str, limit: int) -> None:
    parts = segments.split(text, limit)
    assert parts
    assert all(segments.count(part).segments <= limit for part in parts)
    # nothing is lost but the whitespace at the breaks
    assert "".join(parts).replace(" ", "").replace("\n", "") == segments.normalise(text).replace(
        " ", ""
    ).replace("\n", "")


def test_texts_are_split_at_paragraphs_and_sentences_before_words() -> None:
    text = "A" * 200 + ".\n\n" + "B" * 150
    assert segments.split(text, 2) == ["A" * 200 + ".", "B" * 150]
    sentences = "This is one sentence. " * 12
    parts = segments.split(sentences, 1)
    assert all(part.endswith(".") for part in parts)


def test_short_replies_are_packed_into_one_text_when_they_fit() -> None:
    assert segments.pack(["Thanks.", "What's their date of birth?"], 3) == [
        "Thanks.\n\nWhat's their date of birth?"
    ]
    long = "z" * 400
    packed = segments.pack(["Thanks.", long], 3)
    assert packed[0].startswith("Thanks.")
    assert all(segments.count(p).segments <= 3 for p in packed)
