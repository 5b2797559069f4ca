"""A call in which the handler asks short, closed questions and the caller's answers come
one turn at a time (actions/parsing/questions.py, actions/transcript_answers.py,
actions/transcript_reading.py): "Name?" after a question about the young person, "Are
you his social worker?" - "No, that's Mark Ellison", "And Riley?" after the parent's
consent, "Who'd come to sessions with him?", "Not yet.", and an age the caller corrects
as they give it. Each form is read, and a like one that asks or says something else is
left alone."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing.questions import question_topic
from actions.transcript_reading import read_transcript
from tests.actions.test_transcript_reading import turns

TODAY = date(2026, 12, 4)
_YP_TOPICS = ("yp_gender", "yp_age", "yp_date_of_birth", "yp_location", "yp_last_name")
_OTHER_TOPICS = ("concern_description", "police_involved", "parent_consent", "sa_name")


@given(st.sampled_from(_YP_TOPICS), st.sampled_from(["Name?", "And name?", "Full name?"]))
def test_a_bare_name_question_after_one_about_the_young_person_asks_their_name(
    previous: str, question: str
) -> None:
    assert question_topic(question, previous) == "yp_first_name"


@given(st.sampled_from(_OTHER_TOPICS), st.sampled_from(["Name?", "And name?"]))
def test_a_bare_name_question_after_anything_else_asks_nothing_known(
    previous: str, question: str
) -> None:
    assert question_topic(question, previous) is None


@pytest.mark.parametrize(
    ("question", "previous", "young_person", "topic"),
    [
        ("Are you his social worker?", None, None, "referrer_is_allocated"),
        ("And you're her SW?", None, None, "referrer_is_allocated"),
        ("Are you a social worker?", None, None, None),
        ("And Riley?", "parent_consent", "Riley", "yp_consent"),
        ("What about him?", "parent_consent", None, "yp_consent"),
        ("And Riley?", "police_involved", "Riley", None),
        ("And Sarah?", "parent_consent", "Riley", None),
        ("Who'd come to sessions with him?", None, None, "sa_name"),
        ("Who will bring her to the appointments?", None, None, "sa_name"),
        ("Who came to the strategy meeting?", None, None, "multi_agency_meetings"),
    ],
)
def test_a_closed_or_follow_on_question_names_its_field(
    question: str, previous: str | None, young_person: str | None, topic: str | None
) -> None:
    assert question_topic(question, previous, young_person) == topic


def test_answers_given_turn_by_turn_to_closed_questions_are_each_read() -> None:
    reading = read_transcript(
        turns(
            ("A", "Is the young person a boy or a girl?"),
            ("R", "A boy."),
            ("A", "Name?"),
            ("R", "Riley. Riley Dawson."),
            ("A", "Are you his social worker?"),
            ("R", "No, that's Mark Ellison."),
            ("A", "Does dad know about the referral?"),
            ("R", "Yes, and he's fine with it."),
            ("A", "And Riley?"),
            ("R", "Not yet."),
            ("A", "Who'd come to sessions with him?"),
            ("R", "Dad, Craig Dawson."),
        ),
        TODAY,
    )
    assert (
        reading.fields.items()
        >= {
            "yp_gender": "male",
            "yp_first_name": "Riley",
            "yp_last_name": "Dawson",
            "referrer_is_allocated": "no",
            "ap_name": "Mark Ellison",
            "parent_consent": "agreed",
            "yp_consent": "not_sought",
            "sa_name": "Craig Dawson",
            "sa_relationship": "dad",
        }.items()
    )


def test_a_yes_to_are_you_his_social_worker_names_no_other_worker() -> None:
    reading = read_transcript(
        turns(("A", "Are you his social worker?"), ("R", "Yes, that's me, Jade Simmons.")),
        TODAY,
    )
    assert reading.fields.get("referrer_is_allocated") == "yes"
    assert "ap_name" not in reading.fields


def test_not_yet_says_consent_was_not_sought_only_when_consent_was_asked() -> None:
    reading = read_transcript(
        turns(("A", "Have the police been involved?"), ("R", "Not yet.")), TODAY
    )
    assert not {"parent_consent", "yp_consent"} & reading.fields.keys()


@given(st.integers(5, 18), st.integers(5, 18))
def test_an_age_corrected_as_it_is_given_is_the_corrected_one(said: int, meant: int) -> None:
    reading = read_transcript(
        turns(("A", "How old is Riley?"), ("R", f"{said}. Sorry, no, {meant}.")), TODAY
    )
    assert reading.fields.get("yp_age") == meant


@pytest.mark.parametrize(
    ("answer", "age"), [("Twelve.", 12), ("He's 15.", 15), ("Not sure.", None)]
)
def test_an_age_asked_for_is_read_from_the_answer(answer: str, age: int | None) -> None:
    reading = read_transcript(turns(("A", "How old is he?"), ("R", answer)), TODAY)
    assert reading.fields.get("yp_age") == age
