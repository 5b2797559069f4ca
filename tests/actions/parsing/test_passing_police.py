"""Police involvement and outcome said in passing (actions/parsing/passing_facts.py,
status_facts.police_facts): in a call's account or a note's sentence, never someone
else's record."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing.passing_facts import passing_facts
from actions.parsing.status_facts import police_facts

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("text", "involved", "status"),
    [
        (
            "We interviewed him last month and he's been released under investigation, so "
            "it's still open on our side.",
            "yes",
            "open",
        ),
        (
            "The police weren't involved - the strategy meeting was social care and health only.",
            "no",
            "none",
        ),
        ("He was convicted in September of sexual assault.", "yes", "convicted"),
        ("He's on a Youth Rehabilitation Order.", "yes", "convicted"),
        ("SW aware (Charlotte Evans). Police not informed.", "no", "none"),
        ("Police not yet informed.", "no", "none"),
        ("Social care: not open. Police: no involvement.", "no", "none"),
    ],
)
def test_police_said_in_passing_is_read(text: str, involved: str, status: str) -> None:
    facts = passing_facts(text, TODAY)
    assert (facts["police_involved"], facts["police_status"]) == (involved, status)


@pytest.mark.parametrize(
    "text",
    [
        # someone else's record
        "His dad was convicted of sexual offences years ago.",
        "His older brother has been released under investigation.",
        # two readings that disagree
        "Police were involved at first. Police not informed of the latest incident.",
    ],
)
def test_police_not_clearly_the_young_persons_is_left_unread(text: str) -> None:
    assert "police_status" not in passing_facts(text, TODAY)


def test_a_police_form_line_with_an_outcome_is_that_outcome() -> None:
    assert police_facts("police: no further action.") == {
        "police_involved": "yes",
        "police_status": "no_further_action",
    }


@given(st.text(max_size=300))
def test_any_text_gives_police_facts_from_the_allowed_values(text: str) -> None:
    facts = passing_facts(text, TODAY)
    assert facts.get("police_involved") in (None, "yes", "no")
    if "police_status" in facts:
        assert facts["police_involved"] == ("no" if facts["police_status"] == "none" else "yes")
