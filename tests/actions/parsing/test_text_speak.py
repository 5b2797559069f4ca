"""Text-speak spelled out before a note is read (actions/parsing/text_speak.py), and what
the note reader then reads from it."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing.notes import read_note
from actions.parsing.significant_adult import SUPPORTS_IN_SESSIONS
from actions.parsing.text_speak import spelled_out

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("mum sed yes 2 referral", "mum said yes to referral"),
        ("he doesnt want 2 come", "he doesn't want to come"),
        ("mum happy 2 b the adult", "mum happy to be the adult"),
        ("lives w mum only", "lives with mum only"),
        ("lives w/mum", "lives with mum"),
        ("lives w Lisa in Patchway", "lives with Lisa in Patchway"),
        ("hes at Mangotsfield School now", "he's at Mangotsfield School now"),
        ("Shes 14", "She's 14"),
        ("seen b4 in yr 9", "seen before in year 9"),
        ("can u call yr manager pls", "can you call your manager please"),
        ("cant come tho", "can't come though"),
        ("mum agrees to referal", "mum agrees to referral"),  # a misspelling
        ("Refferals", "Referrals"),
    ],
)
def test_text_speak_is_spelled_out(typed: str, meant: str) -> None:
    assert spelled_out(typed) == meant


@pytest.mark.parametrize(
    "text",
    [
        "J W Smith",  # initials
        "w/c 3rd December",  # week commencing
        "he has 2 brothers",  # a number
        "a 14 yr old boy",
        "DOB 2/2/2012",
        "U.S. citizen",
        "Mr Hes Patel",
    ],
)
def test_numbers_initials_and_names_are_left_as_written(text: str) -> None:
    assert spelled_out(text) == text


def test_a_text_speak_note_is_read() -> None:
    read = {
        f.slot: f.value
        for f in read_note(
            "- yp: Connor Edwrds - sorry, Edwards - 13yo, dob 21/4/13\n"
            "- lives w mum only\n"
            "- school: Lyde Green Primary - no sorry hes at Mangotsfield School now",
            TODAY,
        )
    }
    assert (read["yp_first_name"], read["yp_last_name"]) == ("Connor", "Edwards")
    assert read["yp_date_of_birth"] == "2013-04-21"
    assert read["lives_with"] == "one_parent"
    assert read["yp_education_setting"] == "Mangotsfield School"


def test_a_young_person_not_wanting_to_come_is_no_adult_offering_to() -> None:
    assert not SUPPORTS_IN_SESSIONS.search(spelled_out("jaxon sed no, he doesnt want 2 come"))
    assert SUPPORTS_IN_SESSIONS.search(spelled_out("mum happy 2 b the adult"))


_DIGITS = re.compile(r"\d+")


@given(st.text(alphabet=st.characters(blacklist_characters="24"), max_size=120))
def test_spelling_out_keeps_every_number(text: str) -> None:
    # "2" and "4" alone may be words ("2 come", "b4"); every other number stays
    assert _DIGITS.findall(spelled_out(text)) == _DIGITS.findall(text)
