"""The referrer's role when it is not one of the common ones, named by the word that
heads it ("mental health practitioner", "clinical nurse specialist"), and the
organisation after it (actions/parsing/referrer_facts.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing.people import ROLES
from actions.parsing.referrer_facts import referrer_facts

COMMON_ROLES = {label for label, _ in ROLES}


def _facts(text: str) -> dict[str, str]:
    return referrer_facts(text, text.lower())


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Hi, this is Ayesha Karim, I'm a mental health practitioner with CAMHS.",
         "mental health practitioner"),
        ("I'm Priyanka Nair, Clinical Nurse Specialist, CAMHS South Gloucestershire.",
         "clinical nurse specialist"),
        ("My name is Rhys Morgan and I work as a youth worker for a charity.", "youth worker"),
        ("I'm a clinical psychologist in the community team.", "clinical psychologist"),
        ("im a residential support worker", "residential support worker"),
    ],
)  # fmt: skip
def test_a_role_named_by_its_head_word(text: str, role: str) -> None:
    assert _facts(text)["referrer_role"] == role


def test_the_organisation_after_a_long_role() -> None:
    text = (
        "Hello, I'm Dr Helena Brandt, consultant child and adolescent psychiatrist in the "
        "CAMHS learning disability team. I'd like to refer a young man."
    )
    assert _facts(text) == {
        "referrer_name": "Dr Helena Brandt",
        "referrer_role": "consultant child and adolescent psychiatrist",
        "referrer_organisation": "the CAMHS learning disability team",
    }


def test_the_organisation_after_a_role_with_a_plural_word() -> None:
    text = "I work as a youth worker for Southern Brooks Community Partnerships."
    assert _facts(text)["referrer_organisation"] == "Southern Brooks Community Partnerships"


@pytest.mark.parametrize(
    "text",
    [
        "I am the officer in the case for a report made against him.",  # the head alone
        "I'm worried as the officer said no.",
        "I'm a bit worried about his worker.",
        "I'm told the family support worker left.",  # someone else's role
        "I'm mum, his foster carer's support worker came round.",
        "I'm a mum who is worried about the social care manager.",
    ],
)
def test_words_that_name_someone_elses_role_or_none_give_no_role(text: str) -> None:
    assert "referrer_role" not in _facts(text)


def test_a_common_role_wins_over_a_role_named_by_its_head() -> None:
    assert _facts("I'm his social worker.")["referrer_role"] == "social worker"


@given(st.text(alphabet=st.characters(codec="ascii"), max_size=120))
def test_any_role_read_is_a_common_one_or_words_of_the_message(text: str) -> None:
    role = _facts(text).get("referrer_role")
    if role is not None and role not in COMMON_ROLES:
        assert role in " ".join(text.lower().split())
