"""Each referral slot's validator: clean values, don't know, and clear messages."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from actions.slot_validation import validate_slot
from backend.domain.field_values import field_value_problems

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("slot", "said", "expected"),
    [
        ("yp_date_of_birth", "3/5/2011", {"yp_date_of_birth": "2011-05-03", "yp_age": 15}),
        ("yp_date_of_birth", "3rd May 2011", {"yp_date_of_birth": "2011-05-03", "yp_age": 15}),
        ("yp_date_of_birth", "he's 14", {"yp_date_of_birth": "unknown", "yp_age": 14}),
        ("yp_date_of_birth", "don't know", {"yp_date_of_birth": "unknown"}),
        ("referrer_phone", "07700 900123", {"referrer_phone": "+447700900123"}),
        ("referrer_phone", "01454 868008", {"referrer_phone": "+441454868008"}),
        (
            "referrer_email",
            "Sam.Lee@SouthGlos.gov.uk",
            {"referrer_email": "Sam.Lee@southglos.gov.uk"},
        ),
        ("yp_location", "bs375ab", {"yp_location": "BS37 5AB"}),
        ("yp_location", "in yate", {"yp_location": "Yate"}),
        ("yp_legal_status", "Child protection plan", {"yp_legal_status": "child_protection_plan"}),
        ("yp_legal_status", "CIN", {"yp_legal_status": "child_in_need"}),
        ("police_status", "Under investigation", {"police_status": "open"}),
        ("police_status", "NFA", {"police_status": "no_further_action"}),
        ("safe_place", "Unsure", {"safe_place": "unsure"}),
        ("sa_willing", "yes she's keen", {"sa_willing": "yes"}),
        ("parent_consent", "Not asked yet", {"parent_consent": "not_sought"}),
        (
            "service_requested",
            "Assessment and therapy",
            {"service_requested": "assessment_and_therapy"},
        ),
        ("concern_context", "home and online", {"concern_context": ["home", "online"]}),
        ("sa_name", "None", {"sa_name": "none"}),
        ("severity_view", "skip", {"severity_view": "unknown"}),
        ("yp_additional_needs", "none", {"yp_additional_needs": "none"}),
        ("referrer_is_allocated", "/affirm", None),  # payload text is mapped before this
    ],
)
def test_clean_values(slot: str, said: str, expected: dict[str, Any] | None) -> None:
    outcome = validate_slot(slot, said, {}, TODAY)
    if expected is None:
        assert isinstance(outcome, str)
    else:
        assert outcome == expected


@pytest.mark.parametrize(
    ("slot", "said", "fragment"),
    [
        ("referrer_email", "john@", "email address"),
        ("referrer_phone", "12345", "phone number"),
        ("yp_date_of_birth", "3/5/2031", "future"),
        ("yp_legal_status", "purple", "choose one of the options"),
        ("concern_description", "bad", "at least a sentence"),
    ],
)
def test_bad_input_gets_a_clear_message(slot: str, said: str, fragment: str) -> None:
    outcome = validate_slot(slot, said, {}, TODAY)
    assert isinstance(outcome, str)
    assert fragment in outcome


def test_every_field_takes_dont_know() -> None:
    from actions.slot_validation import VALIDATORS

    for slot in VALIDATORS:
        if slot in {"hc_more", "confirm_submission", "yp_age"}:
            continue
        outcome = validate_slot(slot, "don't know", {}, TODAY)
        assert isinstance(outcome, dict), slot
        assert "unknown" in outcome.values() or outcome.get(slot) in ("unsure", "not_known"), slot


def test_the_harmed_children_loop_collects_each_child() -> None:
    first = validate_slot("hc_details", "younger sister, 8", {}, TODAY)
    assert first == {"hc_details": {"relationship": "younger sister", "age": "8"}} or (
        isinstance(first, dict) and first["hc_details"]["age"] == "8"
    )
    slots: dict[str, Any] = {
        "hc_details": {"relationship": "sibling", "age": "8"},
        "hc_same_home_or_school": "yes",
        "hc_protection_plan": "no",
    }
    more = validate_slot("hc_more", "yes", slots, TODAY)
    assert isinstance(more, dict)
    assert more["hc_details"] is None and len(more["hc_collected"]) == 1
    slots = {**slots, "hc_collected": more["hc_collected"]}
    done = validate_slot("hc_more", "no", slots, TODAY)
    assert isinstance(done, dict)
    assert (
        done["harmed_children"]
        == [
            {
                "relationship": "sibling",
                "age": "8",
                "same_home_or_school": "yes",
                "protection_plan": "no",
            }
        ]
        * 2
    )


@pytest.mark.parametrize(
    "answer",
    [
        "a group of Year 7 girls, 11 and 12, he doesn't know them",
        "two boys he met online, ages not known",
        "a 9 year old neighbour and her 7 year old brother",
        "various younger children at the club, 8-10",
        "a stranger",
        "some lads off the estate, no idea how old",
    ],
)
def test_a_group_or_a_stranger_is_taken_and_stored_as_one_entry(answer: str) -> None:
    """These were refused ("give their relationship and their age") until the referrer
    gave up; each is one entry, which the case backend stores."""
    taken = validate_slot("hc_details", answer, {}, TODAY)
    assert isinstance(taken, dict) and isinstance(taken["hc_details"], dict)
    slots = {**taken, "hc_same_home_or_school": "no", "hc_protection_plan": "unknown"}
    done = validate_slot("hc_more", "no", slots, TODAY)
    assert isinstance(done, dict)
    assert len(done["harmed_children"]) == 1
    assert field_value_problems({"harmed_children": done["harmed_children"]}, TODAY) == {}


def test_an_age_correction_that_contradicts_the_date_of_birth_asks_for_it_again() -> None:
    outcome = validate_slot("yp_age", 15, {"yp_date_of_birth": "2012-05-03"}, TODAY)
    assert outcome == {"yp_age": 15, "yp_date_of_birth": None}


def test_confirmation() -> None:
    assert validate_slot("confirm_submission", "Submit referral", {}, TODAY) == {
        "confirm_submission": True
    }
    assert validate_slot("confirm_submission", "Change something", {}, TODAY) == {
        "confirm_submission": None
    }


def test_no_more_children_after_dont_know_to_the_child_keeps_an_undescribed_child() -> None:
    """ "don't know" to "tell me about the child", then "no" to another: the one child is
    kept, described by nothing (it raised ValueError, losing an ART draft)."""
    outcome = validate_slot("hc_more", "no", {"hc_details": "unknown"}, TODAY)
    assert outcome == {
        "hc_collected": [{"same_home_or_school": "unknown", "protection_plan": "unknown"}],
        "hc_more": False,
        "harmed_children": [{"same_home_or_school": "unknown", "protection_plan": "unknown"}],
    }


def test_dont_know_whether_another_child_was_harmed_keeps_those_described() -> None:
    slots = {"hc_details": {"relationship": "sibling", "age": "8"}}
    outcome = validate_slot("hc_more", "don't know", slots, TODAY)
    assert isinstance(outcome, dict)
    assert outcome["hc_more"] is False
    assert outcome["harmed_children"][0]["relationship"] == "sibling"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("we have the report, yes you can have it", "yes"),
        ("no problem, I'll email it over", "yes"),
        ("we've got it but it can't be shared yet", "no"),
        ("we have it but cannot share it", "no"),
    ],
)
def test_whether_the_report_can_be_shared_is_read_from_what_is_said_of_sharing(
    answer: str, expected: str
) -> None:
    outcome = validate_slot("previous_assessment_report", answer, {}, TODAY)
    assert outcome == {"previous_assessment_report": expected}


def test_two_children_in_one_answer_are_asked_about_one_at_a_time() -> None:
    """ "His sister, 8, and his cousin, 5" was stored as one entry, "sibling, 5-8"."""
    outcome = validate_slot("hc_details", "his sister, 8, and his cousin, 5", {}, TODAY)
    assert isinstance(outcome, str) and "one of them first" in outcome


@pytest.mark.parametrize(
    ("slot", "answer", "expected"),
    [
        ("hc_protection_plan", "15 year old no; 14 year old yes", "no"),
        ("hc_same_home_or_school", "the 15 yo same school, the 14 yo online only", "yes"),
    ],
)
def test_an_answer_for_two_children_is_read_for_the_one_asked_about(
    slot: str, answer: str, expected: str
) -> None:
    """The answer was refused and the question asked again until the person gave up."""
    slots = {"hc_details": {"relationship": "peer", "age": 15}}
    assert validate_slot(slot, answer, slots, TODAY) == {slot: expected}


def test_an_answer_for_other_children_only_is_still_refused() -> None:
    slots = {"hc_details": {"relationship": "peer", "age": 15}}
    outcome = validate_slot("hc_protection_plan", "12 year old no; 14 year old yes", slots, TODAY)
    assert isinstance(outcome, str) and "didn't catch" in outcome
