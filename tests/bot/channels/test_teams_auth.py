"""The Teams channel authenticates every request as Microsoft documents, against the
real Rasa server: anything forged is refused with a bare 403 and answered nothing;
clock skew of up to five minutes is allowed; signing keys are cached, and a new key
is picked up when Microsoft rotates them."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from scripts.harness.stack import Stack
from tests.bot.channels.microsoft import FakeConnector, FakeLogin
from tests.bot.channels.teams_chat import TeamsChat
from tests.bot.channels.tokens import SigningKey, claims, hs256_with_public_key, sign, unsigned

pytestmark = pytest.mark.e2e

Forgery = Callable[[TeamsChat, FakeConnector], tuple[str | None, dict[str, Any]]]


@pytest.fixture(scope="module")
def elsewhere(login: FakeLogin) -> Iterator[FakeConnector]:
    """An attacker's 'Bot Connector', which would like to receive the bot's token."""
    fake = FakeConnector(login)
    fake.start()
    yield fake
    fake.stop()


def _with(**overrides: Any) -> Forgery:
    def forge(chat: TeamsChat, elsewhere: FakeConnector) -> tuple[str | None, dict[str, Any]]:
        return f"Bearer {chat.token(**overrides)}", chat.activity("hello")

    return forge


def _valid_from(nbf: int, exp: int) -> Forgery:
    """A token valid from ``nbf`` to ``exp`` seconds from the moment it is made."""

    def forge(chat: TeamsChat, elsewhere: FakeConnector) -> tuple[str | None, dict[str, Any]]:
        now = int(time.time())
        return f"Bearer {chat.token(nbf=now + nbf, exp=now + exp)}", chat.activity("hello")

    return forge


def _claims(chat: TeamsChat, **overrides: Any) -> dict[str, Any]:
    return claims(chat.app_id, chat.connector.service_url, **overrides)


# name -> (forgery, the reason the channel logs for refusing it)
FORGERIES: dict[str, tuple[Forgery, str]] = {
    "no token": (lambda chat, _: (None, chat.activity("hello")), "no_bearer_token"),
    "not a bearer token": (
        lambda chat, _: (f"Basic {chat.token()}", chat.activity("hello")),
        "no_bearer_token",
    ),
    "not a JWT": (lambda chat, _: ("Bearer not.a.jwt", chat.activity("hello")), "malformed_token"),
    "wrong issuer": (
        _with(iss="https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/"),
        "wrong_issuer",
    ),
    "wrong audience": (_with(aud=str(uuid.uuid4())), "wrong_audience"),
    "no audience": (_with(aud=None), "missing_claim"),
    "expired beyond the skew": (_valid_from(-7200, -360), "expired"),
    "not yet valid beyond the skew": (_valid_from(360, 7200), "not_yet_valid"),
    "no expiry": (_with(exp=None), "missing_claim"),
    "alg none": (
        lambda chat, _: (
            f"Bearer {unsigned(_claims(chat), chat.login.key.kid)}",
            chat.activity("hello"),
        ),
        "algorithm_not_allowed",
    ),
    "HS256 signed with the public key": (
        lambda chat, _: (
            f"Bearer {hs256_with_public_key(_claims(chat), chat.login.key)}",
            chat.activity("hello"),
        ),
        "algorithm_not_allowed",
    ),
    "unknown key": (
        lambda chat, _: (f"Bearer {sign(_claims(chat), SigningKey())}", chat.activity("hello")),
        "unknown_key",
    ),
    "published key id, another key's signature": (
        lambda chat, _: (
            f"Bearer {sign(_claims(chat), SigningKey(), kid=chat.login.key.kid)}",
            chat.activity("hello"),
        ),
        "bad_signature",
    ),
    "serviceUrl mismatch": (
        lambda chat, elsewhere: (
            f"Bearer {chat.token()}",
            chat.activity("hello", serviceUrl=elsewhere.service_url),
        ),
        "service_url_mismatch",
    ),
    "no serviceUrl claim": (_with(serviceurl=None), "service_url_mismatch"),
    "key not endorsed for the channel": (
        lambda chat, _: (f"Bearer {chat.token()}", chat.activity("hello", channelId="webchat")),
        "channel_not_endorsed",
    ),
}


def last_refusal(stack: Stack) -> str | None:
    refusals = re.findall(r"teams: refused a request \((\w+)\)", stack.log_tail("rasa", 200))
    return refusals[-1] if refusals else None


@pytest.mark.parametrize("forgery, reason", FORGERIES.values(), ids=FORGERIES.keys())
def test_a_forged_request_is_refused_with_a_bare_403(
    teams_stack: Stack,
    teams_chat: TeamsChat,
    elsewhere: FakeConnector,
    forgery: Forgery,
    reason: str,
) -> None:
    authorization, activity = forgery(teams_chat, elsewhere)
    response = teams_chat.post(activity, authorization)
    assert response.status_code == 403
    assert response.content == b""
    assert last_refusal(teams_stack) == reason  # refused for the reason this forgery tests
    time.sleep(0.3)  # nothing may be answered later either
    assert teams_chat.connector.replies_to(teams_chat.conversation_id, activity["id"]) == []
    assert elsewhere.everything() == []


@pytest.mark.parametrize(
    "nbf, exp",
    [(-7200, -240), (240, 7200)],
    ids=["expired within the skew", "valid soon, within the skew"],
)
def test_five_minutes_of_clock_skew_are_allowed(teams_chat: TeamsChat, nbf: int, exp: int) -> None:
    authorization, _ = _valid_from(nbf, exp)(teams_chat, teams_chat.connector)
    activity = teams_chat.activity(None, type="conversationUpdate")
    assert teams_chat.post(activity, authorization).status_code == 200


def test_signing_keys_are_cached(teams_chat: TeamsChat, login: FakeLogin) -> None:
    teams_chat.send(teams_chat.activity("Hello"))  # the keys are loaded by now
    fetches = login.key_fetches
    for _ in range(3):
        activity = teams_chat.activity(None, type="conversationUpdate")
        assert teams_chat.post(activity, f"Bearer {teams_chat.token()}").status_code == 200
    assert login.key_fetches == fetches


def test_a_new_signing_key_is_picked_up_and_the_retired_one_refused(
    teams_chat: TeamsChat, login: FakeLogin
) -> None:
    retired = login.key
    login.rotate()
    fetches = login.key_fetches

    assert teams_chat.send(teams_chat.activity("Hello")), "no reply after the rotation"
    assert login.key_fetches == fetches + 1

    old_token = sign(claims(teams_chat.app_id, teams_chat.connector.service_url), retired)
    response = teams_chat.post(teams_chat.activity("Hello"), f"Bearer {old_token}")
    assert response.status_code == 403
