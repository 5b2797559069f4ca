"""The education setting."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing import parse_education
from actions.parsing.education import OUR_PUPIL, school_of
from actions.parsing.notes import read_note


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yate Academy", "Yate Academy"),
        ("yate academy", "Yate Academy"),
        ("YATE ACADEMY", "Yate Academy"),
        ("he goes to Yate Academy, year 9", "Yate Academy"),
        ("she attends Chipping Sodbury School but is often absent", "Chipping Sodbury School"),
        ("in year 10 at the castle school", "The Castle School"),
        ("he's at Filton College", "Filton College"),
        ("St Mary's CE Primary", "St Mary's CE Primary"),
        ("st marys ce primary", "St Marys CE Primary"),
        ("Brimsham Green School 😊", "Brimsham Green School"),
        ("college", "college"),
        ("College.", "college"),
        ("a special school", "special school"),
        ("secondary school", "secondary school"),
        ("the pru", "PRU"),
        ("permanently excluded, now at the PRU", "PRU"),
        ("not in education", "none"),
        ("NEET", "none"),
        ("excluded, no school place", "none"),
        ("not attending anywhere", "none"),
        ("none", "none"),
        ("home educated", "home educated"),
        ("EHE", "home educated"),
        ("don't know", "unknown"),
    ],
)
def test_education(text: str, expected: str) -> None:
    assert parse_education(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "yes",
        "12345",
        "he used to go to a school near his old house before the family moved out of the area "
        "a couple of years ago",
    ],
)
def test_education_refused(text: str) -> None:
    assert parse_education(text) is None


@pytest.mark.parametrize(
    ("organisation", "school"),
    [
        ("Brimsham Vale Academy in Yate", "Brimsham Vale Academy"),
        ("Hambrook Fields School", "Hambrook Fields School"),
        ("SGS College, Filton campus", "SGS College"),
        ("Avon and Somerset Police", None),
        ("South Glos CAMHS", None),
    ],
)
def test_the_school_an_organisation_names(organisation: str, school: str | None) -> None:
    assert school_of(organisation) == school


@pytest.mark.parametrize(
    "words",
    [
        "I would like to refer one of our pupils, Kieran Masters",
        "I'm calling to refer one of our Year 7 boys",
        "DSL at Yate Vale Academy - he's a pupil here, yr 8.",
        "Student: Ethan Pollard   Year: 11",
    ],
)
def test_words_saying_the_young_person_is_one_of_the_writers_pupils(words: str) -> None:
    assert OUR_PUPIL.search(words)


@pytest.mark.parametrize(
    "words",
    [
        "a girl in his class told a teacher",
        "our school nurse saw him",
        "his sister is a pupil at Yate Academy",
        "One of our year 8 boys, Ethan, told me his brother has been touching him.",
    ],
)
def test_words_not_saying_so(words: str) -> None:
    assert OUR_PUPIL.search(words) is None


@given(st.text(max_size=120))
def test_the_school_of_any_organisation_is_within_it(organisation: str) -> None:
    school = school_of(organisation)
    assert school is None or school in organisation


def test_a_note_from_a_schools_dsl_about_one_of_its_pupils_gives_the_school() -> None:
    note = (
        "I am the Designated Safeguarding Lead at Brimsham Vale Academy in Yate and I would "
        "like to refer one of our pupils, Kieran Masters (DOB 03/05/2011).\n"
    )
    read = {fact.slot: fact.value for fact in read_note(note, date(2026, 12, 4))}
    assert read["yp_education_setting"] == "Brimsham Vale Academy"


def test_a_note_from_a_school_about_a_child_elsewhere_gives_no_school() -> None:
    note = (
        "I am the Designated Safeguarding Lead at Brimsham Vale Academy and I would like to "
        "refer Kieran Masters (DOB 03/05/2011), whose sister attends here.\n"
    )
    read = {fact.slot: fact.value for fact in read_note(note, date(2026, 12, 4))}
    assert "yp_education_setting" not in read
