"""The paths around a referral, through the REST channel against the trained bot:
service questions mid-form, immediate risk in any state, a person on request, cancel
and start again, a parent or carer, and consultation and training requests."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from backend.adapters.orm import (
    ConsultationRequestRow,
    HandoffRequestRow,
    ReferralRow,
    TrainingRequestRow,
)
from bot.input_gate import PAYLOAD_REPLY
from scripts.harness.chat import Chat, buttons, texts
from scripts.harness.referral_script import asked_slot
from scripts.harness.stack import Stack
from tests.e2e.stored import cipher_of, stored_rows

pytestmark = pytest.mark.e2e


def referrals(stack: Stack, token: str) -> list[dict[str, Any]]:
    response = httpx.get(
        f"{stack.backend_url}/api/referrals",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    response.raise_for_status()
    body = response.json()
    return body if isinstance(body, list) else body["items"]


def record(stack: Stack, token: str, reference: str) -> dict[str, Any]:
    response = httpx.get(
        f"{stack.backend_url}/api/referrals/{reference}",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    response.raise_for_status()
    found: dict[str, Any] = response.json()
    return found


def test_greeting_offers_the_main_choices_as_buttons(stack: Stack) -> None:
    replies = Chat(stack.rasa_url).say("hello")
    assert "Make a referral" in buttons(replies)
    assert "999" in texts(replies)


def test_a_service_question_mid_form_is_answered_and_the_form_resumes(stack: Stack) -> None:
    chat = Chat(stack.rasa_url)
    assert asked_slot(chat.say("I'd like to make a referral")) == "referrer_name"
    replies = chat.say("sorry, what is ERASOR?")
    assert "ERASOR" in texts(replies)
    assert asked_slot(replies) == "referrer_name"
    assert asked_slot(chat.say("Sam Patel")) == "referrer_role"


def test_immediate_risk_mid_form_stops_flags_and_offers_to_continue(
    stack: Stack, staff_token: str
) -> None:
    chat = Chat(stack.rasa_url)
    chat.say("I need to refer a 13 year old boy from Patchway")
    chat.say("Sam Patel")
    replies = chat.say("he is at home alone with his little sister right now and I'm worried")
    said = texts(replies)
    assert "999" in said and "Access and Response Team" in said
    assert "Carry on" in buttons(replies)

    drafts = [r for r in referrals(stack, staff_token) if r["status"] == "draft"]
    assert drafts, "a draft referral is created for the flag"
    flagged = [record(stack, staff_token, r["reference"]) for r in drafts]
    assert any(
        "IMMEDIATE_RISK" in {f["code"] for f in rec["screening"]["flags"]}
        and rec["referrer"]["name"] == "Sam Patel"
        for rec in flagged
    )
    # carrying on comes back to the question that was open
    assert asked_slot(chat.say("Carry on")) == "referrer_role"


def test_a_greeting_is_not_taken_for_the_role(stack: Stack) -> None:
    chat = Chat(stack.rasa_url)
    chat.say("I'd like to make a referral")
    assert asked_slot(chat.say("Sam Patel")) == "referrer_role"
    assert asked_slot(chat.say("hello")) == "referrer_role"
    assert asked_slot(chat.say("DSL")) == "referrer_organisation"


# The answers up to the date of birth, by the question asked.
UP_TO_THE_DATE_OF_BIRTH = {
    "referrer_name": "Sam Patel",
    "referrer_role": "social worker",
    "referrer_organisation": "South Glos Children's Services",
    "referrer_email": "sam.patel@southglos.gov.uk",
    "referrer_phone": "07700 900123",
    "referrer_sms_followup": "no",
    "referrer_is_allocated": "yes",
    "yp_first_name": "Jake",
    "yp_last_name": "withheld",
}


@pytest.mark.parametrize("question", ["do you see 17 year olds?", "is 11 too young?"])
def test_an_age_question_at_the_date_of_birth_is_answered_and_asked_again(
    stack: Stack, question: str
) -> None:
    """The age in the question was stored as the young person's age."""
    chat = Chat(stack.rasa_url)
    replies = chat.say("I'd like to make a referral")
    while (slot := asked_slot(replies)) != "yp_date_of_birth":
        assert slot in UP_TO_THE_DATE_OF_BIRTH, chat.transcript()
        replies = chat.say(UP_TO_THE_DATE_OF_BIRTH[slot])
    replies = chat.say(question)
    assert "12" in texts(replies), chat.transcript()  # the answer: aged 12 up to 18
    assert asked_slot(replies) == "yp_date_of_birth", chat.transcript()


@pytest.mark.parametrize(
    "question", ["how long is the wait right now?", "is there a waiting list at the moment?"]
)
def test_a_question_about_the_wait_is_answered_and_the_question_asked_again(
    stack: Stack, question: str
) -> None:
    """ "how long is the wait right now?" given to "what's your name?" was refused as a
    name. The answer says what the bot can honestly say (no published times, contact
    within a few working days) and the open question comes back."""
    chat = Chat(stack.rasa_url)
    chat.say("I'd like to make a referral")
    replies = chat.say(question)
    assert "waiting times" in texts(replies), chat.transcript()
    assert "Please give a name" not in texts(replies), chat.transcript()
    assert asked_slot(replies) == "referrer_name", chat.transcript()
    assert asked_slot(chat.say("Sam Patel")) == "referrer_role", chat.transcript()


@pytest.mark.parametrize("name", ["Dan Wright", "It's Dan Wright"])
def test_a_name_is_taken_as_the_name_even_when_it_reads_as_right_now(
    stack: Stack, name: str
) -> None:
    """The classifier reads "Dan Wright" as immediate risk (0.94 on the current model,
    0.98 with "It's"): a name answering "what's your name?" is never a disclosure."""
    chat = Chat(stack.rasa_url)
    chat.say("I'd like to make a referral")
    replies = chat.say(name)
    assert "999" not in texts(replies)
    assert asked_slot(replies) == "referrer_role"


def test_asking_for_a_person_records_a_handoff_with_the_transcript(stack: Stack) -> None:
    chat = Chat(stack.rasa_url)
    chat.say("I want to refer a young person")
    before = len(stored_rows(stack, HandoffRequestRow))
    replies = chat.say("can I speak to a real person please")
    assert "Access and Response Team" in texts(replies)
    rows = stored_rows(stack, HandoffRequestRow)
    assert len(rows) == before + 1
    transcript = cipher_of(stack).decrypt_json(rows[-1].transcript)
    assert any("real person" in turn["text"] for turn in transcript)
    assert asked_slot(replies) == "referrer_name"  # and the referral can go on


def test_cancel_asks_first_then_clears_the_referral_and_a_new_one_starts_afresh(
    stack: Stack,
) -> None:
    chat = Chat(stack.rasa_url)
    chat.say("referral for a 15 year old girl in Yate please")
    chat.say("Jo Smith")
    replies = chat.say("cancel")
    assert "Do you want to cancel?" in texts(replies)
    assert buttons(replies) == ["Yes, cancel it", "No, keep it"]
    replies = chat.say("/cancel")  # the button
    assert "cancelled" in texts(replies)
    replies = chat.say("I'd like to make a referral")
    assert asked_slot(replies) == "referrer_name"  # nothing kept from before


@pytest.mark.parametrize("keep", ["/deny", "no", "no, keep it"])  # the button, or typed
def test_no_to_cancelling_carries_on_where_the_referral_was(stack: Stack, keep: str) -> None:
    chat = Chat(stack.rasa_url)
    chat.say("referral for a 15 year old girl in Yate please")
    chat.say("Jo Smith")
    assert "Do you want to cancel?" in texts(chat.say("scrap this"))
    replies = chat.say(keep)
    assert "OK, I'll keep it." in texts(replies)
    assert asked_slot(replies) == "referrer_role"


@pytest.mark.parametrize("sure", ["yes", "yes please", "yes, cancel it"])
def test_yes_typed_to_cancelling_cancels(stack: Stack, sure: str) -> None:
    chat = Chat(stack.rasa_url)
    chat.say("referral for a 15 year old girl in Yate please")
    chat.say("Jo Smith")
    assert "Do you want to cancel?" in texts(chat.say("cancel"))
    assert "cancelled" in texts(chat.say(sure))
    replies = chat.say("I'd like to make a referral")
    assert asked_slot(replies) == "referrer_name"


def test_typed_payloads_act_on_nothing(stack: Stack) -> None:
    """Typed mid-referral, "/restart" wipes nothing, "/immediate_risk" makes no empty
    flagged draft, and a payload with entities sets no slot: each is answered without
    the bot, and the referral carries on as it was (issue 11, item 4)."""
    chat = Chat(stack.rasa_url)
    chat.say("referral for a 15 year old girl in Yate please")
    assert asked_slot(chat.say("Jo Smith")) == "referrer_role"
    referrals_before = len(stored_rows(stack, ReferralRow))
    for typed in ("/restart", "/immediate_risk", '/inform{"referrer_role": "banana"}', "/affirm"):
        replies = chat.say(typed)
        assert texts(replies) == PAYLOAD_REPLY, typed
    assert len(stored_rows(stack, ReferralRow)) == referrals_before
    assert asked_slot(chat.say("social worker")) == "referrer_organisation"


def test_a_parent_is_told_how_a_referral_is_made_and_no_referral_is_taken(
    stack: Stack,
) -> None:
    replies = Chat(stack.rasa_url).say(
        "I'm really worried about my son, he's 14, can I refer him to you?"
    )
    said = texts(replies)
    assert "professional" in said
    assert "Access and Response Team" in said
    assert asked_slot(replies) is None


def test_a_consultation_request_is_taken_and_stored(stack: Stack) -> None:
    chat = Chat(stack.rasa_url)
    chat.say("could we have a consultation about a case before referring?")
    chat.say("Priya Shah")
    chat.say("South Glos Children's Social Care")
    chat.say("priya.shah@southglos.gov.uk")
    chat.say("A 13 year old with worrying online behaviour, unsure if it meets the threshold")
    replies = chat.say("Tuesday or Thursday mornings")
    assert "consultation request" in texts(replies)
    details = cipher_of(stack).decrypt_json(stored_rows(stack, ConsultationRequestRow)[-1].details)
    assert details["name"] == "Priya Shah"
    assert details["contact"] == "priya.shah@southglos.gov.uk"
    assert details["times"] == "Tuesday or Thursday mornings"


def test_a_training_request_is_taken_and_stored(stack: Stack) -> None:
    chat = Chat(stack.rasa_url)
    chat.say("we'd like HSB training for our school safeguarding team")
    chat.say("Mark Evans")
    chat.say("Chipping Sodbury School")
    chat.say("01454 862000")
    chat.say("Recognising harmful sexual behaviour, about 20 staff")
    replies = chat.say("any INSET day in January")
    assert "training request" in texts(replies)
    details = cipher_of(stack).decrypt_json(stored_rows(stack, TrainingRequestRow)[-1].details)
    assert details["organisation"] == "Chipping Sodbury School"
    assert details["contact"] == "+441454862000"
