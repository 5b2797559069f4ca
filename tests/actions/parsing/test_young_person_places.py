"""Where the young person lives, said in running text: in a clause about them after
"who lives", as a bare town after their name and date of birth, or beside where they
live (actions/parsing/young_person_facts.py)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing import extract_facts

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("I've been supporting a 13-year-old lad called Finley Ward who lives with his gran "
         "in Yate.", "Yate"),
        ("A report made against Jayden Whitlock, date of birth 19 March 2012, of Filton.",
         "Filton"),
        ("Referral for Leo Fitzgerald, 15 (DOB 05/12/2010), Bradley Stoke.", "Bradley Stoke"),
        ("lives with mum only, Emersons Green", "Emersons Green"),
    ],
)  # fmt: skip
def test_where_the_young_person_lives_in_running_text(text: str, town: str) -> None:
    assert extract_facts(text, TODAY).get("yp_location") == town


@pytest.mark.parametrize(
    "text",
    [
        "I'm based in Kingswood and work with a lad who is 14.",  # the writer's place
        "I work in Yate, and the lad who lives with his nan is 14.",
        "Our office, Yate",  # a bare town with nothing about the young person
        "14 year old boy, Yate, of Thornbury",  # two places: neither
    ],
)
def test_a_place_not_said_to_be_the_young_persons_is_not_read(text: str) -> None:
    assert "yp_location" not in extract_facts(text, TODAY)


@given(st.sampled_from(["Yate", "Filton", "Kingswood", "Thornbury"]))
def test_a_writer_in_a_town_is_not_where_the_young_person_lives(town: str) -> None:
    text = f"I'm based in {town} and I'm referring a 14 year old boy."
    assert extract_facts(text, TODAY).get("yp_location") != town


def test_a_town_after_a_name_and_age_between_commas() -> None:
    text = "Ethan Cole, 15, of Thornbury, was given a youth caution on 1 December."
    assert extract_facts(text, TODAY)["yp_location"] == "Thornbury"


def test_a_town_after_a_name_and_a_number_that_is_no_age_between_commas_is_not_read() -> None:
    assert "yp_location" not in extract_facts("Unit 4, Station Road, Thornbury", TODAY)
