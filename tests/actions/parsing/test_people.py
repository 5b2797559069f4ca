"""Gender, the professional's role and the significant adult's relationship."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing import parse_gender, parse_relationship, parse_role


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("male", "male"),
        ("Male.", "male"),
        ("M", "male"),
        ("boy", "male"),
        ("a lad", "male"),
        ("he", "male"),
        ("he/him", "male"),
        ("young man", "male"),
        ("female", "female"),
        ("F", "female"),
        ("girl 👧", "female"),
        ("she", "female"),
        ("she/her", "female"),
        ("non-binary", "non-binary"),
        ("Non binary", "non-binary"),
        ("NB", "non-binary"),
        ("they/them", "non-binary"),
        ("trans boy", "trans boy"),
        ("Identifies as female", "identifies as female"),
        ("gender fluid", "gender fluid"),
        ("questioning", "questioning"),
        ("prefer not to say", "prefer not to say"),
        ("other", "other"),
        ("don't know", "unknown"),
    ],
)
def test_gender(text: str, expected: str) -> None:
    assert parse_gender(text) == expected


@pytest.mark.parametrize("text", ["", "blue", "he is 14", "yes", "boy or girl", "12"])
def test_gender_refused(text: str) -> None:
    assert parse_gender(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SW", "social worker"),
        ("sw", "social worker"),
        ("s/w", "social worker"),
        ("social worker", "social worker"),
        ("Social Worker.", "social worker"),
        ("socail worker", "social worker"),
        ("I'm her social worker", "social worker"),
        ("I’m his allocated SW", "social worker"),
        ("senior social worker at South Glos", "social worker"),
        ("DSL", "teacher/DSL"),
        ("Deputy DSL", "teacher/DSL"),
        ("designated safeguarding lead", "teacher/DSL"),
        ("I'm the DSL at Yate Academy", "teacher/DSL"),
        ("teacher", "teacher/DSL"),
        ("head of year", "teacher/DSL"),
        ("teacher/DSL", "teacher/DSL"),
        ("school nurse", "school nurse"),
        ("police officer", "police officer"),
        ("PC", "police officer"),
        ("DC Smith", "police officer"),
        ("detective constable", "police officer"),
        ("PCSO", "PCSO"),
        ("YOT worker", "YOT worker"),
        ("YOT", "YOT worker"),
        ("youth justice", "YOT worker"),
        ("youth offending team", "YOT worker"),
        ("health visitor", "health visitor"),
        ("GP", "GP"),
        ("CAMHS practitioner", "CAMHS practitioner"),
        ("camhs clinician", "CAMHS practitioner"),
        ("family support worker", "family support worker"),
        ("FSW", "family support worker"),
        ("SENCo", "SENCo"),
        ("SENDCo", "SENCo"),
        ("I'm a youth worker at the hub", "youth worker"),
        ("Youth Worker", "youth worker"),
        ("I work as a paediatrician", "paediatrician"),
        ("EHCP coordinator", "EHCP coordinator"),
        ("Independent Reviewing Officer", "independent reviewing officer"),
    ],
)
def test_role(text: str, expected: str) -> None:
    assert parse_role(text) == expected


@pytest.mark.parametrize(
    "text", ["", "don't know", "I'd rather not say", "12345", "no", "why do you need that"]
)
def test_role_refused(text: str) -> None:
    assert parse_role(text) is None


# A greeting given to "what's your role?" was taken as the role ("hello").
@pytest.mark.parametrize(
    "text",
    ["hello", "hi", "Hi!", "good morning", "Good afternoon :)", "hiya", "hey there", "morning all"],
)
def test_a_greeting_is_not_a_role(text: str) -> None:
    assert parse_role(text) is None


def test_a_greeting_before_a_role_keeps_the_role() -> None:
    assert parse_role("hi, social worker") == "social worker"
    assert parse_role("Good morning, I'm the DSL") == "teacher/DSL"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mum", "mum"),
        ("Mum", "mum"),
        ("his dad", "dad"),
        ("her mom, Sarah", "mum"),
        ("Jake's mum", "mum"),
        ("Mum's partner", "mum's partner"),
        ("foster carer", "foster carer"),
        ("foster carers", "foster carer"),
        ("grandmother", "grandmother"),
        ("she's his grandmother", "grandmother"),
        ("her nan", "nan"),
        ("Granny", "gran"),
        ("step-dad", "stepdad"),
        ("Auntie", "aunt"),
        ("the young person's older sister", "older sister"),
        ("a family friend", "family friend"),
        ("key worker", "key worker"),
        # who they are, not where
        ("His key worker at the home", "key worker"),
        ("her mentor from the youth club", "mentor"),
        ("the teacher at his school", "teacher"),
    ],
)
def test_relationship(text: str, expected: str) -> None:
    assert parse_relationship(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "don't know", "no one", "nobody", "12", "hello how are you today my friend", "not sure"],
)
def test_relationship_refused(text: str) -> None:
    assert parse_relationship(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("her auntie's fine with it and she'll be the one coming with her", "aunt"),
        ("mum's happy to", "mum"),
        ("Mum is happy to attend", "mum"),
        # a possessive that is itself the relationship stays
        ("Mum's partner", "mum's partner"),
        ("she's his grandmother", "grandmother"),
        ("Jake's mum", "mum"),
    ],
)
def test_a_relationship_ends_where_something_is_said_of_them(text: str, expected: str) -> None:
    assert parse_relationship(text) == expected


@given(st.text(max_size=80))
def test_any_text_gives_no_relationship_or_a_short_lower_case_one(text: str) -> None:
    found = parse_relationship(text)
    assert found is None or (found == found.lower() and 0 < len(found) <= 60)
