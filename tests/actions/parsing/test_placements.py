"""Where and with whom the young person lives, said over several clauses
(actions/parsing/status_facts.py, young_person_facts.py): "has lived with her current
foster carer, Mrs Reeve, in Bradley Stoke", "placed with my carers ... in Longwell
Green", "who has lived at Oakwood Lodge, our children's home in Frampton Cotterell",
"it's now just mum and the brothers at home". Each form is read; the place they lived
before, the writer's own base, family carers and other people's homes are not."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing import extract_facts
from actions.parsing.status_facts import status_facts

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("text", "lives_with", "town"),
    [
        (
            "She was first placed in Bath, but since the summer she has lived with her current"
            " foster carer, Mrs Angela Reeve, in Bradley Stoke.",
            "foster",
            "Bradley Stoke",
        ),
        (
            "Re the lad placed with my carers Steve & Julie Marsh in Longwell Green",
            "foster",
            "Longwell Green",
        ),
        (
            "I am writing to refer Tyler, who has lived at Oakwood Lodge, our children's home in"
            " Frampton Cotterell, since March.",
            "residential",
            "Frampton Cotterell",
        ),
    ],
)
def test_a_placement_described_over_several_clauses(text: str, lives_with: str, town: str) -> None:
    read = extract_facts(text, TODAY)
    assert (read.get("lives_with"), read.get("yp_location")) == (lives_with, town)


@pytest.mark.parametrize(
    "text",
    [
        "He was previously placed in Bath.",
        "She was first placed in Yate.",
        "I'm based in our office in Kingswood.",
    ],
)
def test_a_place_lived_before_or_the_writers_base_is_not_where_they_live(text: str) -> None:
    assert "yp_location" not in extract_facts(text, TODAY)


@given(
    st.sampled_from(["my", "our", "his", "the"]),
    st.sampled_from(["Steve & Julie", "Mr and Mrs Patel", ""]),
)
def test_a_child_placed_with_carers_is_fostered(whose: str, names: str) -> None:
    assert (
        status_facts(f"he is placed with {whose} carers {names}".strip())["lives_with"] == "foster"
    )


@pytest.mark.parametrize(
    ("text", "lives_with"),
    [
        ("he is placed with kinship carers, his aunt and uncle", "kinship"),
        ("she is placed with family carers", None),
        ("mum says the carers have been great", None),
    ],
)
def test_carers_who_are_family_or_not_placed_with_are_not_foster_carers(
    text: str, lives_with: str | None
) -> None:
    assert status_facts(text).get("lives_with") == lives_with


@pytest.mark.parametrize(
    ("text", "lives_with"),
    [
        (
            "Dad moved out last year, so it's now just mum and the two younger brothers at home.",
            "one_parent",
        ),
        ("He's at home with his nan and grandad.", "kinship"),
        ("It's not mum at home, it's his aunt.", None),
        ("It is a quiet time at home.", None),
    ],
)
def test_who_is_at_home(text: str, lives_with: str | None) -> None:
    assert status_facts(text.lower()).get("lives_with") == lives_with
