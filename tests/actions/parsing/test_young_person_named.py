"""The young person's name said on a call before anyone asked for it
(actions/parsing/young_person_named.py): only with words that make it theirs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing.young_person_named import young_person_named


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        (
            "I'm calling to refer one of our Year 7 boys. His name's Oscar Lindley.",
            {"yp_first_name": "Oscar", "yp_last_name": "Lindley"},
        ),
        (
            "Yes, to the HSB service. The young person is Tia, T-I-A, surname Lennox.",
            {"yp_first_name": "Tia", "yp_last_name": "Lennox"},
        ),
        (
            "He's Jacob Lane, date of birth the 12th of December 2010.",
            {"yp_first_name": "Jacob", "yp_last_name": "Lane"},
        ),
        (
            "Referral for the HSB service. Young person is Mason Gray, DOB 09/07/2013.",
            {"yp_first_name": "Mason", "yp_last_name": "Gray"},
        ),
        (
            "I've got a lad I'm worried about and he needs your service. Aiden Cartwright.",
            {"yp_first_name": "Aiden", "yp_last_name": "Cartwright"},
        ),
        ("Her name is Maisie, she's 13.", {"yp_first_name": "Maisie"}),
    ],
)
def test_the_young_persons_name_is_read_from_the_words_that_give_it(
    turn: str, expected: dict[str, str]
) -> None:
    assert young_person_named(turn) == expected


@pytest.mark.parametrize(
    "turn",
    [
        # someone else's name
        "His social worker, her name's Steph Gordon.",
        "His mum is lovely, her name is Carol Lane.",
        "She's Angela Byrne, the foster carer.",
        "Hi, it's Tom Hadley from the family hub.",
        # a child described before "his name's": the child named
        "A boy in his class, his name's Josh Smith, said he touched him.",
        # a name on its own after talk of someone else
        "His cousin told her mum about it. Aiden Cartwright.",
        "Rob Mitchell.",
        # no capitalised name
        "his name's in the file somewhere.",
        "He's Year 10, 15 years old.",
    ],
)
def test_a_name_not_said_to_be_the_young_persons_is_not_read(turn: str) -> None:
    assert young_person_named(turn) == {}


def test_a_name_the_call_gave_someone_else_is_never_the_young_persons() -> None:
    turn = "Referral for the service. Young person is Sam Okoro, DOB 01/02/2012."
    assert young_person_named(turn, frozenset({"sam okoro", "sam", "okoro"})) == {}


@given(st.text(max_size=300))
def test_any_text_is_read_without_error_and_every_name_is_in_it(text: str) -> None:
    for value in young_person_named(text).values():
        assert value in text


@given(
    st.sampled_from(["His name's", "The young person is", "Her name is"]),
    st.from_regex(r"[A-Z][a-z]{2,8}", fullmatch=True),
    st.from_regex(r"[A-Z][a-z]{2,8}", fullmatch=True),
)
def test_a_name_given_after_the_words_for_it_comes_back_as_written(
    lead: str, first: str, last: str
) -> None:
    found = young_person_named(f"{lead} {first} {last}.")
    for value in found.values():
        assert value in (first, last)
