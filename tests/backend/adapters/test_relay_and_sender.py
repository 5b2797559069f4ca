"""The pieces between the webhook and the outside: the signed relay to the bot's SMS
channel (the backend's signer against the channel's own verifier), and sending through
the twilio 9 SDK asynchronously, with Twilio's REST calls captured (no network)."""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest

from backend.adapters.bot_relay import BotRelay, RelayError, signed_headers
from backend.adapters.twilio_sms import RecipientOptedOut, SmsSendFailed, TwilioSmsSender
from backend.settings import ConfigurationError, SmsSettings, load_settings
from bot.channels.relay_auth import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    RelayAuthError,
    ReplayGuard,
    verify,
)
from tests.support.twilio import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    FROM_NUMBER,
    RecordingTwilioHttpClient,
)

SECRET = "relay-secret-" + "x" * 32
SENDER = "sms-" + "ab" * 32


def load_sms_settings(environ: dict[str, str]) -> SmsSettings:
    return load_settings(environ).sms


def test_the_backend_signs_as_the_bot_channel_verifies() -> None:
    body = b'{"sender": "sms-...", "message": "hello"}'
    headers = signed_headers(SECRET, body)
    verify(SECRET, headers[TIMESTAMP_HEADER], headers[SIGNATURE_HEADER], body)  # no raise


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda h, b: (h, b + b" "), "bad_signature"),  # body changed
        (lambda h, b: ({**h, SIGNATURE_HEADER: "v1=" + "0" * 64}, b), "bad_signature"),
        (lambda h, b: ({TIMESTAMP_HEADER: h[TIMESTAMP_HEADER]}, b), "unsigned"),
        (lambda h, b: ({**h, TIMESTAMP_HEADER: "soon"}, b), "bad_timestamp"),
    ],
)
def test_the_channel_refuses_anything_not_signed_with_the_secret(change, reason) -> None:  # type: ignore[no-untyped-def]
    body = b'{"message": "hi"}'
    headers, body = change(signed_headers(SECRET, body), body)
    with pytest.raises(RelayAuthError) as refused:
        verify(SECRET, headers.get(TIMESTAMP_HEADER), headers.get(SIGNATURE_HEADER), body)
    assert refused.value.reason == reason


def test_the_channel_refuses_old_requests_other_secrets_and_replays() -> None:
    body = b"{}"
    old = signed_headers(SECRET, body, now=time.time() - 600)
    with pytest.raises(RelayAuthError, match="stale"):
        verify(SECRET, old[TIMESTAMP_HEADER], old[SIGNATURE_HEADER], body)
    other = signed_headers("another-secret-" + "y" * 32, body)
    with pytest.raises(RelayAuthError, match="bad_signature"):
        verify(SECRET, other[TIMESTAMP_HEADER], other[SIGNATURE_HEADER], body)
    with pytest.raises(RelayAuthError, match="not_configured"):
        verify("", other[TIMESTAMP_HEADER], other[SIGNATURE_HEADER], body)
    guard = ReplayGuard()
    assert guard.first_time("v1=abc")
    assert not guard.first_time("v1=abc")


def test_the_relay_posts_signed_json_and_returns_the_replies() -> None:
    seen: list[httpx.Request] = []

    def bot(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        verify(
            SECRET,
            request.headers[TIMESTAMP_HEADER],
            request.headers[SIGNATURE_HEADER],
            request.content,
        )
        return httpx.Response(200, json=[{"recipient_id": SENDER, "text": "Thanks."}])

    async def main() -> list[dict[str, object]]:
        relay = BotRelay(
            "http://bot/webhooks/twilio_sms/webhook", SECRET, transport=httpx.MockTransport(bot)
        )
        try:
            return await relay.send(SENDER, "hello")
        finally:
            await relay.close()

    assert asyncio.run(main()) == [{"recipient_id": SENDER, "text": "Thanks."}]
    sent = json.loads(seen[0].content)
    assert (sent["sender"], sent["message"]) == (SENDER, "hello")


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(403),
        httpx.Response(200, json={"no": "list"}),
        httpx.Response(200, content=b"<html>"),
    ],
)
def test_the_relay_reports_a_bot_that_does_not_answer_with_replies(answer: httpx.Response) -> None:
    async def main() -> None:
        relay = BotRelay("http://bot/x", SECRET, transport=httpx.MockTransport(lambda r: answer))
        try:
            await relay.send(SENDER, "hello")
        finally:
            await relay.close()

    with pytest.raises(RelayError):
        asyncio.run(main())


def test_texts_are_sent_with_the_async_sdk_from_the_configured_sender() -> None:
    fake = RecordingTwilioHttpClient()

    async def main() -> str:
        sender = TwilioSmsSender(ACCOUNT_SID, AUTH_TOKEN, from_number=FROM_NUMBER, http_client=fake)
        return await sender.send("+447700900123", "Referral HSB-2026-00001")

    assert asyncio.run(main()).startswith("SM")
    (sent,) = fake.sent
    assert (sent.to, sent.body, sent.sender) == (
        "+447700900123",
        "Referral HSB-2026-00001",
        FROM_NUMBER,
    )
    assert sent.url.endswith(f"/Accounts/{ACCOUNT_SID}/Messages.json")
    assert sent.auth == (ACCOUNT_SID, AUTH_TOKEN)

    service = RecordingTwilioHttpClient()
    asyncio.run(
        TwilioSmsSender(
            ACCOUNT_SID, AUTH_TOKEN, messaging_service_sid="MG" + "1" * 32, http_client=service
        ).send("+447700900123", "x")
    )
    assert service.sent[0].sender == "MG" + "1" * 32


def test_twilio_errors_name_a_code_never_the_number() -> None:
    number = "+447700900123"
    fake = RecordingTwilioHttpClient(fail={number: (400, 21610)})
    sender = TwilioSmsSender(ACCOUNT_SID, AUTH_TOKEN, from_number=FROM_NUMBER, http_client=fake)
    with pytest.raises(RecipientOptedOut):
        asyncio.run(sender.send(number, "x"))
    fake.fail[number] = (400, 21211)
    with pytest.raises(SmsSendFailed) as failed:
        asyncio.run(sender.send(number, "x"))
    assert failed.value.code == 21211
    assert number not in str(failed.value) and "900123" not in str(failed.value)


def test_settings_default_to_off_and_refuse_weak_secrets() -> None:
    off = load_sms_settings({})
    assert not (off.accepts_inbound or off.can_send or off.can_relay or off.followups_enabled)
    assert off.relay_url == "http://localhost:5005/webhooks/twilio_sms/webhook"
    assert (off.max_segments, off.max_texts) == (3, 3)
    on = load_sms_settings(
        {
            "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "TWILIO_FROM_NUMBER": FROM_NUMBER,
            "TWILIO_INBOUND_URL": "https://hsb.example.org/sms/twilio/inbound",
            "SMS_RELAY_SECRET": SECRET,
            "SMS_NUMBER_KEY": "k" * 40,
            "RASA_PUBLIC_URL": "http://rasa:5005/",
            "SMS_FOLLOWUP_MAX_REMINDERS": "0",
        }
    )
    assert on.accepts_inbound and on.can_send and on.can_relay and on.followups_enabled
    assert on.relay_url == "http://rasa:5005/webhooks/twilio_sms/webhook"
    assert on.max_texts == 1
    assert "k" * 40 not in repr(on) and AUTH_TOKEN not in repr(on)
    with pytest.raises(ConfigurationError, match="SMS_RELAY_SECRET"):
        load_sms_settings({"SMS_RELAY_SECRET": "short"})
    with pytest.raises(ConfigurationError, match="TWILIO_INBOUND_URL"):
        load_sms_settings({"TWILIO_INBOUND_URL": "/sms/twilio/inbound"})
    assert off.followup_send_hours == (8, 20)
    assert load_sms_settings({"SMS_FOLLOWUP_SEND_HOURS": "0-24"}).followup_send_hours == (0, 24)
    assert load_sms_settings({"SMS_FOLLOWUP_SEND_HOURS": "9:00-17:00"}).followup_send_hours == (
        9,
        17,
    )
    for bad in ("20-8", "8-25", "morning"):
        with pytest.raises(ConfigurationError, match="SMS_FOLLOWUP_SEND_HOURS"):
            load_sms_settings({"SMS_FOLLOWUP_SEND_HOURS": bad})
    with pytest.raises(ConfigurationError, match="SMS_MAX_SEGMENTS"):
        load_sms_settings({"SMS_MAX_SEGMENTS": "0"})


def test_every_sms_setting_is_documented_with_a_safe_default() -> None:
    from pathlib import Path

    example = (Path(__file__).resolve().parents[3] / ".env.example").read_text()
    documented = dict(
        line.split("=", 1) for line in example.splitlines() if line and not line.startswith("#")
    )
    names = [
        "TWILIO_ACCOUNT_SID",
        "TWILIO_AUTH_TOKEN",
        "TWILIO_FROM_NUMBER",
        "TWILIO_MESSAGING_SERVICE_SID",
        "TWILIO_INBOUND_URL",
        "SMS_RELAY_SECRET",
        "SMS_RELAY_URL",
        "SMS_NUMBER_KEY",
        "SMS_MAX_SEGMENTS",
        "SMS_FOLLOWUP_DELAY_MINUTES",
        "SMS_FOLLOWUP_REMINDER_INTERVAL_MINUTES",
        "SMS_FOLLOWUP_MAX_REMINDERS",
        "SMS_FOLLOWUP_INTERVAL_SECONDS",
        "SMS_FOLLOWUP_SEND_HOURS",
    ]
    assert set(names) <= set(documented)
    # the documented defaults load, and leave SMS off until Twilio is set up
    loaded = load_sms_settings({name: documented[name] for name in names})
    assert not (loaded.accepts_inbound or loaded.can_send or loaded.followups_enabled)
