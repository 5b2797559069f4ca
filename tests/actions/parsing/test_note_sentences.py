"""A note's sentences weighed together (actions/parsing/note_sentences.py): the
allocated worker's details beside their name, the account and when it began."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing.facts import extract_facts
from actions.parsing.note_sentences import account_facts, sentence_facts
from actions.parsing.notes import read_note
from actions.parsing.passing_facts import passing_facts

TODAY = date(2026, 12, 5)


def _facts(sentence: str) -> dict[str, object]:
    return sentence_facts(sentence, extract_facts(sentence, TODAY), "Tyler", TODAY)


@pytest.mark.parametrize(
    ("sentence", "contact", "agency"),
    [
        (
            "Now CIN, SW is Amira Hussain (Patchway CIN team, amira.hussain@southglos.gov.uk, "
            "01454 866201).",
            "amira.hussain@southglos.gov.uk, +441454866201",
            "Patchway CIN team",
        ),
        (
            "Her allocated social worker is Jodie Marsh in the Children in Care team "
            "(jodie.marsh@southglos.gov.uk, 01454 868 300).",
            "jodie.marsh@southglos.gov.uk, +441454868300",
            "Children in Care team",
        ),
    ],
)
def test_the_allocated_workers_details_beside_their_name_are_theirs(
    sentence: str, contact: str, agency: str
) -> None:
    """These details had been taken as the writer's own e-mail and phone."""
    found = _facts(sentence)
    assert found["ap_contact"] == contact
    assert found["ap_agency"] == agency
    assert found["ap_role"] == "social worker"
    assert "referrer_email" not in found and "referrer_phone" not in found


def test_a_writers_own_details_stay_the_writers() -> None:
    found = _facts("Please contact me on jo.bright@example.org or 01454 866 000.")
    assert found["referrer_email"] == "jo.bright@example.org"
    assert "ap_contact" not in found


@pytest.mark.parametrize(
    "sentence",
    [
        "I'm his allocated social worker in the Yate and Chipping Sodbury locality team.",
        "Her social worker is on leave until Monday.",
    ],
)
def test_words_after_social_worker_that_are_not_a_name(sentence: str) -> None:
    """ "Chipping Sodbury" had been taken as the allocated worker's name."""
    assert "ap_name" not in passing_facts(sentence, TODAY)


def test_a_named_social_worker_is_still_read() -> None:
    assert passing_facts("his allocated SW is Priya Desai", TODAY)["ap_name"] == "Priya Desai"


def test_the_account_is_the_sentences_that_speak_of_harm() -> None:
    sentences = [
        "Callum is 15 and lives with his mum.",
        "In August his half-brother told mum that Callum had touched his private parts.",
        "There had been earlier worries from May, when mum found him asking for games.",
        "A strategy meeting was held on 5 August.",
        "Circs: on 12/09 he was reported for sending sexual messages and a picture over Snapchat.",
    ]
    found = {f.slot: f.value for f in account_facts(sentences)}
    assert found["concern_description"] == f"{sentences[1]} {sentences[4]}"
    assert found["concern_first_noticed"] == "May"


def test_a_note_with_no_account_gives_none() -> None:
    found = account_facts(["Lives with dad.", "Strat held 14/09.", "Mum agrees."])
    assert found == []


@given(st.lists(st.text(max_size=120), max_size=6))
def test_the_account_is_made_of_the_notes_own_words(sentences: list[str]) -> None:
    for fact in account_facts(sentences):
        if fact.slot == "concern_description":
            assert all(word in " ".join(sentences) for word in str(fact.value).split()[:5])
            assert len(str(fact.value)) <= 704


def test_meetings_given_in_two_sentences_are_both_kept() -> None:
    """Only the first sentence's meeting had been kept."""
    note = (
        "He has been on a child protection plan since the ICPC on 14 October.\n\n"
        "A strategy meeting was held on 5 August and the s47 was completed."
    )
    read = {f.slot: f.value for f in read_note(note, TODAY)}
    assert read["multi_agency_meetings"] == [
        {"type": "child_protection_conference", "date": "2026-10-14"},
        {"type": "strategy_meeting", "date": "2026-08-05"},
    ]


def test_the_services_own_words_are_no_account() -> None:
    sentences = ["There's no previous harmful sexual behaviour that we know of."]
    assert account_facts(sentences) == []
