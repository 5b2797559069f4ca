"""The words that start a referral whatever the classifier read (bot/nlu/referral_request.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.nlu.referral_request import asks_to_refer

ASKS = [
    # a YOT worker's opening with many facts, which DIET read as "not understood"
    "I want to refer a boy called Alfie, he lives in Kingswood. My name is Dan Wright, "
    "YOT worker, email dan.wright@southglos.gov.uk",
    "hello I'd like to make a referral",  # read as a greeting over Teams
    "Hi, I would like to make a referral please",
    "we need to refer a 14yo, school DSL here",
    "I'm referring a young person to you, PC 4471 Avon and Somerset",
    "Morning. Referral for a 15 year old girl in Yate",
    "Im looking to refer a lad from Patchway",
    "Good afternoon, I wish to make a referral",
    "i want to make a new referral",
    "I'd like a referral for my client, CAMHS clinician",
    "We're wanting to refer him asap",
    "hiya need to do a referral",
]
NOT_ASKS = [
    "how do I make a referral?",
    "can we refer a 17 year old?",
    "do you take referrals from parents",
    "I don't want to make a referral",
    "I was not wanting to refer yet",
    "I'm not referring him today, just want advice",
    "he was referred to CAMHS last year",
    "the referral from school came in May",
    "the police referred the matter to CPS",
    "actually his date of birth is 3/5/2016",
    "I want to talk to a person",
    "hello",
    "",
]


@pytest.mark.parametrize("text", ASKS)
def test_a_plain_request_to_refer_is_one(text: str) -> None:
    assert asks_to_refer(text)


@pytest.mark.parametrize("text", NOT_ASKS)
def test_questions_negations_and_mentions_are_not(text: str) -> None:
    assert not asks_to_refer(text)


@given(st.text(max_size=400))
def test_any_text_gets_an_answer(text: str) -> None:
    assert asks_to_refer(text) in (True, False)


@given(st.sampled_from(ASKS), st.sampled_from(["?", " - how?", " can I?"]))
def test_a_request_put_as_a_question_is_left_to_the_classifier(text: str, ending: str) -> None:
    assert not asks_to_refer(text + ending)
