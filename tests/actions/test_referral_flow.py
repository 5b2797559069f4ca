"""What the form asks next and how one message is read: pure, no Rasa."""

from __future__ import annotations

from datetime import date

import pytest

from actions.referral_flow import (
    ASK_ORDER,
    answer_kept_with_disclosure,
    interpret_turn,
    is_risk_disclosure,
    risk_reading,
    slots_to_ask,
)

TODAY = date(2026, 11, 27)


def test_asks_in_the_spec_order_starting_with_the_referrer() -> None:
    assert slots_to_ask({})[:3] == ["referrer_name", "referrer_role", "referrer_organisation"]
    assert ASK_ORDER[-1] == "confirm_submission"
    assert "yp_age" not in ASK_ORDER


def test_allocated_professional_details_only_when_the_referrer_is_not_them() -> None:
    assert "ap_exists" not in slots_to_ask({"referrer_is_allocated": "yes"})
    assert "ap_exists" in slots_to_ask({"referrer_is_allocated": "no"})
    assert "ap_name" not in slots_to_ask({"referrer_is_allocated": "no", "ap_exists": "no"})
    assert "ap_name" in slots_to_ask({"referrer_is_allocated": "no", "ap_exists": "yes"})


@pytest.mark.parametrize(
    ("answers", "slot", "wanted"),
    [
        ({"police_involved": "yes"}, "police_status", True),
        ({"police_involved": "no"}, "police_status", False),
        ({"safe_place": "unsure"}, "safe_place_details", True),
        ({"safe_place": "yes"}, "safe_place_details", False),
        ({"sa_name": "none"}, "sa_willing", False),
        ({"sa_name": "Claire"}, "sa_willing", True),
        ({"parent_consent": "refused"}, "parent_consent_reason", True),
        ({"previous_assessment": "aim3"}, "previous_assessment_date", True),
        ({"previous_assessment": "none"}, "previous_assessment_date", False),
    ],
)
def test_follow_up_questions_depend_on_the_answer(
    answers: dict[str, str], slot: str, wanted: bool
) -> None:
    assert (slot in slots_to_ask(answers)) is wanted


def test_the_harmed_children_loop_runs_until_the_list_is_done() -> None:
    assert "hc_details" in slots_to_ask({})
    assert "hc_details" not in slots_to_ask({"harmed_children": [{"relationship": "cousin"}]})


def test_an_answer_fills_the_requested_slot() -> None:
    candidates, corrected = interpret_turn("Jake", "inform", 0.9, "yp_first_name", {}, TODAY)
    assert candidates["yp_first_name"] == "Jake" and not corrected


def test_several_facts_in_one_message_fill_several_slots() -> None:
    candidates, _ = interpret_turn(
        "14 year old boy from Yate, I'm his social worker", "start_referral", 0.9, None, {}, TODAY
    )
    assert candidates["yp_age"] == 14
    assert candidates["yp_gender"] == "male"
    assert candidates["yp_location"] == "Yate"
    assert candidates["referrer_role"] == "social worker"


def test_known_facts_are_not_overwritten_by_a_passing_mention() -> None:
    candidates, _ = interpret_turn(
        "she goes to school in Thornbury",
        "inform",
        0.9,
        "yp_education_setting",
        {"yp_location": "Yate"},
        TODAY,
    )
    assert "yp_location" not in candidates


def test_a_correction_overwrites_a_known_fact() -> None:
    candidates, corrected = interpret_turn(
        "change the postcode to BS37 5AB",
        "correct",
        0.95,
        "yp_gender",
        {"yp_location": "Yate"},
        TODAY,
    )
    assert corrected
    assert candidates == {"yp_location": "BS37 5AB"}


def test_free_text_answers_are_not_mined_for_other_facts() -> None:
    candidates, _ = interpret_turn(
        "He touched a 9 year old girl at a park in Bristol",
        "inform",
        0.6,
        "concern_description",
        {},
        TODAY,
    )
    assert set(candidates) == {"concern_description"}


def test_a_service_question_is_not_taken_as_an_answer() -> None:
    candidates, _ = interpret_turn("what is AIM?", "faq", 0.95, "yp_gender", {}, TODAY)
    assert candidates == {}


def test_button_payload_intents_read_as_answers() -> None:
    candidates, _ = interpret_turn("/affirm", "affirm", 1.0, "referrer_is_allocated", {}, TODAY)
    assert candidates["referrer_is_allocated"] == "yes"


def test_an_answer_that_sounds_like_a_correction_is_still_the_answer() -> None:
    # the classifier may call this `correct` (it names a school), but nothing known changes
    candidates, corrected = interpret_turn(
        "The Castle School, Thornbury", "correct", 0.8, "referrer_organisation", {}, TODAY
    )
    assert candidates["referrer_organisation"] == "The Castle School, Thornbury"
    assert "yp_education_setting" not in candidates
    assert corrected == []


def test_an_opening_message_classified_as_a_correction_keeps_all_its_facts() -> None:
    candidates, corrected = interpret_turn(
        "I want to refer a boy called Alfie, he lives in Kingswood. My name is Dan Wright, "
        "YOT worker, email dan.wright@southglos.gov.uk",
        "correct",
        0.6,
        None,
        {},
        TODAY,
    )
    assert candidates["referrer_name"] == "Dan Wright"
    assert candidates["referrer_role"] == "YOT worker"
    assert candidates["yp_first_name"] == "Alfie"
    assert corrected == []


def test_only_changed_known_values_are_reported_as_corrected() -> None:
    _, corrected = interpret_turn(
        "sorry, my email is a.b@southglos.gov.uk", "correct", 0.9, "referrer_phone", {}, TODAY
    )
    assert corrected == []  # it was not known before: simply given
    _, corrected = interpret_turn(
        "sorry, my email is a.b@southglos.gov.uk",
        "correct",
        0.9,
        "referrer_phone",
        {"referrer_email": "x@y.gov.uk"},
        TODAY,
    )
    assert corrected == ["referrer_email"]


def test_an_answer_the_question_accepts_wins_over_a_misread_intent() -> None:
    candidates, _ = interpret_turn(
        "about three weeks ago", "ask_referral_status", 0.9, "concern_most_recent", {}, TODAY
    )
    assert candidates == {"concern_most_recent": "about three weeks ago"}


@pytest.mark.parametrize(
    ("text", "confidence", "requested", "disclosure"),
    [
        # answers to the question asked, read as risk by an unsure classifier
        ("Dan Wright", 0.94, "referrer_name", False),
        ("He was found touching his half-sister in the summer", 0.91, "concern_description", False),
        ("he lives with mum and his two younger sisters", 0.8, "household", False),
        # a name is never a disclosure, however sure the classifier is
        ("It's Dan Wright", 0.98, "referrer_name", False),
        ("Wright", 0.99, "yp_last_name", False),
        # sure of it, and not a name: a disclosure even if it could be the answer
        ("he's touching her", 0.99, "referrer_name", True),
        (
            "He forced a younger child to touch him while babysitting",
            0.99,
            "concern_description",
            True,
        ),
        # not an answer to the question asked: read as risk, taken as a disclosure
        ("please, someone needs to help her", 0.6, "yp_date_of_birth", True),
        ("please, someone needs to help her", 0.6, None, True),
        # an answer, but its words speak of now or of danger
        ("yes he is with her right now", 0.9, "safe_place", True),
        ("he's alone with his little sister and nobody is supervising", 0.5, "household", True),
    ],
)
def test_an_answer_read_as_immediate_risk_is_weighed(
    text: str, confidence: float, requested: str | None, disclosure: bool
) -> None:
    weighed = is_risk_disclosure(text, "immediate_risk", confidence, requested, {}, TODAY)
    assert weighed is disclosure


@pytest.mark.parametrize(
    ("text", "confidence", "requested", "reading", "where_nothing_is_asked"),
    [
        # sure of risk, but an account in the referrer's words: take it, then ask
        ("He forced a younger child to touch him, about two months ago", 0.99,
         "concern_description", "check", True),
        ("Mum is struggling to supervise him with the younger ones", 1.0, "safety_plan", "check",
         True),
        # sure of risk, and the question wants a choice: a disclosure
        ("no she's not safe with him", 0.99, "safe_place", "disclosure", True),
        # unsure: the account is taken, and one tap asks whether a child is at risk now
        # (taken unchecked, "hes alone w the kids tonite" at 0.90 was a missed disclosure);
        # where nothing can be asked back it stays the answer
        ("He was found touching his half-sister in the summer", 0.9, "concern_description",
         "check", False),
        # unsure, a choice and no more: the answer; a choice in more words: checked
        ("yes", 0.6, "safe_place", "answer", False),
        ("yes hes at his nans tonite", 0.9, "safe_place", "check", False),
        ("yes, he's staying at his nan's tonight", 0.9, "safe_place", "check", False),
        ("yes he's with her tonight", 0.9, "safe_place", "disclosure", True),
        # a statement that merely starts "he's" is no choice: unsure risk words at a
        # choice are a disclosure (read as "yes, there is a safe place", this was checked)
        ("hes alone w the kids tonite", 0.9, "safe_place", "disclosure", True),
        # a name inside a disclosure is not the answer
        ("urgent, he's got the 7yo with him and mum is out", 0.9, "referrer_name",
         "disclosure", True),
        # risk words that point elsewhere: the classifier's reading is set aside
        ("he is at risk of permanent exclusion", 0.9, "yp_education_setting", "answer", False),
        # words of now: a disclosure whatever the question
        ("he's with her right now", 0.99, "concern_description", "disclosure", True),
    ],
)  # fmt: skip
def test_a_risk_reading_of_an_answer_is_checked_with_one_question(
    text: str, confidence: float, requested: str, reading: str, where_nothing_is_asked: bool
) -> None:
    assert risk_reading(text, "immediate_risk", confidence, requested, {}, TODAY) == reading
    assert (
        is_risk_disclosure(text, "immediate_risk", confidence, requested, {}, TODAY)
        is where_nothing_is_asked
    )


def test_an_account_that_discloses_risk_is_kept_as_the_answer() -> None:
    text = "he touched her again last night and she's still at home with him"
    assert answer_kept_with_disclosure("concern_description", text, {}, TODAY) == {
        "concern_description": text
    }
    assert answer_kept_with_disclosure("req_topic", text, {}, TODAY) == {"req_topic": text}
    # a disclosure is not a name, a date of birth or a choice
    for slot in ("referrer_name", "yp_date_of_birth", "safe_place", None):
        assert answer_kept_with_disclosure(slot, text, {}, TODAY) == {}


def test_a_question_to_the_service_is_not_taken_for_an_answer() -> None:
    text = "quick question, do you use AIM3?"
    candidates, _ = interpret_turn(text, "faq", 0.61, "yp_education_setting", {}, TODAY)
    assert candidates == {}
    # without the question mark, an unsure reading is not enough to set the answer aside
    candidates, _ = interpret_turn(
        "St Mary's Academy", "faq", 0.61, "yp_education_setting", {}, TODAY
    )
    assert candidates


@pytest.mark.parametrize(
    ("text", "requested"),
    [
        ("do you see 17 year olds?", "yp_date_of_birth"),
        ("is 11 too young?", "yp_date_of_birth"),
        ("would you accept a 17 and a half year old?", "yp_date_of_birth"),
        ("Do you take kids from Bristol or is that out of area?", "yp_location"),
        ("do u see 11 yr olds", "yp_date_of_birth"),
        ("is a year 7 too young for you?", "hc_details"),
    ],
)
def test_a_question_about_who_the_service_takes_is_answered_not_stored(
    text: str, requested: str
) -> None:
    """The age in "do you see 17 year olds?" was taken as the young person's age; a
    question about the service gets the answer (the rules), then the question again."""
    candidates, _ = interpret_turn(text, "faq", 1.0, requested, {}, TODAY)
    assert candidates == {}


def test_an_unsure_answer_with_a_question_mark_is_still_the_answer() -> None:
    candidates, _ = interpret_turn("14?", "faq", 0.6, "yp_date_of_birth", {}, TODAY)
    assert candidates["yp_date_of_birth"] == "14?"


def test_an_account_read_as_a_correction_is_still_the_account() -> None:
    text = "She has been pressuring younger girls at school to send nude images over Snapchat"
    known = {"yp_education_setting": "Brimsham Green School"}
    candidates, corrected = interpret_turn(
        text, "correct", 0.41, "concern_description", known, TODAY
    )
    assert candidates["concern_description"] == text and corrected == []
    # words of correction still correct, whatever the question
    candidates, corrected = interpret_turn(
        "actually she's at Chipping Sodbury School, not Brimsham",
        "correct",
        0.9,
        "concern_description",
        known,
        TODAY,
    )
    assert "yp_education_setting" in candidates and "concern_description" not in candidates


def test_safety_is_never_overridden_by_a_plausible_answer() -> None:
    candidates, _ = interpret_turn(
        "yes he is with her right now", "immediate_risk", 0.9, "safe_place", {}, TODAY
    )
    assert candidates == {}


@pytest.mark.parametrize(
    ("text", "is_answer"),
    [
        ("South Glos CS", True),
        ("Children's services, south glos", True),
        ("what is AIM", False),
        ("who is the service for?", False),
        ("Can you explain the criteria", False),
    ],
)
def test_a_service_question_interrupts_a_free_text_answer_only_when_asked_as_one(
    text: str, is_answer: bool
) -> None:
    candidates, _ = interpret_turn(text, "faq", 0.95, "referrer_organisation", {}, TODAY)
    assert ("referrer_organisation" in candidates) is is_answer


@pytest.mark.parametrize(
    ("text", "intent", "is_answer"),
    [
        ("Bartholomew Quigley", "cancel", True),
        ("Jo Smith", "request_human", True),
        ("cancel this please", "cancel", False),
        ("scrap that, I'll start again later", "cancel", False),
        ("can I speak to someone", "request_human", False),
    ],
)
def test_a_way_out_must_be_asked_for_in_words(text: str, intent: str, is_answer: bool) -> None:
    candidates, _ = interpret_turn(text, intent, 0.95, "referrer_name", {}, TODAY)
    assert ("referrer_name" in candidates) is is_answer


def test_an_answer_read_as_off_topic_is_still_the_answer() -> None:
    candidates, _ = interpret_turn(
        "ADHD, has an EHCP", "out_of_scope", 0.9, "yp_additional_needs", {}, TODAY
    )
    assert candidates == {"yp_additional_needs": "ADHD, has an EHCP"}
    candidates, _ = interpret_turn(
        "can you book me a taxi?", "out_of_scope", 0.9, "yp_additional_needs", {}, TODAY
    )
    assert candidates == {}
