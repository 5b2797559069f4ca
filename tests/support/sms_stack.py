"""A stack for the SMS tests: the trained bot (with its SMS channel), the action server
and the backend (scripts/harness/stack.py), configured for SMS with Twilio's credentials and a
shared relay secret. Twilio itself is never reached: the tests run the SMS webhook and
the follow-up sender in this process, with REST calls captured by
RecordingTwilioHttpClient."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from scripts.harness.stack import Stack, make_stack, train_model
from scripts.harness.staff_api import new_token
from tests.support.twilio import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, INBOUND_URL

RELAY_SECRET = "e2e-relay-secret-" + "s" * 32
NUMBER_KEY = "e2e-number-key-" + "k" * 32


def sms_env() -> dict[str, str]:
    return {
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": FROM_NUMBER,
        "TWILIO_INBOUND_URL": INBOUND_URL,
        "SMS_RELAY_SECRET": RELAY_SECRET,
        "SMS_NUMBER_KEY": NUMBER_KEY,
        "SMS_FOLLOWUP_DELAY_MINUTES": "0",
        "SMS_FOLLOWUP_SEND_HOURS": "0-24",  # the tests run at any hour
        # The stack's own backend process runs its pass once at start-up (nothing is due
        # then) and not again during the tests: only this process's sender sends.
        "SMS_FOLLOWUP_INTERVAL_SECONDS": "86400",
    }


@pytest.fixture(scope="session")
def sms_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    train_model()
    stack = make_stack(tmp_path_factory.mktemp("sms-stack"))
    stack.env.update(sms_env())
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()


@pytest.fixture(scope="session")
def sms_staff_token(sms_stack: Stack) -> str:
    return new_token(sms_stack, "sms-tests", "admin")
