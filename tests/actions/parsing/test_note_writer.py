"""The writer of a pasted note from its sign-off (actions/parsing/note_writer.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing.note_writer import signature_facts


def _signed(lines: list[str]) -> dict[str, str]:
    return {str(fact.slot): str(fact.value) for fact in signature_facts(lines)}


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["Thanks,", "Dean Archer", "YOT Case Manager, South Gloucestershire YOT", "d@x.uk"],
            {
                "referrer_name": "Dean Archer",
                "referrer_role": "YOT worker",
                "referrer_organisation": "South Gloucestershire YOT",
            },
        ),
        (
            [
                "Regards",
                "DC 2291 Sian Roberts",
                "Protecting Vulnerable People, Avon and Somerset Police",
                "sian.roberts@police.example.org | 07700 900155",
            ],
            {
                "referrer_name": "DC Sian Roberts",
                "referrer_role": "police officer",
                "referrer_organisation": "Avon and Somerset Police",
            },
        ),
        (
            ["Kind regards,", "Helen Ashcroft", "DSL / Assistant Headteacher", "Brimsham Academy"],
            {
                "referrer_name": "Helen Ashcroft",
                "referrer_role": "teacher/DSL",
                "referrer_organisation": "Brimsham Academy",
            },
        ),
    ],
)
def test_the_sign_off_gives_the_writers_name_role_and_organisation(
    lines: list[str], expected: dict[str, str]
) -> None:
    assert _signed(lines) == expected


def test_a_role_line_with_no_organisation_after_its_comma_gives_none() -> None:
    signed = _signed(["Thanks,", "Dean Archer", "Social worker, part time", "d@x.uk"])
    assert "referrer_organisation" not in signed


@given(st.lists(st.text(max_size=60), max_size=8))
def test_any_lines_give_values_from_the_lines(lines: list[str]) -> None:
    text = "\n".join(lines)
    for fact in signature_facts(lines):
        if fact.slot == "referrer_organisation":
            assert str(fact.value) in text
