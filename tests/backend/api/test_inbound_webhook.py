"""Twilio's inbound webhook over HTTP: only requests signed by Twilio for the configured
public URL are taken; STOP is honoured without a reply; a referrer with an open
follow-up is relayed to the bot (a stand-in here, checking the relay's signature) under a
keyed hash of their number, and the replies go out through the twilio SDK, each within
the segment limit. Logs carry neither numbers nor text."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from backend.api.main import create_app
from backend.api.sms_runtime import SmsRuntime
from backend.domain.sms import segments, texts
from backend.domain.sms.identity import number_digest
from backend.service import followup_schedule, sms_consent
from backend.service.followup_schedule import FollowupPolicy
from backend.service.unit_of_work import SqlAlchemyUnitOfWork
from backend.settings import load_settings
from bot.channels.relay_auth import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify
from tests.support.sms import (
    MOBILE,
    NUMBER_KEY,
    OTHER_MOBILE,
    RELAY_SECRET,
    sms_settings,
    submit,
)
from tests.support.twilio import (
    AUTH_TOKEN,
    INBOUND_URL,
    RecordingTwilioHttpClient,
    inbound_params,
    signed,
)

PATH = "/sms/twilio/inbound"
DIGEST = number_digest(MOBILE, NUMBER_KEY.encode())
EMOJI_REPLY = "Thanks 🙂 " + "this reply is long and has an emoji, so it is sent as UCS-2. " * 8


@dataclass
class FakeBot:
    """The bot's SMS channel: checks the relay's signature, answers from a script."""

    replies: list[list[dict[str, Any]]] = field(default_factory=list)
    received: list[dict[str, str]] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        verify(
            RELAY_SECRET,
            request.headers.get(TIMESTAMP_HEADER),
            request.headers.get(SIGNATURE_HEADER),
            request.content,
        )
        self.received.append(json.loads(request.content))
        return httpx.Response(200, json=self.replies.pop(0) if self.replies else [])


@dataclass
class Sms:
    client: TestClient
    twilio: RecordingTwilioHttpClient
    bot: FakeBot
    uow: SqlAlchemyUnitOfWork

    def post(
        self, params: dict[str, str], *, url: str = INBOUND_URL, token: str = AUTH_TOKEN
    ) -> httpx.Response:
        body, headers = signed(params, url, token)
        return self.client.post(PATH, content=body, headers=headers)

    def text(self, from_number: str, body: str) -> httpx.Response:
        response = self.post(inbound_params(from_number, body))
        assert response.status_code == 200
        return response


@pytest.fixture
def sms(
    engine: Engine, database_url: str, encryption_key: str, uow: SqlAlchemyUnitOfWork
) -> Iterator[Sms]:
    settings = load_settings(
        {"DATABASE_URL": database_url, "FIELD_ENCRYPTION_KEY": encryption_key, "SMTP_HOST": ""}
    )
    twilio = RecordingTwilioHttpClient()
    bot = FakeBot()
    app = create_app(settings, sms_settings=sms_settings(), sms_http_client=twilio)
    app.state.sms = SmsRuntime(
        sms_settings(), uow, http_client=twilio, relay_transport=httpx.MockTransport(bot)
    )
    with TestClient(app) as client:
        yield Sms(client, twilio, bot, uow)


def open_followup(uow: SqlAlchemyUnitOfWork) -> str:
    referral = submit(uow, parent_consent="unknown", yp_date_of_birth="unknown")
    followup_schedule.schedule_followup(
        uow,
        referral.reference,
        number_key=NUMBER_KEY.encode(),
        policy=FollowupPolicy.from_settings(sms_settings()),
        now=datetime.now(timezone.utc),
    )
    return referral.reference


def test_a_request_signed_by_twilio_for_the_public_url_is_answered_with_empty_twiml(
    sms: Sms,
) -> None:
    response = sms.text(OTHER_MOBILE, "hello")
    assert response.headers["content-type"].startswith("application/xml")
    assert response.text == '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def test_forged_unsigned_and_replayed_to_another_url_requests_are_refused(sms: Sms) -> None:
    params = inbound_params(OTHER_MOBILE, "hello")
    assert sms.post(params, token="not-the-auth-token").status_code == 403  # forged
    body, headers = signed(params)
    del headers["X-Twilio-Signature"]
    assert sms.client.post(PATH, content=body, headers=headers).status_code == 403  # unsigned
    # a genuine signature, made for another URL (another service's webhook), replayed here
    other_url = "https://other.example.org/sms/twilio/inbound"
    assert sms.post(params, url=other_url).status_code == 403
    assert sms.post(params, url=INBOUND_URL + "?x=1").status_code == 403
    # signed, then changed
    body, headers = signed(params)
    tampered = body.replace(b"hello", b"HELLO")
    assert sms.client.post(PATH, content=tampered, headers=headers).status_code == 403
    # another Twilio account's request
    assert sms.post({**params, "AccountSid": "AC" + "9" * 32}).status_code == 403
    # a parameter given twice
    body, headers = signed(params)
    assert sms.client.post(PATH, content=body + b"&Body=x", headers=headers).status_code == 403
    refused = sms.client.post(PATH, content=b"", headers={})
    assert refused.status_code == 403 and refused.content == b""
    assert sms.twilio.sent == [] and sms.bot.received == []


def test_without_sms_settings_every_request_is_refused(
    database_url: str, encryption_key: str, engine: Engine
) -> None:
    settings = load_settings({"DATABASE_URL": database_url, "FIELD_ENCRYPTION_KEY": encryption_key})
    with TestClient(create_app(settings)) as client:
        body, headers = signed(inbound_params(MOBILE, "hello"))
        assert client.post(PATH, content=body, headers=headers).status_code == 403


def test_a_number_without_a_followup_is_told_what_the_number_is_for_and_nothing_else(
    sms: Sms,
) -> None:
    reference = open_followup(sms.uow)
    sms.text(OTHER_MOBILE, f"what's the status of {reference}?")
    assert sms.bot.received == []  # never reaches the bot
    assert sms.twilio.bodies() == [texts.NO_FOLLOWUP_TEXT]
    assert reference not in sms.twilio.bodies()[0]
    sms.text(OTHER_MOBILE, "hello?")  # no second explanation straight away
    assert len(sms.twilio.sent) == 1


def test_stop_is_honoured_without_a_reply_and_start_lifts_it(sms: Sms) -> None:
    reference = open_followup(sms.uow)
    sms.text(MOBILE, "STOP")
    assert sms.twilio.sent == []  # no reply to STOP
    assert sms_consent.is_suppressed(sms.uow, DIGEST)
    assert not sms_consent.has_open_followup(sms.uow, DIGEST)
    sms.text(MOBILE, "Actually her date of birth is 3/5/2012")
    assert sms.twilio.sent == [] and sms.bot.received == []  # ignored while opted out
    with sms.uow:
        actions = [e.action for e in sms.uow.audit.events(reference)]
    assert "sms_followup.stopped" in actions

    sms.text(MOBILE, "yes")  # Twilio's opt-in word, from an opted-out number
    assert not sms_consent.is_suppressed(sms.uow, DIGEST)
    assert sms.twilio.bodies() == [texts.START_TEXT]
    sms.text(MOBILE, "stop")
    sms.text(MOBILE, "START")
    assert sms.twilio.bodies() == [texts.START_TEXT, texts.START_TEXT]
    sms.text(MOBILE, "help")
    assert sms.twilio.bodies()[-1] == texts.HELP_TEXT


def test_a_referrer_with_a_followup_talks_to_the_bot_under_a_hashed_id(sms: Sms) -> None:
    open_followup(sms.uow)
    sms.bot.replies = [
        [
            {"recipient_id": "x", "text": "Thanks."},
            {
                "recipient_id": "x",
                "text": "Has the parent or carer agreed to this referral?",
                "buttons": [
                    {"title": "Agreed", "payload": "Agreed"},
                    {"title": "Refused", "payload": "Refused"},
                    {"title": "Not asked yet", "payload": "Not asked yet"},
                ],
            },
        ],
        [{"recipient_id": "x", "text": EMOJI_REPLY}],
    ]
    sms.text(MOBILE, "hi, what do you need?")
    (first,) = sms.twilio.sent
    assert first.to == MOBILE
    assert first.body.endswith("1 Agreed\n2 Refused\n3 Not asked yet")
    assert first.body.startswith("Thanks.\n\nHas the parent")
    relayed = sms.bot.received[0]
    assert (relayed["sender"], relayed["message"]) == (f"sms-{DIGEST}", "hi, what do you need?")
    assert "900123" not in json.dumps(sms.bot.received)

    sms.text(MOBILE, "1")  # the first option, by number
    assert sms.bot.received[1]["message"] == "Agreed"
    replies = sms.twilio.bodies()[1:]
    assert len(replies) > 1  # too long for one text of at most 3 segments
    assert all(segments.count(r).segments <= 3 for r in replies)
    # the emoji makes its own part UCS-2 (67 units a segment); the other parts stay GSM-7
    assert segments.count(replies[0]).encoding == "UCS-2"


def test_each_text_is_handled_once_even_when_twilio_sends_it_again(sms: Sms) -> None:
    open_followup(sms.uow)
    sms.bot.replies = [[{"text": "Thanks."}], [{"text": "again"}]]
    params = inbound_params(MOBILE, "hello")
    assert sms.post(params).status_code == 200
    assert sms.post(params).status_code == 200  # Twilio's retry of the same MessageSid
    assert len(sms.bot.received) == 1 and sms.twilio.bodies() == ["Thanks."]


def test_a_reply_refused_with_21610_puts_the_number_on_the_suppression_list(sms: Sms) -> None:
    open_followup(sms.uow)
    sms.bot.replies = [[{"text": "Thanks."}]]
    sms.twilio.fail[MOBILE] = (400, 21610)
    sms.text(MOBILE, "hello")
    assert sms_consent.is_suppressed(sms.uow, DIGEST)


def test_logs_carry_no_numbers_and_no_text(sms: Sms, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    open_followup(sms.uow)
    sms.bot.replies = [[{"text": "What is the young person's date of birth?"}]]
    sms.text(MOBILE, "my secret words 14/02/2011")
    sms.text(OTHER_MOBILE, "other secret words")
    sms.text(MOBILE, "STOP")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in (
        MOBILE,
        OTHER_MOBILE,
        "900123",
        "900456",
        "secret words",
        "date of birth",
        "14/02/2011",
        DIGEST,
    ):
        assert secret not in logged, secret
