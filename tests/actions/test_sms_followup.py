"""The bot's side of a follow-up by text, run as the action server runs it against the
real domain.yml and a real database: the referrer's reply starts the conversation, the
bot asks for each missing field in turn, saves each answer to the same record, and
confirms the new screening outcome. Also: the session start marks SMS conversations,
and the SMS rule covers every intent."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import OperationalError

from actions import backend_gateway, sms_followup, sms_gateway
from actions.sms_followup import ActionSessionStart, ActionSmsFollowup
from backend.domain.sms.identity import number_digest
from backend.service import followup_schedule
from backend.service.followup_schedule import FollowupPolicy
from backend.service.unit_of_work import SqlAlchemyUnitOfWork
from tests.support.sms import (
    IDENTIFYING,
    MOBILE,
    NUMBER_KEY,
    OTHER_MOBILE,
    settings_with_sms,
    sms_settings,
    submit,
)

ROOT = Path(__file__).resolve().parents[2]
DOMAIN: dict[str, Any] = yaml.safe_load((ROOT / "domain.yml").read_text())
KEY = NUMBER_KEY.encode()


def said(message: dict[str, Any]) -> str:
    if message.get("response"):
        return str(DOMAIN["responses"][message["response"]][0]["text"])
    return str(message.get("text") or "")


class Conversation:
    """A text conversation with action_sms_followup, one message at a time."""

    def __init__(self, number: str) -> None:
        self.sender = "sms-" + number_digest(number, KEY)
        self.slots: dict[str, Any] = {"sms_followup": True}
        self.events: list[dict[str, Any]] = []

    def say(self, text: str, intent: str = "inform", confidence: float = 0.9) -> list[str]:
        self.events.append(
            {
                "event": "user",
                "text": text,
                "timestamp": 1.0e9,
                "parse_data": {"intent": {"name": intent}},
            }
        )
        tracker = Tracker(
            sender_id=self.sender,
            slots=dict(self.slots),
            latest_message={"text": text, "intent": {"name": intent, "confidence": confidence}},
            events=list(self.events),
            paused=False,
            followup_action=None,
            active_loop={},
            latest_action_name="action_listen",
        )
        dispatcher = CollectingDispatcher()
        events = asyncio.run(ActionSmsFollowup().run(dispatcher, tracker, DOMAIN))
        for event in events:
            if event["event"] == "slot":
                self.slots[event["name"]] = event["value"]
        replies = [said(m) for m in dispatcher.messages]
        self.events.extend({"event": "bot", "text": r, "timestamp": 1.0e9} for r in replies)
        return replies


@pytest.fixture
def backend(uow: SqlAlchemyUnitOfWork, monkeypatch: pytest.MonkeyPatch) -> SqlAlchemyUnitOfWork:
    monkeypatch.setattr(sms_gateway, "_uow", lambda: uow)
    monkeypatch.setattr(backend_gateway, "_uow", lambda: uow)  # the writes kept for retry
    monkeypatch.setattr(sms_gateway, "get_settings", settings_with_sms)
    return uow


def followed_up(uow: SqlAlchemyUnitOfWork, **missing: Any) -> str:
    referral = submit(uow, **missing)
    followup_schedule.schedule_followup(
        uow,
        referral.reference,
        number_key=KEY,
        policy=FollowupPolicy.from_settings(sms_settings()),
        now=datetime.now(timezone.utc),
    )
    return referral.reference


def question(slot: str) -> str:
    return str(DOMAIN["responses"][f"utter_ask_{slot}"][0]["text"])


def test_missing_fields_are_asked_one_by_one_saved_and_the_outcome_confirmed(
    backend: SqlAlchemyUnitOfWork,
) -> None:
    reference = followed_up(
        backend,
        yp_date_of_birth="unknown",
        police_involved="unknown",
        yp_consent="unknown",
        household="unknown",
    )
    chat = Conversation(MOBILE)
    replies = chat.say("Hi, got your text")
    assert reference in replies[0] and "3 more details" in replies[0]
    assert replies[-1] == question("yp_date_of_birth")

    replies = chat.say("sometime in 2012?")  # not a date of birth
    assert replies[-1] == question("yp_date_of_birth")
    replies = chat.say("3/5/2012")
    assert replies == ["Thanks.", question("police_involved")]
    replies = chat.say("Yes")
    assert replies == ["Thanks.", question("police_status")]  # now it applies
    replies = chat.say("No further action")
    assert replies == ["Thanks.", question("yp_consent")]
    replies = chat.say("don't know", intent="dont_know")
    (confirmation,) = replies
    assert confirmation.startswith(f"Thank you. Referral {reference} is up to date.")
    assert "2 details still missing" in confirmation  # the consent, and the household
    assert "practitioner" in confirmation
    assert chat.slots["sms_followup_reference"] is None

    with backend:
        saved = backend.referrals.get(reference)
        log = [e.action for e in backend.audit.events(reference)]
    assert saved is not None and saved.screening is not None
    assert saved.fields["yp_date_of_birth"] == "2012-05-03"
    assert saved.fields["police_involved"] == "yes"
    assert saved.fields["police_status"] == "no_further_action"
    assert saved.fields["yp_consent"] == "unknown"
    assert set(saved.screening.missing_fields) == {"yp_consent", "household"}
    assert log.count("referral.updated_by_sms") == 3
    assert "sms_followup.completed" in log
    spoken = [t.text for t in saved.transcript]
    assert "[SMS] 3/5/2012" in spoken and f"[SMS] {question('police_involved')}" in spoken
    # what the bot said never quoted the record
    for reply in [t for t in spoken if t.startswith("[SMS]")]:
        for value in IDENTIFYING.values():
            assert value not in reply

    # the follow-up is over: the next text gets nothing more
    assert chat.say("thanks") == [sms_gateway_nothing()]


def sms_gateway_nothing() -> str:
    from actions.sms_followup import NOTHING_OPEN_TEXT

    return NOTHING_OPEN_TEXT


def test_a_first_reply_that_answers_the_first_question_counts(
    backend: SqlAlchemyUnitOfWork,
) -> None:
    reference = followed_up(backend, parent_consent="unknown")
    replies = Conversation(MOBILE).say("Agreed")
    assert replies[0].startswith(f"Thank you. Referral {reference} is up to date.")
    assert "appears to meet" in replies[0]
    with backend:
        saved = backend.referrals.get(reference)
    assert saved is not None and saved.fields["parent_consent"] == "agreed"


def test_another_number_is_told_nothing(backend: SqlAlchemyUnitOfWork) -> None:
    reference = followed_up(backend, parent_consent="unknown")
    replies = Conversation(OTHER_MOBILE).say(f"status of {reference}?")
    assert replies == [sms_gateway_nothing()]
    assert reference not in " ".join(replies)


def test_immediate_risk_comes_first_and_is_flagged(backend: SqlAlchemyUnitOfWork) -> None:
    reference = followed_up(backend, parent_consent="unknown", yp_consent="unknown")
    chat = Conversation(MOBILE)
    chat.say("hello")
    replies = chat.say(
        "he's at home with his little sister right now and nobody is supervising",
        intent="immediate_risk",
    )
    assert "999" in replies[0]
    assert replies[-1] == question("parent_consent")  # then back to the question
    with backend:
        saved = backend.referrals.get(reference)
    assert saved is not None and saved.screening is not None
    assert "IMMEDIATE_RISK" in {f.code for f in saved.screening.flags}


def test_a_disclosure_while_the_database_is_down_is_answered_then_flagged(
    backend: SqlAlchemyUnitOfWork, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = followed_up(backend, parent_consent="unknown")
    chat = Conversation(MOBILE)
    chat.say("hello")

    def down(*_: Any, **__: Any) -> Any:
        raise OperationalError("SELECT", {}, Exception("connection refused"))

    with monkeypatch.context() as outage:
        outage.setattr(sms_gateway, "followup_for_sender", down)
        outage.setattr(backend_gateway, "_uow", down)
        replies = chat.say("he's alone with his little sister right now", intent="immediate_risk")
    assert "999" in replies[0]  # the safety message, whatever the database does
    assert replies[-1] == sms_followup.TRY_AGAIN_TEXT
    with backend:
        before = backend.referrals.get(reference)
    assert before is not None and before.screening is not None
    assert "IMMEDIATE_RISK" not in {f.code for f in before.screening.flags}

    # The database is back: the kept flag is recorded, once, and the team told.
    assert asyncio.run(backend_gateway.retry_kept(as_if_at=time.time() + 3600)) == 1
    with backend:
        saved = backend.referrals.get(reference)
        told = [e.kind for e in backend.outbox.events() if e.kind == "immediate_risk"]
    assert saved is not None and saved.screening is not None
    assert "IMMEDIATE_RISK" in {f.code for f in saved.screening.flags}
    assert told == ["immediate_risk"]


def test_asking_for_a_person_records_a_handoff(backend: SqlAlchemyUnitOfWork) -> None:
    reference = followed_up(backend, parent_consent="unknown")
    chat = Conversation(MOBILE)
    chat.say("hello")
    replies = chat.say("can I speak to someone please", intent="request_human")
    assert "Access and Response Team" in replies[0]
    assert replies[-1] == question("parent_consent")
    with backend:
        log = [e.action for e in backend.audit.events(reference)]
    assert "handoff.requested" in log


def test_the_session_start_marks_sms_conversations_only() -> None:
    def started(sender: str, slots: dict[str, Any]) -> list[dict[str, Any]]:
        tracker = Tracker(sender, slots, {}, [], False, None, {}, None)
        return asyncio.run(ActionSessionStart().run(CollectingDispatcher(), tracker, DOMAIN))

    sms = started("sms-" + "a" * 64, {"referral_key": "k", "referrer_name": None})
    assert [e["event"] for e in sms] == ["session_started", "slot", "slot", "action"]
    assert {"event": "slot", "name": "sms_followup", "value": True, "timestamp": None} in sms
    assert {"event": "slot", "name": "referral_key", "value": "k", "timestamp": None} in sms
    assert sms[-1]["name"] == "action_listen"
    web = started("5f0c8a1e-2b7d-4c1a-9e3f-0a1b2c3d4e5f", {"referral_key": "k"})
    assert "sms_followup" not in {e.get("name") for e in web}
    assert started("sms-not-a-digest", {}) == started("someone", {})


def test_the_sms_rule_sends_every_intent_to_the_followup_action() -> None:
    rules = yaml.safe_load((ROOT / "data" / "rules.yml").read_text())["rules"]
    (rule,) = [r for r in rules if r["rule"] == "Every text in an SMS follow-up conversation"]
    assert rule["condition"] == [{"slot_was_set": [{"sms_followup": True}]}]
    covered = {step["intent"] for step in rule["steps"][0]["or"]}
    assert covered == set(DOMAIN["intents"]), "add new intents to the SMS rule"
    assert rule["steps"][1] == {"action": "action_sms_followup"}


def test_a_reply_that_gives_other_missing_details_fills_them_too(
    backend: SqlAlchemyUnitOfWork,
) -> None:
    reference = followed_up(
        backend, yp_date_of_birth="unknown", police_involved="unknown", yp_consent="unknown"
    )
    chat = Conversation(MOBILE)
    chat.say("Hi, got your text")
    replies = chat.say("3/5/2012. No police involvement at all")
    assert replies == ["Thanks.", question("yp_consent")]  # the police question is answered
    with backend:
        saved = backend.referrals.get(reference)
    assert saved is not None
    assert saved.fields["yp_date_of_birth"] == "2012-05-03"
    assert saved.fields["police_involved"] == "no"
