"""The child an account of the concern describes as harmed: read only around words of
harm where words for a child are too, by relationship and age, never by name."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing.harmed_in_account import harmed_child_in_account


@pytest.mark.parametrize(
    ("sentence", "relationship", "age"),
    [
        ("The concern is he's been touching his 5 year old cousin when the families meet.",
         "cousin", "5"),
        ("Mum reports Sam has been touching his 6yo sister inappropriately at bath time.",
         "sibling", "6"),
        ("Convicted last month of sexual assault of a 13yo female peer.", "peer", "13"),
        ("She was found in bed with her 8-year-old half-brother.", "half-sibling", "8"),
        ("He exposed himself to two younger boys, aged 7 and 9, at the park.",
         "younger child", "7-9"),
        # the child who told, before "told": the account opens with them
        ("Pupil B (Y8 girl, 12) told her tutor that Ethan had touched her.", "classmate",
         "12"),
        ("A girl in his class, she's 11, told us he's been pulling her skirt up.",
         "classmate", "11"),
        ("He has been asking younger boys at his football club (aged about 11-12) to send "
         "him pictures.", "younger child", "11-12"),
        # what was sent may be described at length before whom it went to
        ("He's been sending sexual messages and pictures of himself to a 12 year old girl "
         "he met on Xbox.", "online contact", "12"),
        ("she sent explicit videos of herself to her 14 yo boyfriend", "partner", "14"),
        ("Sent nudes to a 13 year old girl from another school over half term.", "peer", "13"),
    ],
)  # fmt: skip
def test_the_child_the_account_describes(sentence: str, relationship: str, age: str) -> None:
    child = harmed_child_in_account(sentence)
    assert child is not None
    assert (child["relationship"], child["age"]) == (relationship, age)


@pytest.mark.parametrize(
    "sentence",
    [
        # a child named with no harm
        "Kieran lives with his mum and his younger sister (aged 8) in Yate.",
        # harm with no child
        "He was touching himself in class.",
        "He has been found searching for sexual images online.",
        "She sent a message to her mum saying sorry.",
        # the child's name never reaches the description
        "",
    ],
)
def test_no_child_where_the_account_describes_none(sentence: str) -> None:
    assert harmed_child_in_account(sentence) is None


def test_a_name_in_the_account_is_never_kept() -> None:
    child = harmed_child_in_account("He's been touching his cousin Lily, 5, at weekends.")
    assert child is not None
    assert "Lily" not in str(child)


@given(st.text(max_size=300))
def test_any_text_is_read_without_error(text: str) -> None:
    child = harmed_child_in_account(text)
    assert child is None or set(child) <= {"relationship", "age", "count"}
