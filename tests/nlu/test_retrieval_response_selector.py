"""bot/nlu/retrieval_response_selector.py with the trained model (tests/nlu/
response_selector_probe.py, in the Rasa server's environment): on every held-out message
(tests/nlu/heldout.yml), the intent, the intent ranking and, for a service question, the
chosen answer are the ones Rasa's own ResponseSelector gives; the selector's prediction
is left out for the other messages."""

from __future__ import annotations

from typing import Any

import pytest

from scripts.harness.stack import train_model
from scripts.heldout_overlap import HELDOUT
from tests.support.rasa_probe import run_probe


@pytest.fixture(scope="module")
def compared() -> Any:
    return run_probe("tests.nlu.response_selector_probe", str(train_model()), str(HELDOUT))


def test_intents_and_answers_are_rasas(compared: Any) -> None:
    assert compared["differences"] == []
    assert compared["answered"] > 0


def test_the_selector_is_skipped_when_its_answer_is_not_read(compared: Any) -> None:
    # every message not read as a service question, except one DIET read as faq that a
    # later step of the pipeline (the fallback, "I'd like to make a referral") turned
    # into another intent: the selector ran on it, and its answer is not read
    changed = compared["changed_later"]
    assert set(changed) <= {"nlu_fallback", "start_referral"}, changed
    assert compared["skipped"] == compared["messages"] - compared["answered"] - len(changed)
    assert compared["skipped"] > compared["answered"]
