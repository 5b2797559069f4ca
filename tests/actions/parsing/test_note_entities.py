"""People a pasted note names in running text, found with the named entities where the
reader's patterns find nothing: the writer on an "Added by" or "submitted by" line, the
allocated worker after "SW", the significant adult beside a family word when the note
says they will take part. The examples are made up for these tests."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from actions.parsing.note_entities import entity_facts, named_in_turn
from actions.parsing.notes import read_note
from tests.support.text_pieces import text_with

TODAY = date(2026, 12, 4)


def _found(text: str, supporting: tuple[str, ...] = ()) -> dict[str, object]:
    return {fact.slot: fact.value for fact in entity_facts(text, set(), supporting)}


def test_the_writer_on_an_added_by_line_with_role_and_school() -> None:
    text = (
        "Safeguarding log\nBen (13) told staff he had shown a younger pupil pictures.\n"
        "Added by: Marion Tandy (DSL), Kingsfield Primary School"
    )
    assert _found(text) == {
        "referrer_name": "Marion Tandy",
        "referrer_role": "teacher/DSL",
        "referrer_organisation": "Kingsfield Primary School",
    }


def test_the_officer_who_submitted_the_referral() -> None:
    text = (
        "Summary of the incident at the park.\nReferral submitted by OIC: PC 4471 Gareth "
        "Pryor, Avon and Somerset Police. Tel 07700 900555."
    )
    found = _found(text)
    assert found["referrer_name"] == "Gareth Pryor"
    assert found["referrer_role"] == "police officer"
    assert found["referrer_organisation"] == "Avon and Somerset Police"


def test_the_allocated_worker_after_sw() -> None:
    text = "Sam is 14. He is open to social care and his SW Rachel Moorcroft is arranging it."
    assert _found(text) == {"ap_name": "Rachel Moorcroft"}


def test_someone_a_social_worker_works_for_is_not_the_allocated_worker() -> None:
    text = "I am the supervising social worker for Deborah Lane, a foster carer in Filton."
    assert "ap_name" not in _found(text)


def test_the_significant_adult_beside_a_family_word_who_will_take_part() -> None:
    willing = "Bernadette agrees to the referral and is willing to take part in sessions."
    text = f"Tyler has been placed with his aunt, Bernadette Coyle, in Keynsham.\n{willing}"
    assert _found(text, (willing,)) == {"sa_name": "Bernadette Coyle", "sa_relationship": "aunt"}


def test_a_relative_who_is_not_said_to_take_part_is_not_the_significant_adult() -> None:
    text = "He was interviewed with his mother (Karen Webb) present as appropriate adult."
    assert _found(text) == {}


def test_slots_the_patterns_filled_are_left_alone() -> None:
    text = "Added by: Marion Tandy (DSL), Kingsfield Primary School"
    assert entity_facts(text, {"referrer_name"}, ()) == []


def test_the_reader_takes_them_only_where_its_patterns_found_nothing() -> None:
    note = (
        "Case note 01/12/2026\nSam is 14 and lives in Thornbury. His SW Rachel Moorcroft "
        "is arranging a strategy discussion.\nAdded by: Marion Tandy (DSL), Kingsfield "
        "Primary School"
    )
    read = {fact.slot: fact.value for fact in read_note(note, TODAY)}
    assert read["ap_name"] == "Rachel Moorcroft"
    assert read["referrer_name"] == "Marion Tandy"
    assert read["referrer_organisation"] == "Kingsfield Primary School"


# Words the rules look for, mixed into the property tests' arbitrary text.
_PIECES = [
    "Added by: ", "SW ", "Yes, ", "his aunt, ", "mum, ", "Rachel Moorcroft", "Carol Lane",
    " (DSL)", "\n", ", Kingsfield School", "PC 4471 ", "From: ", "willing to take part. ",
    " will attend", " come to the sessions",
]  # fmt: skip


@pytest.mark.parametrize("found", [set(), {"referrer_name", "ap_name", "sa_name"}])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=text_with(_PIECES))
@example(text="ADDED BY:AR RA")
def test_any_text_gives_names_from_the_text_for_empty_slots(text: str, found: set[str]) -> None:
    for fact in entity_facts(text, found, (text,)):
        assert fact.slot not in found
        if fact.slot in {"referrer_name", "ap_name", "sa_name", "referrer_organisation"}:
            # a name written in capitals is stored in title case ("ADDED BY: AR RA" gives
            # "Ar Ra", found by this property): the words come from the text, in any case
            assert all(word.lower() in text.lower() for word in str(fact.value).split())


def test_the_social_worker_named_in_answer_to_whether_there_is_one() -> None:
    answer = "Yes, Amira Hassan in the Kingswood area team, she knows I'm calling."
    assert named_in_turn(answer, "ap_exists", {}) == {"ap_name": "Amira Hassan"}


def test_no_worker_from_an_answer_to_another_question_or_when_known() -> None:
    answer = "Yes, Amira Hassan in the Kingswood area team."
    assert named_in_turn(answer, "yp_location", {}) == {}
    assert named_in_turn(answer, "ap_exists", {"ap_name": "Rob Mitchell"}) == {}


def test_the_referrer_is_not_their_own_allocated_worker() -> None:
    answer = "Yes, it's me, Gareth Lloyd."
    assert named_in_turn(answer, "ap_exists", {"referrer_name": "Gareth Lloyd"}) == {}


def test_the_adult_a_turn_says_will_come_to_the_sessions() -> None:
    turn = "Both parents agree, mum's the one who'll come to the sessions, that's Sarah Gray."
    assert named_in_turn(turn, None, {}) == {"sa_name": "Sarah Gray", "sa_relationship": "mum"}


def test_a_relative_named_without_taking_part_is_not_the_adult() -> None:
    turn = "His mum, Carol Lane, was told about it last week."
    assert named_in_turn(turn, None, {}) == {}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    turn=text_with(_PIECES),
    topic=st.sampled_from([None, "ap_exists", "ap_name", "sa_name"]),
)
def test_any_turn_gives_names_from_the_turn(turn: str, topic: str | None) -> None:
    for slot, value in named_in_turn(turn, topic, {}).items():
        assert slot in {"ap_name", "sa_name", "sa_relationship"}
        assert value.lower() in turn.lower() or all(w in turn for w in value.split())
