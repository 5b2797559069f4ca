"""Everything the chat form produces, the case backend accepts.

The backend checks each value it stores against the field table
(backend/domain/field_values.py). That check must never refuse an answer the form took:
these properties put generated answers through the form's own reading (interpret_turn,
then each slot's validator, as the form and the transcript reader do) and ask the
backend's check about every value that comes out. The form's vocabularies the check
keeps a copy of are compared with the parsers' own.

Generated text is what the channels' input gate lets through: valid Unicode, no control
characters other than newline and tab, not blank.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from actions.conversation import field_values
from actions.parsing import harmed_children as harmed_children_parsing
from actions.parsing import people
from actions.referral_flow import interpret_turn
from actions.slot_validation import VALIDATORS, validate_slot
from actions.transcript_reading import ReadTurn, read_transcript
from actions.validators import _AGENCY_WORDS
from backend.domain.field_values import field_value_problems
from backend.domain.fields import (
    AGENCIES,
    FIELDS_BY_NAME,
    HARMED_CHILD_RELATIONSHIPS,
    SELF_DESCRIBED_GENDER,
    UNKNOWN,
)

TODAY = date(2026, 11, 27)
SLOTS = sorted(slot for slot in VALIDATORS if slot != "confirm_submission")

# Answers of the kinds the form reads, right and wrong, so the parsers' positive paths
# are reached often (plain random text rarely names a meeting or a date).
FRAGMENTS = (
    # don't know, yes, no, hedges, skips
    *("don't know", "not sure", "unknown", "dunno", "no idea", "none", "n/a", "nobody"),
    *("yes", "no", "yep", "nope", "I think so", "maybe", "probably not", "skip", "\U0001f44d"),
    *("prefer not to say", "rather not say at this stage", "that's all", "another one"),
    # corrections
    *("actually", "sorry, change the", "no wait,", "it's not", "to", "is"),
    *("date of birth", "dob", "age", "postcode", "email", "phone", "school", "gender", "name"),
    *("surname", "first name", "role", "organisation", "meeting", "consent", "status"),
    # dates, ages, periods
    *("3/5/2011", "03/05/11", "31/2/2012", "2011-05-03", "3rd May 2011", "May 2011"),
    *("13/5/2011", "5/13/2011", "1/1/0001", "29/02/2012", "29/2/2013", "3/3/2030", "1/1/1999"),
    *("yesterday", "last June", "about 3 months ago", "3 weeks ago", "last week", "in March"),
    *("early March 2024", "3rd March", "summer", "christmas", "since year 7", "2026-11-28"),
    *("he's 14", "aged fourteen", "nearly 15", "14 years old", "4", "30", "she's 26", "he is 5"),
    # phones and emails
    *("07700 900123", "01454 868008", "+44 (0)7700 900123", "0044 800 1111", "0800 1111"),
    *("+1 202 555 0100", "020 7946 0000", "01624 123456", "+447624123456", "07624 123456"),
    *("phone: 07700900123 thanks", "Sam.Lee@SouthGlos.gov.uk", "mailto:a@b.co", "a@b.c"),
    *("my email is x@y.uk", "john@gov", "john @ x.com", "o'brien@ex-ample.org.uk"),
    # names
    *("Sarah Jones", "it's sarah jones", "Dr. Amir Khan", "O'BRIEN", "van der Berg", "Jake"),
    *("withheld", "Mx Jo Smith-Brown", "José Álvarez", "李 小龙", "Ngozi", "mr"),
    # gender, roles, relationships
    *("boy", "girl", "trans boy", "identifies as female", "non-binary", "other", "he/him"),
    *("they/them", "banana", "genderfluid", "questioning", "not stated", "lad", "young woman"),
    *("SW", "social worker", "DSL", "youth worker at the hub", "PC", "teacher", "SENCo"),
    *("his mum", "foster carers", "Jake's dad", "she's his grandmother", "auntie", "mentor"),
    # choices
    *("CIN", "child protection plan", "looked after", "on a CP plan", "lives with mum"),
    *("foster carers", "kinship", "residential", "full admission", "denies it", "minimising"),
    *("NFA", "charged", "caution", "under investigation", "AIM3", "ERASOR", "agreed"),
    *("refused", "not asked yet", "assessment and therapy", "consultation", "advice"),
    # places, contexts, meetings
    *("at home", "on snapchat", "at school", "in the park", "BS37 5AB", "bs375ab", "Yate"),
    *("Chipping Sodbury", "everywhere", "all of them", "online and at school"),
    *("strat on 3rd March", "ICPC last week", "FGC", "review meeting 2 weeks ago"),
    *("none yet", "ICPC booked for next week", "no strat yet", "strategy meeting on 3/3/2026"),
    *("review review review", "core group", "TAC meeting yesterday"),
    # harmed children
    *("cousin, 9", "his sister (8)", "a younger child", "neighbour's child aged 6"),
    *("classmate same age", "18 months", "4 years younger", "Lily, 8, his sister", "a friend"),
    *("half-brother", "step sister 12", "a child he was babysitting", "a stranger"),
    *("a group of Year 7 girls, 11 and 12", "two boys he met online, ages not known"),
    *("a 9 year old neighbour and her 7 year old brother", "younger children, 8-10"),
    # professionals
    *("DSL at school; PC Smith; GP", "social worker Jo, CAMHS", "YOT worker", "a;b;\tc"),
    # accounts
    "he touched his younger cousin at a family party and sent nude images on snapchat",
)
_CLEAN = st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t")
clean_text = st.text(_CLEAN, min_size=1, max_size=40)
answers = (
    st.lists(st.sampled_from(FRAGMENTS) | clean_text, min_size=1, max_size=5)
    .flatmap(lambda parts: st.sampled_from((" ", ", ", "; ", "\n")).map(lambda j: j.join(parts)))
    .filter(lambda text: text.strip() != "")
)


def _refused(values: dict[str, Any]) -> dict[str, str]:
    return field_value_problems(values, TODAY)


def _crashes_on_unknown_child(slot: str, slots: dict[str, Any]) -> bool:
    """more_children crashes (dict("unknown")) when the child was a don't-know: a bug of
    the form's, reported, and not this test's subject."""
    return slot == "hc_more" and slots.get("hc_details") == UNKNOWN


def _take(slots: dict[str, Any], slot: str, value: Any) -> None:
    if _crashes_on_unknown_child(slot, slots):
        return
    outcome = validate_slot(slot, value, slots, TODAY)
    if isinstance(outcome, dict):
        slots.update(outcome)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(slot=st.sampled_from(SLOTS), text=answers)
def test_every_value_a_validator_gives_is_accepted(slot: str, text: str) -> None:
    outcome = validate_slot(slot, text, {}, TODAY)
    if isinstance(outcome, dict):
        assert _refused({k: v for k, v in outcome.items() if k in FIELDS_BY_NAME}) == {}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    turns=st.lists(
        st.tuples(st.sampled_from(SLOTS), answers | st.sampled_from(("", "  ", "\n\t"))),
        min_size=1,
        max_size=8,
    )
)
def test_every_value_a_conversation_gives_is_accepted(turns: list[tuple[str, str]]) -> None:
    """Each message read as the form reads it (the answer, other facts, corrections),
    each candidate through its slot's validator with the answers so far. A blank message
    is read as nothing."""
    slots: dict[str, Any] = {}
    for requested, text in turns:
        candidates, _ = interpret_turn(text, None, 0.0, requested, slots, TODAY)
        for slot, value in candidates.items():
            _take(slots, slot, value)
    assert _refused(field_values(slots)) == {}


ASKED = (
    "What's your name?",
    "What is their date of birth?",
    "Which meetings have there been?",
    "Who was harmed? How old are they?",
    "Were any other children harmed?",
    "Is she on a protection plan herself?",
    "Has he done anything like this before?",
    "Which professionals are involved?",
    "Where did it happen?",
    "When was it first noticed?",
    "What's your email?",
    "What gender is he?",
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    exchanges=st.lists(
        st.tuples(st.sampled_from(ASKED) | clean_text, answers), min_size=1, max_size=8
    )
)
def test_every_value_a_call_transcript_gives_is_accepted(
    exchanges: list[tuple[str, str]],
) -> None:
    turns = [
        turn
        for question, answer in exchanges
        for turn in (ReadTurn("art", question), ReadTurn("referrer", answer))
    ]
    try:
        reading = read_transcript(turns, TODAY)
    except ValueError as error:
        if "dictionary update sequence" not in str(error):
            raise
        reject()  # _crashes_on_unknown_child, met in a transcript
    assert _refused(field_values(reading.fields)) == {}


def test_the_harmed_child_relationships_are_the_parsers() -> None:
    labels = {label for label, _ in harmed_children_parsing._RELATIONSHIPS}
    assert labels == set(HARMED_CHILD_RELATIONSHIPS)


def test_the_agencies_are_the_validators() -> None:
    assert {agency for agency, _ in _AGENCY_WORDS} | {"other"} == set(AGENCIES)


def test_the_self_described_genders_are_the_parsers() -> None:
    words = people._SELF_DESCRIBED.pattern.removeprefix(r"\b").removesuffix(r"\b")
    assert words in SELF_DESCRIBED_GENDER.pattern.replace("\n", "")
