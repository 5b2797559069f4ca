"""Don't-know, yes/no and hedged answers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing import is_dont_know, parse_yes_no, parse_yes_no_unknown, parse_yes_no_unsure
from actions.parsing.answers import is_greeting


@pytest.mark.parametrize(
    "text",
    [
        "don't know",
        "dont know",
        "Don’t know.",
        "I do not know",
        "not sure",
        "Not sure 🤷",
        "unsure",
        "no idea",
        "dk",
        "DK",
        "idk",
        "not known",
        "unknown",
        "can't say",
        "cant say",
        "I'm not certain",
        "not yet known",
        "dunno",
        "no clue",
        "haven't a clue",
        "TBC",
        "need to check",
        "I'd have to check",
        "not sure to be honest",
        "I don't know his date of birth",
        "can't remember",
    ],
)
def test_dont_know(text: str) -> None:
    assert is_dont_know(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "yes",
        "no",
        "14",
        "not known to social care",
        "not sure, maybe 14",
        "not sure but I think she's at Yate Academy",
        "don't know, probably in the summer",
        "I know",
        "Yate Academy",
        "unknownish 2011",
    ],
)
def test_not_dont_know(text: str) -> None:
    assert not is_dont_know(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", "yes"),
        ("Yes!", "yes"),
        ("y", "yes"),
        ("yep", "yes"),
        ("yeah", "yes"),
        ("yup 👍", "yes"),
        ("👍", "yes"),
        ("✅", "yes"),
        ("Yes he is", "yes"),
        ("yes, I am", "yes"),
        ("correct", "yes"),
        ("that's right", "yes"),
        ("That’s correct.", "yes"),
        ("I am", "yes"),
        ("I'm the allocated SW", "yes"),
        ("im the allocated sw", "yes"),
        ("absolutely", "yes"),
        ("of course", "yes"),
        ("sure", "yes"),
        ("he has been, yes", "yes"),
        ("she is", "yes"),
        ("they have agreed", "yes"),
        ("right", "yes"),
        ("yes he is living with his nan", "yes"),
        ("aye", "yes"),
        ("no", "no"),
        ("No.", "no"),
        ("NO!!!", "no"),
        ("n", "no"),
        ("nope", "no"),
        ("nah", "no"),
        ("no, not me", "no"),
        ("not me", "no"),
        ("I'm not", "no"),
        ("I am not", "no"),
        ("he isn't", "no"),
        ("she's not", "no"),
        ("they don't", "no"),
        ("never", "no"),
        ("not really", "no"),
        ("not yet", "no"),
        ("absolutely not", "no"),
        ("👎", "no"),
        ("that's wrong", "no"),
    ],
)
def test_yes_no(text: str, expected: str) -> None:
    assert parse_yes_no(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "dont know",
        "not sure",
        "I think so",
        "probably",
        "maybe",
        "I don't think so",
        "hopefully",
        "sort of",
        "yes and no",
        "yes/no",
        "there is no plan",
        "right, so he's not",
        # a statement that merely opens like an echo answer is not a yes
        "he's living with his nan while mum decides what to do",
        "he's been interviewed under caution and released on bail",
        "right so he is staying at his gran's for now",
        "she's got a meeting with the school next week",
        "banana",
        "Yate Academy",
        "👍👎",
    ],
)
def test_yes_no_refuses_unclear(text: str) -> None:
    assert parse_yes_no(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", "yes"),
        ("nope", "no"),
        ("don't know", "unknown"),
        ("not sure", "unknown"),
        ("no idea", "unknown"),
        ("Not yet known.", "unknown"),
        ("I think so", None),
        ("probably not", None),
        ("hmm", None),
    ],
)
def test_yes_no_unknown(text: str, expected: str | None) -> None:
    assert parse_yes_no_unknown(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", "yes"),
        ("yes she is", "yes"),
        ("no", "no"),
        ("no, not safe", "no"),
        ("unsure", "unsure"),
        ("not sure", "unsure"),
        ("don't know", "unsure"),
        ("I think so", "unsure"),
        ("yes, I think so", "unsure"),
        ("probably", "unsure"),
        ("hopefully", "unsure"),
        ("I don't think so", "unsure"),
        ("maybe", "unsure"),
        ("it depends", "unsure"),
        ("👍", "yes"),
        ("", None),
        ("purple", None),
    ],
)
def test_yes_no_unsure(text: str, expected: str | None) -> None:
    assert parse_yes_no_unsure(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello", True),
        ("Hi there!", True),
        ("good morning", True),
        ("Morning all", True),
        ("hello hello", True),
        ("hello I'd like to make a referral", False),
        ("hi, social worker", False),
        ("Eve", False),
        ("", False),
    ],
)
def test_a_greeting_alone(text: str, expected: bool) -> None:
    assert is_greeting(text) is expected


@given(st.text(max_size=80))
def test_is_greeting_reads_any_text(text: str) -> None:
    assert is_greeting(text) in (True, False)
