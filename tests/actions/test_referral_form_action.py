"""The referral form's validation action run as the action server runs it, against the
real domain.yml: several facts in one message, corrections, bad input, and stepping
aside for interruptions."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.referral_form import ValidateReferralForm

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "domain.yml").read_text())
    return loaded


def tracker_after(
    text: str,
    intent: str,
    slots: dict[str, Any],
    requested: str | None,
    confidence: float = 0.9,
    resumed: bool = False,
) -> Tracker:
    events: list[dict[str, Any]] = [
        {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}},
        {"event": "action", "name": "action_extract_slots"},
    ]
    if resumed:  # the form comes back after an interruption was handled
        events += [{"event": "action", "name": "utter_faq"}, {"event": "bot", "text": "..."}]
    events.append({"event": "action", "name": "referral_form"})
    return Tracker(
        sender_id="test",
        slots={**slots, "requested_slot": requested},
        latest_message={"text": text, "intent": {"name": intent, "confidence": confidence}},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": "referral_form"},
        latest_action_name="referral_form",
    )


def run(tracker: Tracker, domain: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateReferralForm().run(dispatcher, tracker, domain))
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    said = [m.get("text") or m.get("response") or "" for m in dispatcher.messages]
    return slots, said


def test_one_message_fills_several_slots_and_asks_the_next_unknown(
    domain: dict[str, Any],
) -> None:
    slots, _ = run(
        tracker_after(
            "14 year old boy from Yate, I'm his social worker", "start_referral", {}, None
        ),
        domain,
    )
    assert slots["yp_age"] == 14
    assert slots["yp_gender"] == "male"
    assert slots["yp_location"] == "Yate"
    assert slots["referrer_role"] == "social worker"
    assert slots["requested_slot"] == "referrer_name"


def test_an_answer_is_validated_into_a_clean_value(domain: dict[str, Any]) -> None:
    slots, _ = run(
        tracker_after("3rd May 2011", "inform", {}, "yp_date_of_birth"),
        domain,
    )
    assert slots["yp_date_of_birth"] == "2011-05-03"
    assert isinstance(slots["yp_age"], int)


def test_bad_input_gets_a_message_and_the_question_again(domain: dict[str, Any]) -> None:
    known = {"referrer_name": "Sam", "referrer_role": "GP", "referrer_organisation": "NHS"}
    slots, said = run(tracker_after("john@", "inform", known, "referrer_email"), domain)
    assert slots["referrer_email"] is None
    assert slots["requested_slot"] == "referrer_email"
    assert any("email address" in s for s in said)


def test_a_correction_changes_a_known_field_and_says_so(domain: dict[str, Any]) -> None:
    known = {"referrer_name": "Sam", "yp_location": "Yate"}
    slots, said = run(
        tracker_after("change the postcode to BS37 5AB", "correct", known, "yp_gender"),
        domain,
    )
    assert slots["yp_location"] == "BS37 5AB"
    assert any("changed" in s for s in said)
    assert slots["requested_slot"] == "referrer_role"


def test_a_service_question_is_left_to_the_rules(domain: dict[str, Any]) -> None:
    slots, _ = run(tracker_after("what is AIM?", "faq", {}, "yp_gender", 0.97), domain)
    assert "yp_gender" not in slots or slots["yp_gender"] is None


def test_resuming_after_an_interruption_reads_nothing_from_the_old_message(
    domain: dict[str, Any],
) -> None:
    slots, _ = run(
        tracker_after("who is the service for?", "faq", {}, "referrer_name", resumed=True),
        domain,
    )
    assert slots.get("referrer_name") is None
    assert slots["requested_slot"] == "referrer_name"


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("14 year old boy from Yate", {"yp_age": 14, "yp_gender": "male", "yp_location": "Yate"}),
        ("14 y/o male, Yate", {"yp_age": 14, "yp_gender": "male", "yp_location": "Yate"}),
        ("girl, 13, lives in Thornbury", {"yp_age": 13, "yp_gender": "female"}),
    ],
)
def test_facts_given_to_the_name_question_are_kept_and_the_name_asked_again(
    domain: dict[str, Any], text: str, facts: dict[str, Any]
) -> None:
    """Given to "what's their first name?" over Teams and the web chat, these were
    refused and their facts asked for again later."""
    known = {"referrer_name": "Sam Lee", "referrer_role": "social worker"}
    slots, said = run(tracker_after(text, "inform", known, "yp_first_name"), domain)
    assert slots["yp_first_name"] is None
    assert {slot: slots.get(slot) for slot in facts} == facts
    assert any("name" in message for message in said)


@pytest.mark.parametrize("text", ["hello", "Hi", "good morning", "Morning!"])
def test_a_greeting_is_not_taken_as_the_referrers_role(domain: dict[str, Any], text: str) -> None:
    slots, said = run(
        tracker_after(text, "greet", {"referrer_name": "Sam Lee"}, "referrer_role"), domain
    )
    assert slots.get("referrer_role") is None
    assert said == ["What's your role, for example social worker?"]
