"""The answer to "Can the report be shared with us?"."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing import parse_report_shareable


@pytest.mark.parametrize(
    "text",
    [
        "we have the report, yes you can have it",
        "Yes we have it and you can have a copy",
        "yep, I can send it over",
        "we've got the AIM report and happy to share",
        "happy to share it",
        "you can have it",
        "I'll email it over",
        "can send it on",
        "Sure, I'll forward it to you",
        "we have it - fine to share",
        "no problem, I can send it",
        "we hold a copy and consent is in place to share it",
        "yeah we can share that",
        "Mum has agreed for it to be shared",
        "it can be shared",
        "no reason why not",
        "of course",
        "yes",
        "Y",
        "\U0001f44d",
    ],
)
def test_it_may_be_shared(text: str) -> None:
    assert parse_report_shareable(text) == "yes"


@pytest.mark.parametrize(
    "text",
    [
        "we've got it but it can't be shared yet",
        "we have it but cannot share it",
        "yes but not yet",
        "we have the report but no consent to share it",
        "not yet",
        "no, the family haven't agreed",
        "it's with the police, so not at the moment",
        "we don't have a copy",
        "the report isn't ours to share",
        "not without the parents' consent",
        "yes we have it, no you can't have it",
        "unfortunately not",
        "we have it but need consent first",
        "only once mum agrees",
        "waiting on dad's consent",
        "no",
        "nope",
    ],
)
def test_it_may_not_be_shared_or_not_yet(text: str) -> None:
    assert parse_report_shareable(text) == "no"


@pytest.mark.parametrize("text", ["", "don't know", "not sure", "I think we can share it", "hmm"])
def test_unclear_answers_are_asked_again(text: str) -> None:
    assert parse_report_shareable(text) is None


@given(st.text(max_size=120))
def test_any_text_is_yes_no_or_unclear(text: str) -> None:
    assert parse_report_shareable(text) in ("yes", "no", None)
