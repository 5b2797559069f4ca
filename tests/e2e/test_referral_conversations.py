"""Three complete referrals through the REST channel against the trained bot, the real
action server and the backend; each record is then read back from the staff API and
checked field by field, with its screening and flags."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from scripts.harness.chat import Chat, texts
from scripts.harness.referral_script import run_referral
from scripts.harness.stack import Stack

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.e2e

TOP_LEVEL_KEYS = {
    "reference",
    "status",
    "source",
    "created_at",
    "submitted_at",
    "referrer",
    "young_person",
    "allocated_professional",
    "significant_adult",
    "living_situation",
    "concern",
    "investigation",
    "multi_agency_meetings",
    "history",
    "professionals_involved",
    "consent",
    "service_requested",
    "screening",
    "missing_fields",
    "transcript",
}


def years_ago(years: int, days: int = 40) -> date:
    today = date.today()
    anchor = date(today.year - years, today.month, min(today.day, 28))
    return date.fromordinal(anchor.toordinal() - days)


def uk(d: date) -> str:
    return f"{d.day}/{d.month}/{d.year}"


def fetch_record(stack: Stack, token: str, reference: str) -> dict[str, Any]:
    response = httpx.get(
        f"{stack.backend_url}/api/referrals/{reference}",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    record: dict[str, Any] = response.json()
    return record


def reference_in(text: str) -> str:
    import re

    match = re.search(r"HSB-\d{4}-\d{5}", text)
    assert match, text
    return match.group(0)


def criteria(record: dict[str, Any]) -> dict[str, str]:
    return {c["criterion"]: c["result"] for c in record["screening"]["criteria"]}


def flags(record: dict[str, Any]) -> set[str]:
    return {f["code"] for f in record["screening"]["flags"]}


COMMON = {
    "referrer_email": "sarah.jones@southglos.gov.uk",
    "referrer_phone": "07700 900123",
    "referrer_sms_followup": "No",
    "yp_last_name": "Withheld",
    "yp_education_setting": "Yate Academy, year 9",
    "yp_additional_needs": "ADHD, has an EHCP",
    "sa_name": "Claire Smith",
    "sa_relationship": "his mum",
    "sa_willing": "yes she's keen to be involved",
    "lives_with": "Mum and her partner",
    "household": "mum, her partner, and a half-sister aged 8",
    "safe_place": "Yes",
    "safety_plan": "Safety plan agreed at the strat: no unsupervised contact with younger children",
    "concern_description": (
        "He was found touching his 8 year old half-sister inappropriately at home in September."
    ),
    "concern_first_noticed": "September 2026",
    "concern_most_recent": "about three weeks ago",
    "concern_context": "home",
    "hc_details": "half-sister, 8",
    "hc_same_home_or_school": "Yes, same house",
    "hc_protection_plan": "yes she is",
    "hc_more": "No",
    "admission": "He admits some of it",
    "severity_view": "skip",
    "social_care_investigated": "Yes, s47 completed",
    "multi_agency_meetings": "Strategy meeting on 2nd October and an ICPC on 20 October",
    "previous_harmful_behaviour": "no",
    "previous_assessment": "None",
    "professionals_involved": "School DSL Mr Patel 01454 123456; GP at Yate surgery",
    "parent_consent": "Agreed",
    "yp_consent": "Agreed",
    "service_requested": "Assessment and therapy",
    "confirm_submission": "Submit referral",
}


# The referral that meets the criteria, also made in Teams (tests/bot/channels).
CRITERIA_MET_OPENING = (
    "Hi, I'd like to refer a 14 year old boy from Yate, I'm his allocated social worker"
)
# A correction in passing, before the legal status question is answered.
CRITERIA_MET_BEFORE = {"yp_legal_status": ["sorry, change the postcode to BS37 5AB"]}


def criteria_met_answers(dob: date) -> dict[str, str]:
    return {
        **COMMON,
        "referrer_name": "Sarah Jones",
        "referrer_organisation": "South Gloucestershire Children's Services",
        "yp_first_name": "Jake",
        "yp_date_of_birth": uk(dob),
        "yp_gender": "Male",
        "yp_legal_status": "CP plan",
        "police_involved": "No",
    }


def test_a_referral_that_meets_the_criteria(stack: Stack, staff_token: str) -> None:
    dob = years_ago(14)
    chat = Chat(stack.rasa_url)
    run = run_referral(
        chat, CRITERIA_MET_OPENING, criteria_met_answers(dob), before=CRITERIA_MET_BEFORE
    )
    assert "HSB-" in run.bot_text
    record = fetch_record(stack, staff_token, reference_in(run.bot_text))

    assert set(record) == TOP_LEVEL_KEYS
    assert record["status"] == "submitted"
    assert record["source"] == "rest"
    assert record["referrer"]["name"] == "Sarah Jones"
    assert record["referrer"]["role"] == "social worker"
    assert record["referrer"]["email"] == "sarah.jones@southglos.gov.uk"
    assert record["referrer"]["phone"] == "+447700900123"
    assert record["referrer"]["is_allocated_professional"] == "yes"
    young = record["young_person"]
    assert young["first_name"] == "Jake"
    assert young["date_of_birth"] == dob.isoformat()
    assert young["age"] == 14
    assert young["gender"] == "male"
    assert young["location"] == "BS37 5AB"  # corrected from "Yate"
    assert young["legal_status"] == "child_protection_plan"
    assert record["significant_adult"]["name"] == "Claire Smith"
    assert record["significant_adult"]["willing_to_participate"] == "yes"
    assert record["living_situation"]["safe_place"] == "yes"
    assert record["concern"]["context"] == ["home"]
    assert record["concern"]["harmed_children"][0]["relationship"] == "half-sibling"
    assert record["concern"]["admission"] == "partial"
    assert record["investigation"]["social_care_investigated"] == "yes"
    assert record["investigation"]["police_involved"] == "no"
    assert [m["type"] for m in record["multi_agency_meetings"]] == [
        "strategy_meeting",
        "child_protection_conference",
    ]
    assert record["consent"]["parent_carer_consent"] == "agreed"
    assert record["service_requested"] == "assessment_and_therapy"
    assert record["screening"]["outcome"] == "criteria_met"
    assert set(criteria(record).values()) == {"met"}
    assert flags(record) == set()
    spoken = " ".join(t["text"] for t in record["transcript"])
    assert "14 year old boy from Yate" in spoken
    # facts from the opening message were never asked for again
    assert not {"yp_age", "yp_location", "referrer_role", "referrer_is_allocated"} & set(run.asked)
    # This stack can't send texts (no Twilio), so consent to them is never asked for,
    # though the phone is a mobile; tests/actions/test_consent_question.py shows it asked
    # when texts can be sent.
    assert "referrer_sms_followup" not in run.asked
    assert record["referrer"]["sms_followup"] is None


def test_an_ongoing_police_investigation_needs_discussion(stack: Stack, staff_token: str) -> None:
    chat = Chat(stack.rasa_url)
    run = run_referral(
        chat,
        "Hello, Tom Reed, DSL at Thornbury school. Need to make an HSB referral for a girl, "
        "Maisie, DOB 14/02/2011, lives in Thornbury BS35 2AA",
        {
            **COMMON,
            "referrer_name": "Tom Reed",
            "referrer_role": "DSL",
            "referrer_organisation": "The Castle School, Thornbury",
            "referrer_is_allocated": "No, her social worker is",
            "ap_exists": "yes",
            "ap_name": "Priya Shah",
            "ap_role": "Social worker",
            "ap_agency": "South Glos children's social care",
            "ap_contact": "priya.shah@southglos.gov.uk",
            "yp_first_name": "Maisie",
            "yp_last_name": "Withheld",
            "yp_legal_status": "CIN",
            "sa_relationship": "her mum",
            "police_involved": "yes",
            "police_status": "she's RUI",
        },
    )
    record = fetch_record(stack, staff_token, reference_in(run.bot_text))
    assert record["referrer"]["name"] == "Tom Reed"
    assert record["referrer"]["is_allocated_professional"] == "no"
    assert record["allocated_professional"]["name"] == "Priya Shah"
    assert record["young_person"]["first_name"] == "Maisie"
    assert record["young_person"]["date_of_birth"] == "2011-02-14"
    assert record["young_person"]["location"] == "BS35 2AA"
    assert record["young_person"]["legal_status"] == "child_in_need"
    assert record["investigation"]["police_status"] == "open"
    assert record["screening"]["outcome"] == "needs_discussion"
    assert record["status"] == "needs_discussion"
    assert "POLICE_INVESTIGATION_ONGOING" in flags(record)
    assert criteria(record)["investigation"] == "exception"
    assert "discuss" in run.bot_text.lower()
    # the date of birth, gender and postcode in the opening message were never asked for
    assert not {"yp_date_of_birth", "yp_gender", "yp_location"} & set(run.asked)


def test_a_young_person_under_twelve_does_not_meet_the_age_criterion(
    stack: Stack, staff_token: str
) -> None:
    dob = years_ago(10)
    chat = Chat(stack.rasa_url)
    run = run_referral(
        chat,
        "I want to refer a boy called Alfie, he lives in Kingswood. My name is Dan Wright, "
        "YOT worker, email dan.wright@southglos.gov.uk",
        {
            **COMMON,
            "referrer_organisation": "South Glos Youth Offending Team",
            "referrer_phone": "01454 868008",
            "referrer_is_allocated": "yes",
            "yp_date_of_birth": uk(years_ago(11)),
            "yp_gender": "boy",
            "yp_legal_status": "none",
            "police_involved": "no",
        },
        before={"confirm_submission": [f"actually his date of birth is {uk(dob)}"]},
    )
    record = fetch_record(stack, staff_token, reference_in(run.bot_text))
    assert record["referrer"]["role"] == "YOT worker"
    assert record["referrer"]["phone"] == "+441454868008"
    assert record["young_person"]["date_of_birth"] == dob.isoformat()  # the correction
    assert record["young_person"]["age"] == 10
    assert criteria(record)["age"] == "not_met"
    assert record["screening"]["outcome"] == "criteria_not_met"
    assert record["status"] == "submitted"  # a recommendation: nobody declined it
    assert chat.turns < 60

    # the referrer can ask how it is going; another conversation cannot
    reference = record["reference"]
    assert "has been received" in texts(chat.say(f"what's happening with {reference}?"))
    stranger = Chat(stack.rasa_url).say(f"what's the status of referral {reference}")
    assert "can't find" in texts(stranger)


def test_a_referral_through_the_chat_page_channel_is_recorded_from_the_web(
    stack: Stack, staff_token: str
) -> None:
    chat = Chat(stack.rasa_url, channel="webchat")
    chat.say("/greet")  # as the page opens, then "Make a referral" is clicked
    run = run_referral(
        chat,
        "/start_referral",
        {
            **COMMON,
            "referrer_name": "Ann Lowe",
            "referrer_role": "School nurse",
            "referrer_organisation": "Sirona care & health",
            "referrer_is_allocated": "yes",
            "yp_first_name": "Sam",
            "yp_date_of_birth": uk(years_ago(13)),
            "yp_gender": "Male",
            "yp_location": "BS32 8EA",
            "yp_legal_status": "Don't know",
            "police_involved": "Don't know",
        },
    )
    record = fetch_record(stack, staff_token, reference_in(run.bot_text))
    assert record["source"] == "web"
    assert record["young_person"]["legal_status"] == "unknown"
    assert record["investigation"]["police_involved"] == "unknown"
    assert record["screening"]["outcome"] == "incomplete"
    assert {"yp_legal_status", "police_involved"} <= set(record["missing_fields"])


def test_a_note_pasted_in_the_web_chat_fills_the_referral_and_the_rest_is_asked(
    stack: Stack, staff_token: str
) -> None:
    """A social worker pastes the referral form they already filled in for another
    service: the bot says what it took and asks only for what the note lacks."""
    note = (ROOT / "tests" / "fixtures" / "notes" / "social_worker_form.txt").read_text()
    chat = Chat(stack.rasa_url, channel="webchat")
    chat.say("Hello, I'd like to make a referral")
    run = run_referral(
        chat,
        note,
        {
            **COMMON,
            "referrer_is_allocated": "yes",
            "yp_date_of_birth": "1/1/2011",  # never asked: the note gave it
            "police_status": "under investigation",
        },
    )
    taken_from_the_note = {
        "referrer_name", "referrer_role", "referrer_organisation", "referrer_email",
        "referrer_phone", "yp_first_name", "yp_last_name", "yp_date_of_birth", "yp_gender",
        "yp_location", "yp_education_setting", "yp_legal_status", "yp_additional_needs",
        "sa_name", "sa_relationship", "sa_willing", "concern_description",
        "concern_first_noticed", "concern_most_recent", "police_involved",
        "parent_consent", "yp_consent",
    }  # fmt: skip
    assert not taken_from_the_note & set(run.asked), chat.transcript()
    assert "From your note I've taken:" in chat.transcript()
    record = fetch_record(stack, staff_token, reference_in(run.bot_text))
    assert record["young_person"]["date_of_birth"] == "2011-05-03"
    assert record["young_person"]["last_name"] == "Baker"
    assert record["referrer"]["email"] == "priya.shah@southglos.gov.uk"
    # the note itself is kept, every line of it, in the referral's transcript (the input
    # gate drops blank lines)
    said = [turn["text"] for turn in record["transcript"] if turn["speaker"] == "professional"]
    assert "\n".join(line for line in note.splitlines() if line.strip()) in said, said


def test_a_group_of_children_and_a_report_not_yet_shareable_are_stored_as_said(
    stack: Stack, staff_token: str
) -> None:
    """A police officer's referral: the harmed children are two boys met online, ages not
    known (that looped on "give their relationship and their age"), then a group of
    girls; the AIM3 report exists but can't be shared yet (that was read as a yes)."""
    chat = Chat(stack.rasa_url)
    run = run_referral(
        chat,
        "I'd like to make a referral for a 15 year old boy from Yate, I'm a police officer",
        {
            **criteria_met_answers(years_ago(15)),
            "referrer_name": "Alex Dunn",
            "referrer_organisation": "Avon and Somerset Police",
            "referrer_is_allocated": "no",
            "ap_exists": "yes",
            "ap_name": "Jo Green",
            "ap_role": "social worker",
            "ap_agency": "South Glos children's services",
            "ap_contact": "01454 868008",
            "concern_context": "online",
            "hc_details": [
                "two boys he met online, ages not known",
                "a group of Year 7 girls, 11 and 12, he doesn't know them",
            ],
            "hc_same_home_or_school": ["No", "no"],
            "hc_protection_plan": ["don't know", "no"],
            "hc_more": ["yes, there were others", "No"],
            "previous_harmful_behaviour": "yes",
            "previous_harmful_behaviour_details": "Sent images to a peer last year",
            "previous_assessment": "AIM3",
            "previous_assessment_date": "last year",
            "previous_assessment_report": "we've got it but it can't be shared yet",
            "police_involved": "yes",
            "police_status": "NFA",
        },
    )
    record = fetch_record(stack, staff_token, reference_in(run.bot_text))
    harmed = record["concern"]["harmed_children"]
    assert harmed[0] == {
        "relationship": "online contact",
        "age": "unknown",
        "count": 2,
        "same_home_or_school": "no",
        "protection_plan": "unknown",
    }
    assert harmed[1]["relationship"] == "stranger" and harmed[1]["age"] == "11-12"
    assert harmed[1]["count"] == "several"
    assert record["history"]["previous_assessment_report_available"] == "no"
    assert run.asked.count("hc_details") == 2  # each description taken the first time
