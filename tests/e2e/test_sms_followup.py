"""A referral with missing fields completed by text, end to end: a referral made in the
chat with consent to texts, the follow-up text sent through the twilio SDK (captured),
the referrer's replies coming in through Twilio's signed webhook, relayed to the real
bot, which asks for each missing field in turn; the record is updated, audited and
screened again, and no text ever carries a name, date of birth, postcode or anything
about the behaviour. Another number learns nothing; STOP is honoured; the bot's SMS
channel takes nothing that the backend did not sign."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backend.adapters.bot_relay import signed_headers
from backend.adapters.orm import AuditEventRow, SmsFollowupRow, SmsSuppressionRow
from backend.api.main import create_app
from backend.domain.sms import segments, texts
from backend.settings import load_settings
from scripts.harness.chat import Chat
from scripts.harness.chat import texts as chat_texts
from scripts.harness.referral_script import asked_slot, run_referral
from scripts.harness.stack import Stack
from tests.e2e.stored import stored_rows
from tests.e2e.test_referral_conversations import (
    COMMON,
    fetch_record,
    reference_in,
    uk,
    years_ago,
)
from tests.support.twilio import RecordingTwilioHttpClient, inbound_params, signed

pytestmark = pytest.mark.e2e

REFERRER = "+447700900123"  # COMMON's "07700 900123"
STRANGER = "+447700900777"
DOB = uk(years_ago(13))
ANSWERS = {
    **COMMON,
    "referrer_sms_followup": "Yes",
    "referrer_name": "Ann Lowe",
    "referrer_role": "School nurse",
    "referrer_organisation": "Sirona care & health",
    "referrer_is_allocated": "yes",
    "yp_first_name": "Sam",
    "yp_date_of_birth": "don't know",
    "yp_gender": "Male",
    "yp_location": "BS32 8EA",
    "yp_additional_needs": "None",
    "yp_legal_status": "Don't know",
    "police_involved": "Don't know",
}
# What the referrer texts back, by the question the bot asks.
BY_TEXT = {"yp_date_of_birth": DOB, "yp_legal_status": "2", "police_involved": "No"}
NEVER_IN_A_TEXT = [
    "Ann Lowe",
    "Sam",
    "Sirona",
    "Claire Smith",
    "BS32",
    "8EA",
    "sarah.jones",
    DOB,
    "ADHD",
    "EHCP",
    "touching",
    "half-sister",
    "inappropriately",
    "Yate",
    "Mr Patel",
    "Withheld",
]


@dataclass
class Phones:
    client: TestClient
    app: FastAPI
    twilio: RecordingTwilioHttpClient

    def send_due_followups(self) -> None:
        self.client.portal.call(self.app.state.sms.send_due)  # type: ignore[union-attr]

    def text(self, from_number: str, body: str) -> list[str]:
        """What the service texted back to the number for this text."""
        before = len(self.twilio.sent)
        payload, headers = signed(inbound_params(from_number, body))
        response = self.client.post("/sms/twilio/inbound", content=payload, headers=headers)
        assert response.status_code == 200
        return [s.body for s in self.twilio.sent[before:] if s.to == from_number]


@pytest.fixture
def phones(sms_stack: Stack) -> Iterator[Phones]:
    """The backend's SMS webhook and sender in this process, on the stack's database and
    bot, with Twilio's REST calls captured."""
    twilio = RecordingTwilioHttpClient()
    app = create_app(
        load_settings(sms_stack.env),
        sms_http_client=twilio,
    )
    with TestClient(app) as client:
        yield Phones(client, app, twilio)


def assert_nothing_personal(body: str) -> None:
    for secret in NEVER_IN_A_TEXT:
        assert not re.search(rf"\b{re.escape(secret)}\b", body, re.IGNORECASE), (secret, body)
    assert segments.count(body).segments <= 3


def test_a_referral_with_missing_fields_is_completed_by_text(
    sms_stack: Stack, sms_staff_token: str, phones: Phones
) -> None:
    chat = Chat(sms_stack.rasa_url)
    chat.say("/greet")  # then "Make a referral", as on the chat page
    run = run_referral(chat, "/start_referral", ANSWERS)
    assert "referrer_sms_followup" in run.asked
    assert "we'll text you" in run.bot_text
    reference = reference_in(run.bot_text)
    record = fetch_record(sms_stack, sms_staff_token, reference)
    assert record["referrer"]["sms_followup"] == "yes"
    assert {"yp_date_of_birth", "yp_legal_status", "police_involved"} <= set(
        record["missing_fields"]
    )

    # The follow-up text: the reference and what is needed, to the referrer's mobile.
    phones.send_due_followups()
    (followup,) = phones.twilio.sent
    assert followup.to == REFERRER
    assert reference in followup.body and "date of birth" in followup.body
    assert_nothing_personal(followup.body)

    # The referrer replies; the bot asks for each missing field in turn.
    replies = phones.text(REFERRER, "Hi, what do you need?")
    assert reference in replies[0]
    asked = []
    for _ in range(10):
        slot = asked_slot([{"text": body} for body in replies])
        if slot is None:
            break
        asked.append(slot)
        for body in replies:
            assert_nothing_personal(body)
        replies = phones.text(REFERRER, BY_TEXT[slot])
    assert asked == ["yp_date_of_birth", "yp_legal_status", "police_involved"]
    (confirmation,) = replies
    assert f"Referral {reference} is up to date" in confirmation
    assert "appears to meet the service's criteria" in confirmation
    assert_nothing_personal(confirmation)

    # The same record, updated, audited and screened again.
    record = fetch_record(sms_stack, sms_staff_token, reference)
    assert record["young_person"]["date_of_birth"] == years_ago(13).isoformat()
    assert record["young_person"]["legal_status"] == "child_in_need"
    assert record["investigation"]["police_involved"] == "no"
    assert record["young_person"]["first_name"] == "Sam"  # unchanged
    assert record["missing_fields"] == []
    assert record["screening"]["outcome"] == "criteria_met"
    assert record["status"] == "submitted"
    assert record["source"] == "rest"
    assert any(t["text"].startswith("[SMS] ") for t in record["transcript"])
    audit = [r.action for r in stored_rows(sms_stack, AuditEventRow) if r.reference == reference]
    assert audit.count("referral.updated_by_sms") == 3
    assert "sms_followup.sent" in audit and "sms_followup.completed" in audit
    (row,) = [r for r in stored_rows(sms_stack, SmsFollowupRow)]
    assert row.status == "completed" and row.texts_sent == 1

    # The follow-up is over; another number never learns anything about the referral.
    assert phones.text(STRANGER, f"What's happening with {reference}?") == [texts.NO_FOLLOWUP_TEXT]
    assert phones.text(REFERRER, "thanks!") == [texts.NO_FOLLOWUP_TEXT]

    # STOP: no reply, and the number is on the suppression list.
    assert phones.text(REFERRER, "STOP") == []
    assert len(stored_rows(sms_stack, SmsSuppressionRow)) == 1
    for body in phones.twilio.bodies():
        assert_nothing_personal(body)

    # Neither the numbers nor what was texted are in any log.
    for name in ("rasa", "actions", "backend"):
        log = (sms_stack.workdir / f"{name}.log").read_text(errors="replace")
        for secret in (REFERRER, STRANGER, "900123", "900777", DOB, "Hi, what do you need?"):
            assert secret not in log, (name, secret)


def test_the_bots_sms_channel_takes_only_what_the_backend_signed(sms_stack: Stack) -> None:
    url = f"{sms_stack.rasa_url}/webhooks/twilio_sms/webhook"
    body = json.dumps({"sender": "sms-" + "0" * 64, "message": "hello"}).encode()
    headers = {"Content-Type": "application/json"}
    assert httpx.post(url, content=body, headers=headers, timeout=30).status_code == 403
    forged = signed_headers("not-the-relay-secret-" + "x" * 32, body)
    assert httpx.post(url, content=body, headers={**headers, **forged}).status_code == 403
    genuine = signed_headers(sms_stack.env["SMS_RELAY_SECRET"], body)
    first = httpx.post(url, content=body, headers={**headers, **genuine}, timeout=60)
    assert first.status_code == 200
    # a sender with no follow-up is told there is nothing to do, and nothing else
    assert "nothing I need from you" in chat_texts(first.json())
    replayed = httpx.post(url, content=body, headers={**headers, **genuine}, timeout=60)
    assert replayed.status_code == 403
