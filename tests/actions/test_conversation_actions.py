"""Recovering and pausing: not understood (a clarifying reply, then after two failures in
a row the offer of a person), stopping for now and coming back, and switching from a
referral to a consultation request. Actions run as the action server runs them."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.referral_actions import ActionPauseReferral, ActionStartReferral, retention_period
from actions.referral_flow import interpret_turn
from actions.referral_form import ValidateReferralForm
from actions.safety import (
    HANDOFF_TEXT,
    ActionFallback,
    ActionHandoff,
    ActionImmediateRisk,
    ActionRespondToAbuse,
    ActionRiskSafetyNet,
    failures_in_a_row,
)
from actions.service_requests import ValidateConsultationForm, known_requester

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def domain() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "domain.yml").read_text())
    return loaded


def user(text: str, intent: str = "nlu_fallback") -> dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}


def action(name: str) -> dict[str, Any]:
    return {"event": "action", "name": name}


def make_tracker(
    events: list[dict[str, Any]],
    slots: dict[str, Any] | None = None,
    intent: str = "nlu_fallback",
    loop: str | None = None,
    confidence: float = 0.9,
) -> Tracker:
    last = next((e for e in reversed(events) if e["event"] == "user"), {"text": ""})
    return Tracker(
        sender_id="test",
        slots=dict(slots or {}),
        latest_message={"text": last["text"], "intent": {"name": intent, "confidence": confidence}},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": loop} if loop else {},
        latest_action_name="action_listen",
    )


def run(
    act: Action, tracker: Tracker, domain: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(act.run(dispatcher, tracker, domain))
    return events, dispatcher.messages


# --- not understood -------------------------------------------------------------------


def test_failures_in_a_row_count_only_consecutive_misunderstandings() -> None:
    assert failures_in_a_row([user("zzz")]) == 1
    answered = [user("zzz"), action("action_fallback"), action("action_listen")]
    assert failures_in_a_row([*answered, user("qqq")]) == 2
    understood = [user("hello", "greet"), action("utter_greet"), action("action_listen")]
    assert failures_in_a_row([*answered, *understood, user("qqq")]) == 1


def test_the_first_misunderstanding_gets_a_clarifying_reply(domain: dict[str, Any]) -> None:
    _, said = run(ActionFallback(), make_tracker([user("asdf jkl")]), domain)
    assert [m.get("response") for m in said] == ["utter_default"]


def test_two_misunderstandings_in_a_row_offer_a_person(domain: dict[str, Any]) -> None:
    events = [user("asdf"), action("action_fallback"), action("action_listen"), user("qwer")]
    _, said = run(ActionFallback(), make_tracker(events), domain)
    assert "person" in said[0]["text"]
    assert {b["payload"] for b in said[0]["buttons"]} == {"/request_human", "/deny"}


def test_an_understood_message_in_between_starts_the_count_again(
    domain: dict[str, Any],
) -> None:
    events = [
        user("asdf"),
        action("action_fallback"),
        action("action_listen"),
        user("what is AIM?", "faq"),
        action("utter_faq"),
        action("action_listen"),
        user("qwer"),
    ]
    _, said = run(ActionFallback(), make_tracker(events), domain)
    assert said[0].get("response") == "utter_default"


def test_an_answer_the_form_could_not_take_counts_as_a_failure() -> None:
    failed_answer = [
        user("purple", "inform"),
        action("referral_form"),
        {"event": "slot", "name": "fallback_count", "value": 1},
        action("action_listen"),
    ]
    assert failures_in_a_row([*failed_answer, user("zzz")]) == 2


def test_an_insult_gets_a_calm_reply_and_nothing_else(domain: dict[str, Any]) -> None:
    tracker = make_tracker([user("you're a useless bot", "abuse")], intent="abuse")
    events, said = run(ActionRespondToAbuse(), tracker, domain)
    assert events == [] and [m.get("response") for m in said] == ["utter_abuse"]


def test_nonsense_read_as_an_insult_is_not_understood(domain: dict[str, Any]) -> None:
    events = [user("xqzv blorp", "abuse")]
    _, said = run(ActionRespondToAbuse(), make_tracker(events, intent="abuse"), domain)
    assert [m.get("response") for m in said] == ["utter_default"]
    events += [
        action("action_respond_to_abuse"),
        {"event": "slot", "name": "fallback_count", "value": 1},
        action("action_listen"),
        user("kjdhf wqpeo", "abuse"),
    ]
    _, said = run(ActionRespondToAbuse(), make_tracker(events, intent="abuse"), domain)
    assert said[0]["buttons"][0]["payload"] == "/request_human"


def form_tracker(text: str, slots: dict[str, Any], requested: str) -> Tracker:
    events = [user(text, "inform"), action("action_extract_slots"), action("referral_form")]
    tracker = make_tracker(events, {**slots, "requested_slot": requested}, "inform")
    tracker.active_loop = {"name": "referral_form"}
    return tracker


def test_in_the_form_a_second_answer_not_understood_in_a_row_offers_a_person(
    domain: dict[str, Any],
) -> None:
    events, said = run(ValidateReferralForm(), form_tracker("purple", {}, "yp_gender"), domain)
    slots = {e["name"]: e["value"] for e in events}
    assert slots["fallback_count"] == 1
    assert not any(m.get("buttons") for m in said)

    tracker = form_tracker("banana", {"fallback_count": 1}, "yp_gender")
    events, said = run(ValidateReferralForm(), tracker, domain)
    slots = {e["name"]: e["value"] for e in events}
    assert slots["yp_gender"] is None and slots["fallback_count"] == 2
    offers = [m for m in said if m.get("buttons")]
    assert offers and offers[0]["buttons"][0]["payload"] == "/request_human"

    events, _ = run(ValidateReferralForm(), form_tracker("male", slots, "yp_gender"), domain)
    slots = {e["name"]: e["value"] for e in events}
    assert slots["yp_gender"] == "male" and slots["fallback_count"] == 0


# --- stopping for now and coming back ------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "words"),
    [(2880, "2 days"), (1440, "1 day"), (120, "2 hours"), (90, "90 minutes"), (1, "1 minute")],
)
def test_the_retention_period_in_words(minutes: int, words: str) -> None:
    assert retention_period(minutes) == words


IN_PROGRESS = {"referral_key": "abc", "referrer_name": "Sam Patel"}


def test_pausing_a_referral_keeps_it_and_says_for_how_long(
    domain: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONVERSATION_RETENTION_MINUTES", "2880")
    tracker = make_tracker([user("I need to go, can I finish later?", "pause")], IN_PROGRESS)
    events, said = run(ActionPauseReferral(), tracker, domain)
    assert events == []  # nothing is cleared
    assert "2 days" in said[0]["text"] and "I'm back" in said[0]["text"]


def test_pausing_with_no_referral_in_progress(domain: dict[str, Any]) -> None:
    tracker = make_tracker([user("got to go", "pause")], {})
    events, said = run(ActionPauseReferral(), tracker, domain)
    assert events == [] and "whenever you're ready" in said[0]["text"]


def test_coming_back_resumes_the_referral_in_progress(domain: dict[str, Any]) -> None:
    tracker = make_tracker([user("I'm back", "resume")], IN_PROGRESS, "resume")
    events, said = run(ActionStartReferral(), tracker, domain)
    assert events == []  # the answers so far are kept
    assert "Welcome back" in said[0]["text"]


def test_coming_back_with_nothing_in_progress_starts_a_new_referral(
    domain: dict[str, Any],
) -> None:
    tracker = make_tracker([user("I'm back", "resume")], {}, "resume")
    events, said = run(ActionStartReferral(), tracker, domain)
    assert "can't find a referral" in said[0]["text"]
    assert said[1].get("response") == "utter_start_referral"
    assert any(e["name"] == "referral_key" and e["value"] for e in events)


@pytest.mark.parametrize("slot", ["referrer_name", "concern_description", "yp_gender"])
def test_stopping_for_now_is_never_taken_for_an_answer(slot: str) -> None:
    candidates, _ = interpret_turn(
        "I need to go, can I finish this later?", "pause", 0.9, slot, {}, TODAY
    )
    assert candidates == {}


# --- insults and switching requests ----------------------------------------------------


def test_an_insult_aimed_at_the_bot_interrupts_a_short_answer() -> None:
    candidates, _ = interpret_turn(
        "this is useless, stupid bot", "abuse", 0.9, "yp_gender", {}, TODAY
    )
    assert candidates == {}


def test_rude_words_in_an_account_of_what_happened_are_the_answer() -> None:
    text = "he called her a stupid slag and said you're next"
    candidates, _ = interpret_turn(text, "abuse", 0.9, "concern_description", {}, TODAY)
    assert candidates == {"concern_description": text}


@pytest.mark.parametrize(
    ("text", "slot", "is_answer"),
    [
        ("actually can I have a consultation instead?", "referrer_role", False),
        ("could I just get some advice about him first", "concern_description", False),
        ("Jo Consulting Ltd", "referrer_organisation", True),
        ("school asked the EP for advice last term", "concern_description", True),
    ],
)
def test_a_consultation_request_must_say_so(text: str, slot: str, is_answer: bool) -> None:
    candidates, _ = interpret_turn(text, "request_consultation", 0.9, slot, {}, TODAY)
    assert (slot in candidates) is is_answer


def test_a_consultation_after_a_referral_reuses_who_they_are(domain: dict[str, Any]) -> None:
    slots = {
        "referrer_name": "Sam Patel",
        "referrer_organisation": "South Glos Council",
        "referrer_email": "unknown",
        "referrer_phone": "07700 900123",
    }
    assert known_requester(slots) == {
        "req_name": "Sam Patel",
        "req_organisation": "South Glos Council",
        "req_contact": "07700 900123",
    }
    tracker = make_tracker(
        [user("can I have a consultation instead", "request_consultation")],
        slots,
        "request_consultation",
        loop="consultation_form",
    )
    events, _ = run(ValidateConsultationForm(), tracker, domain)
    filled = {e["name"]: e["value"] for e in events}
    assert filled["req_name"] == "Sam Patel"
    assert filled["req_contact"] == "+447700900123"  # validated as any contact is
    assert "req_topic" not in filled  # asked next: the form asks the first empty slot


def test_carry_on_is_not_a_consultations_topic(domain: dict[str, Any]) -> None:
    slots = {"req_name": "Sam Patel", "req_organisation": "Sirona", "req_contact": "x@y.uk"}
    slots["requested_slot"] = "req_topic"
    tracker = make_tracker([user("I'm back", "resume")], slots, "resume", loop="consultation_form")
    events, said = run(ValidateConsultationForm(), tracker, domain)
    assert "req_topic" not in {e["name"] for e in events}
    assert [m.get("text") for m in said] == ["OK, carrying on."]


@pytest.fixture
def case_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The action server's database: a fresh SQLite file, migrated, for this test only."""
    from backend.adapters.encryption import generate_key
    from backend.cli import migrate
    from backend.service.unit_of_work import default_engine
    from backend.settings import get_settings

    url = f"sqlite:///{tmp_path / 'hsb.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("FIELD_ENCRYPTION_KEY", generate_key())
    get_settings.cache_clear()
    default_engine.cache_clear()
    migrate(url)
    yield url
    default_engine().dispose()
    get_settings.cache_clear()
    default_engine.cache_clear()


def test_a_disclosure_the_classifier_could_not_place_gets_the_safety_message(
    domain: dict[str, Any], case_database: str
) -> None:
    from backend.service import referrals
    from backend.service.unit_of_work import SqlAlchemyUnitOfWork

    text = "he's home alone with his little sister tonight and nobody is supervising"
    events, said = run(ActionFallback(), make_tracker([user(text)]), domain)
    assert [m.get("response") for m in said] == ["utter_immediate_risk", "utter_offer_continue"]
    assert {"event": "slot", "name": "immediate_risk", "value": True, "timestamp": None} in events
    reference = next(e["value"] for e in events if e["name"] == "referral_reference")
    record = referrals.get_record(SqlAlchemyUnitOfWork(), reference, actor="test")
    assert record is not None
    assert "IMMEDIATE_RISK" in {flag["code"] for flag in record["screening"]["flags"]}


# --- an answer the classifier read as immediate risk ---------------------------------


def risk_read_in(loop: str, text: str, confidence: float, slots: dict[str, Any]) -> Tracker:
    """A message the classifier read as immediate risk, as the form first sees it."""
    events = [user(text, "immediate_risk"), action(loop)]
    return make_tracker(events, slots, "immediate_risk", loop=loop, confidence=confidence)


def test_a_name_read_as_immediate_risk_answers_whats_your_name(domain: dict[str, Any]) -> None:
    tracker = risk_read_in("referral_form", "Dan Wright", 0.94, {"requested_slot": "referrer_name"})
    events, said = run(ValidateReferralForm(), tracker, domain)
    filled = {e["name"]: e["value"] for e in events}
    assert filled["referrer_name"] == "Dan Wright"
    assert filled["requested_slot"] == "referrer_role"
    assert said == []  # no safety message


def test_a_name_read_as_immediate_risk_answers_a_request_form(domain: dict[str, Any]) -> None:
    tracker = risk_read_in("consultation_form", "Dan Wright", 0.94, {"requested_slot": "req_name"})
    events, _ = run(ValidateConsultationForm(), tracker, domain)
    assert {e["name"]: e["value"] for e in events}["req_name"] == "Dan Wright"


@pytest.mark.parametrize(
    ("loop", "form"),
    [("referral_form", ValidateReferralForm()), ("consultation_form", ValidateConsultationForm())],
)
def test_a_disclosure_read_as_immediate_risk_is_left_to_the_rules(
    domain: dict[str, Any], loop: str, form: Action
) -> None:
    """The form takes nothing, so Rasa rejects it and the rules run action_immediate_risk."""
    slots = {"requested_slot": "concern_description" if loop == "referral_form" else "req_topic"}
    tracker = risk_read_in(loop, "he is at home with her right now and I'm scared", 0.7, slots)
    events, said = run(form, tracker, domain)
    assert not [e for e in events if e["name"] not in ("requested_slot",)]
    assert said == []


@pytest.mark.parametrize(
    ("loop", "asked"),
    [("referral_form", "concern_description"), ("consultation_form", "req_topic")],
)
def test_a_disclosure_gets_the_safety_message_and_the_flag_and_keeps_the_account(
    domain: dict[str, Any], case_database: str, loop: str, asked: str
) -> None:
    from backend.service import referrals
    from backend.service.unit_of_work import SqlAlchemyUnitOfWork

    text = "he is at home with her right now and I'm scared"
    tracker = risk_read_in(loop, text, 0.7, {"requested_slot": asked})
    events, said = run(ActionImmediateRisk(), tracker, domain)
    assert [m.get("response") for m in said] == ["utter_immediate_risk"]
    assert {"event": "slot", "name": asked, "value": text, "timestamp": None} in events
    reference = next(e["value"] for e in events if e["name"] == "referral_reference")
    record = referrals.get_record(SqlAlchemyUnitOfWork(), reference, actor="test")
    assert record is not None
    assert "IMMEDIATE_RISK" in {flag["code"] for flag in record["screening"]["flags"]}


def test_a_disclosure_outside_a_form_keeps_nothing_as_an_answer(
    domain: dict[str, Any], case_database: str
) -> None:
    tracker = make_tracker(
        [user("a child is in danger right now", "immediate_risk")], {}, "immediate_risk"
    )
    events, said = run(ActionImmediateRisk(), tracker, domain)
    assert [m.get("response") for m in said] == ["utter_immediate_risk"]
    assert {e["name"] for e in events} == {"immediate_risk", "referral_key", "referral_reference"}


def test_risk_words_that_point_elsewhere_raise_no_alarm_outside_a_form(
    domain: dict[str, Any], case_database: str
) -> None:
    tracker = make_tracker(
        [user("he's at risk of permanent exclusion", "immediate_risk")], {}, "immediate_risk"
    )
    events, said = run(ActionImmediateRisk(), tracker, domain)
    assert [m.get("response") for m in said] == ["utter_risk_elsewhere"]
    assert events == []  # no flag
    assert "999" in domain["responses"]["utter_risk_elsewhere"][0]["text"]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("the child is not safe, he's still there", "faq"),
        ("I need help now, the girl is with him", "help"),
        ("my daughter is alone with him right now", "family_member"),
    ],
)
def test_a_disclosure_read_as_a_question_gets_the_safety_message_first(
    domain: dict[str, Any], case_database: str, text: str, intent: str
) -> None:
    events, said = run(
        ActionRiskSafetyNet(), make_tracker([user(text, intent)], {}, intent), domain
    )
    assert [m.get("response") for m in said] == ["utter_immediate_risk"]
    assert "immediate_risk" in {e["name"] for e in events}


def test_a_service_question_passes_the_safety_net_untouched(domain: dict[str, Any]) -> None:
    tracker = make_tracker([user("do you see 17 year olds?", "faq")], {}, "faq")
    assert run(ActionRiskSafetyNet(), tracker, domain) == ([], [])


# --- "is any child at risk right now?" after an account read as risk ------------------

ACCOUNT = "He forced a younger child to touch him while babysitting, about two months ago"


def test_an_account_read_as_sure_risk_is_kept_then_checked(domain: dict[str, Any]) -> None:
    tracker = risk_read_in(
        "referral_form", ACCOUNT, 0.99, {"requested_slot": "concern_description"}
    )
    events, said = run(ValidateReferralForm(), tracker, domain)
    filled = {e["name"]: e["value"] for e in events}
    assert filled["concern_description"] == ACCOUNT
    assert filled["risk_now"] == "ask" and filled["requested_slot"] == "risk_now"
    assert said == []  # the question comes from the domain: utter_ask_risk_now


def check_answered(
    text: str, domain: dict[str, Any], intent: str = "inform"
) -> tuple[dict[str, Any], list[Any]]:
    slots = {"requested_slot": "risk_now", "risk_now": "ask", "concern_description": ACCOUNT}
    tracker = form_tracker(text, slots, "risk_now")
    tracker.latest_message["intent"] = {"name": intent, "confidence": 0.9}
    events, said = run(ValidateReferralForm(), tracker, domain)
    return {e["name"]: e["value"] for e in events}, said


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("what's an AIM assessment?", "faq"),
        ("can I speak to someone", "request_human"),
        ("I need to go, can I finish later?", "pause"),
    ],
)
def test_a_question_or_a_way_out_instead_of_the_check_is_left_to_the_rules(
    domain: dict[str, Any], text: str, intent: str
) -> None:
    filled, said = check_answered(text, domain, intent)
    assert "risk_now" not in filled and said == []  # the form takes nothing: rejected
    assert filled["requested_slot"] == "risk_now"  # and the check is asked again after


def test_no_to_the_check_carries_on_with_the_referral(domain: dict[str, Any]) -> None:
    filled, said = check_answered("No", domain)
    assert filled["risk_now"] == "no" and said == []
    assert filled["requested_slot"] not in (None, "risk_now", "concern_description")


def test_an_unclear_answer_to_the_check_asks_it_again(domain: dict[str, Any]) -> None:
    filled, said = check_answered("banana", domain)
    assert filled["risk_now"] == "ask" and filled["requested_slot"] == "risk_now"
    assert "yes, no or not sure" in said[0]["text"]


@pytest.mark.parametrize(
    ("answer", "intent"),
    [
        ("Yes", "affirm"),
        ("Not sure", "dont_know"),
        ("he's with her right now and I'm worried", "immediate_risk"),
        ("the little one is on his own with him", "immediate_risk"),
    ],
)
def test_yes_or_not_sure_to_the_check_gets_the_safety_message_and_the_flag(
    domain: dict[str, Any], case_database: str, answer: str, intent: str
) -> None:
    from backend.service import referrals
    from backend.service.unit_of_work import SqlAlchemyUnitOfWork

    filled, said = check_answered(answer, domain, intent)
    assert [m.get("response") for m in said] == ["utter_immediate_risk"]
    assert filled["immediate_risk"] is True
    record = referrals.get_record(SqlAlchemyUnitOfWork(), filled["referral_reference"], actor="t")
    assert record is not None
    assert "IMMEDIATE_RISK" in {flag["code"] for flag in record["screening"]["flags"]}
    assert filled["requested_slot"] not in (None, "risk_now")  # and the referral carries on


def test_a_disclosure_read_as_a_request_for_a_person_gets_the_safety_message_first(
    domain: dict[str, Any], case_database: str
) -> None:
    """Outside a form the rules answer a request for a person without reading the words;
    a disclosure the classifier put there must still get the safety message and the flag,
    on the same referral as the request."""
    text = "the 6 year old is alone with him right now"
    tracker = make_tracker([user(text, "request_human")], intent="request_human")
    events, said = run(ActionHandoff(), tracker, domain)
    assert said[0].get("response") == "utter_immediate_risk"
    assert said[-1].get("text") == HANDOFF_TEXT
    assert {"event": "slot", "name": "immediate_risk", "value": True, "timestamp": None} in events
    assert len({e["value"] for e in events if e["name"] == "referral_key"}) == 1


def test_a_plain_request_for_a_person_gets_no_safety_message(
    domain: dict[str, Any], case_database: str
) -> None:
    text = "can someone ring me about the danger of him being excluded"
    tracker = make_tracker([user(text, "request_human")], intent="request_human")
    events, said = run(ActionHandoff(), tracker, domain)
    assert [m.get("text") for m in said] == [HANDOFF_TEXT]
    assert "immediate_risk" not in {e["name"] for e in events}
