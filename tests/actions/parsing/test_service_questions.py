"""A message put as a question about the service, told from an answer to the form."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing.service_questions import is_question_to_the_service


@pytest.mark.parametrize(
    "text",
    [
        "do you see 17 year olds?",
        "is 11 too young?",
        "Is he too old? He turns 18 in March",
        "would you accept a 17 and a half year old?",
        "quick q - do u take 11yos",
        "Does the service work with children under 12?",
        "what's the age range for the service?",
        "sorry, can you see a lad from Bristol or is that out of area?",
        "would you still assess him if he's 17?",
        "Are 11 year olds eligible",
        "how old do they have to be?",
        "is a 12 year old old enough for the programme?",
        "how long is the wait right now?",
        "is there a waiting list?",
        "hw long is ur waiting list",
        "How soon could you see him?",
        "how long does the assessment take?",
    ],
)
def test_a_question_about_the_service_or_who_it_takes(text: str) -> None:
    assert is_question_to_the_service(text)


@pytest.mark.parametrize(
    "text",
    [
        "17",
        "he's 17",
        "14?",
        "3/5/2011?",
        "not sure, is it the 3rd of May 2011?",
        "he was born in 2009 I think",
        "Yate",
        "two boys he met online, ages not known",
        "can you repeat the question?",
        "they're too young to understand what happened",
        "is there a safety plan? yes, since October",
        "does he have an EHCP? not that I know of",
        "how long has it been going on? about a year",
        "she had to wait outside while he was in the bathroom",
        "how long did the police take? months",
        "",
    ],
)
def test_an_answer_is_not_a_question_to_the_service(text: str) -> None:
    assert not is_question_to_the_service(text)


@given(st.text(max_size=200))
def test_any_text_is_read_without_error(text: str) -> None:
    assert is_question_to_the_service(text) in (True, False)
