"""Corrections sent in a note or a follow-up text (actions/parsing/note_corrections.py):
a value given with the one it replaces, a year put right, two corrections in one
sentence, and the young person named by whose surname is corrected. Each form is read;
a sentence with "not" that corrects nothing is left alone."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing.note_corrections import (
    corrected_values,
    corrects,
    named_in_correction,
)
from actions.parsing.notes import read_note

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    "sentence",
    [
        "Also his surname is Harris, not Harrison.",
        "Sorry forgot to say she's actually 13 not 12, her birthday was last week",
        "sorry 2014 shd be 2013 so hes 13 not 12",
        "Typo on the form.",
    ],
)
def test_a_sentence_that_corrects_says_so(sentence: str) -> None:
    assert corrects(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Mum is happy, not worried.",
        "He is in year 9 not at school at the moment.",
        "Police are not involved.",
        "She is not open to social care.",
    ],
)
def test_a_sentence_with_not_that_corrects_nothing_is_no_correction(sentence: str) -> None:
    assert not corrects(sentence)


@given(st.integers(5, 18), st.integers(5, 18), st.sampled_from(["he's", "she is", "they're"]))
def test_an_age_given_with_the_one_it_replaces_is_the_new_one(
    new: int, old: int, subject: str
) -> None:
    sentence = f"sorry, {subject} actually {new} not {old}"
    assert corrects(sentence)
    assert corrected_values(sentence, TODAY, None)["yp_age"] == new


@given(st.integers(2008, 2016), st.integers(2008, 2016))
def test_a_year_put_right_changes_the_year_of_the_date_of_birth(old: int, new: int) -> None:
    found = corrected_values(f"sorry {old} shd be {new}", TODAY, f"09/08/{old}")
    assert found["yp_date_of_birth"] == f"09/08/{new}"


def test_a_year_put_right_leaves_a_date_of_birth_in_another_year_alone() -> None:
    assert "yp_date_of_birth" not in corrected_values("2014 should be 2013", TODAY, "09/08/2012")


def test_two_corrections_in_one_sentence_are_both_read() -> None:
    found = corrected_values(
        "Amira's surname is Khan not Kahn, and her school is Bradley Stoke Community School"
        " not Winterbourne",
        TODAY,
        None,
    )
    assert found["yp_last_name"] == "Khan"
    assert found["yp_education_setting"] == "Bradley Stoke Community School"


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("sorry, Amira's surname is Khan not Kahn", "Amira"),
        ("Mum's surname is Doyle not Boyle", None),
        ("Amira is in year 9", None),
    ],
)
def test_whose_surname_a_correction_gives(sentence: str, name: str | None) -> None:
    assert named_in_correction(sentence) == name


def test_a_correction_text_gives_the_young_persons_name_and_corrected_values() -> None:
    read = {
        f.slot: f.value
        for f in read_note(
            "Hi, Sophie from Unity Sexual Health again - sorry, Amira's surname is Khan not"
            " Kahn. Thanks",
            TODAY,
        )
    }
    assert (read["yp_first_name"], read["yp_last_name"]) == ("Amira", "Khan")
