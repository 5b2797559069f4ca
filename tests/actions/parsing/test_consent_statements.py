"""Consent stated in running text (actions/parsing/consent_statements.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing.consent_statements import consent_statements


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mum has been told about this referral and agrees. Kieran has also been told and "
            "agreed.",
            {"parent_consent": "agreed", "yp_consent": "agreed"},
        ),
        (
            "Dad is aware and consents to the referral. Ollie has not been asked yet.",
            {"parent_consent": "agreed", "yp_consent": "not_sought"},
        ),
        ("both have agreed", {"parent_consent": "agreed", "yp_consent": "agreed"}),
        ("Birth mother (holds PR) informed and consents.", {"parent_consent": "agreed"}),
        ("mum refused consent, she's very angry", {"parent_consent": "refused"}),
        ("foster carer is happy with this referral", {"parent_consent": "agreed"}),
        ("she agreed to it when I saw her on Monday", {"yp_consent": "agreed"}),
        ("he doesnt want to engage and won't consent", {"yp_consent": "refused"}),
    ],
)
def test_whose_consent_and_what_it_is(text: str, expected: dict[str, str]) -> None:
    assert consent_statements(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We agreed a safety plan at the strategy meeting",
        "the police agreed to share the report",
        "I agree it's worrying",
        "School agreed to put a TA on the bus",
        "the plan was agreed with CAMHS",
    ],
)
def test_agreeing_to_something_else_is_not_consent(text: str) -> None:
    assert consent_statements(text) == {}


@given(st.text(max_size=500))
def test_any_text_is_read_without_error(text: str) -> None:
    found = consent_statements(text)
    assert set(found) <= {"parent_consent", "yp_consent"}
    assert set(found.values()) <= {"agreed", "refused", "not_sought"}


@pytest.mark.parametrize(
    ("sentence", "young_person", "expected"),
    [
        ("mum & leon agree.", "Leon", {"parent_consent": "agreed", "yp_consent": "agreed"}),
        ("mum + yp consent.", None, {"parent_consent": "agreed", "yp_consent": "agreed"}),
        ("Parents agree to HSB referral.", None, {"parent_consent": "agreed"}),
        ("Both agree to referral.", None, {"parent_consent": "agreed", "yp_consent": "agreed"}),
        # a name that is not the young person's: someone else's consent, left to ask
        ("Michelle agrees to the referral.", "Tyrone", {}),
        ("Tyrone agrees to the referral.", "Tyrone", {"yp_consent": "agreed"}),
    ],
)  # fmt: skip
def test_whose_consent_with_the_young_persons_name(
    sentence: str, young_person: str | None, expected: dict[str, str]
) -> None:
    assert consent_statements(sentence, young_person) == expected
