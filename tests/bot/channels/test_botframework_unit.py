"""The Teams channel's parts, in this process: the signing-key cache, reply tokens,
the Bot Connector client and the settings. The login and connector are the local
fakes of tests/bot/channels/microsoft.py, reached with the channel's own aiohttp code."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterator
from typing import Any, TypeVar

import pytest

from bot.channels.botframework_auth import (
    AuthenticationError,
    BotConnectorAuthenticator,
    SigningKeys,
    parse_jwks,
)
from bot.channels.botframework_connector import (
    AccessTokens,
    ConnectorClient,
    ConnectorError,
    TrustedServiceUrls,
)
from bot.channels.botframework_http import FetchError, HttpClient
from bot.channels.teams_settings import TeamsConfigurationError, TeamsSettings
from tests.bot.channels.microsoft import FakeConnector, FakeLogin
from tests.bot.channels.tokens import SigningKey, claims, sign

T = TypeVar("T")
METADATA = "https://login.example/metadata"
JWKS = "https://login.example/keys"


def run(coroutine: Awaitable[T]) -> T:
    async def main() -> T:
        return await coroutine

    return asyncio.run(main())


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class StubHttp(HttpClient):
    """Serves the metadata and JWKS documents from memory, counting the fetches."""

    def __init__(self, keys: list[SigningKey]) -> None:
        super().__init__()
        self.keys = keys
        self.fail = False
        self.key_fetches = 0

    async def get_json(self, url: str) -> Any:
        if self.fail:
            raise FetchError("GET answered 503")
        if url == METADATA:
            return {"issuer": "https://api.botframework.com", "jwks_uri": JWKS}
        self.key_fetches += 1
        return {"keys": [k.jwk() for k in self.keys]}


def test_unknown_key_ids_refresh_the_keys_at_most_once_per_cooldown() -> None:
    known, clock = SigningKey(), Clock()
    http = StubHttp([known])
    keys = SigningKeys(METADATA, http, cooldown_seconds=300, clock=clock)

    assert run(keys.find(known.kid)) is not None
    assert http.key_fetches == 1
    for _ in range(5):  # a burst of forged key ids
        clock.now += 10
        assert run(keys.find("forged")) is None
    assert http.key_fetches == 1

    rotated = SigningKey()
    http.keys = [rotated]
    clock.now += 300
    assert run(keys.find(rotated.kid)) is not None
    assert http.key_fetches == 2


def test_keys_are_fetched_again_when_a_day_old() -> None:
    key, clock = SigningKey(), Clock()
    http = StubHttp([key])
    keys = SigningKeys(METADATA, http, cooldown_seconds=300, clock=clock)
    run(keys.find(key.kid))
    clock.now += 23 * 3600
    run(keys.find(key.kid))
    assert http.key_fetches == 1
    clock.now += 2 * 3600
    run(keys.find(key.kid))
    assert http.key_fetches == 2


def test_a_failed_fetch_keeps_the_keys_and_is_retried_soon() -> None:
    key, clock = SigningKey(), Clock()
    http = StubHttp([key])
    keys = SigningKeys(METADATA, http, cooldown_seconds=300, clock=clock)
    run(keys.find(key.kid))

    http.fail = True
    clock.now += 25 * 3600  # stale, and Microsoft is unreachable
    assert run(keys.find(key.kid)) is not None  # the cached key still verifies

    http.fail, fresh = False, SigningKey()
    http.keys = [key, fresh]
    clock.now += 11  # not the whole cool-down
    assert run(keys.find(fresh.kid)) is not None


def test_only_rsa_signing_keys_for_rs256_are_used() -> None:
    rsa = SigningKey()
    jwks = {
        "keys": [
            rsa.jwk(),
            {**SigningKey().jwk(), "kid": "encryption", "use": "enc"},
            {**SigningKey().jwk(), "kid": "other-alg", "alg": "RS512"},
            {"kty": "EC", "kid": "ec", "crv": "P-256", "x": "AA", "y": "AA"},
            {"kty": "oct", "kid": "hmac", "k": "c2VjcmV0"},
            {"kty": "RSA", "kid": "broken", "n": "!", "e": "AQAB"},
        ]
    }
    parsed = parse_jwks(jwks)
    assert set(parsed) == {rsa.kid}
    assert parsed[rsa.kid].endorsements == frozenset({"msteams"})


def test_without_an_app_id_even_a_genuine_token_is_refused() -> None:
    key = SigningKey()
    keys = SigningKeys(METADATA, StubHttp([key]), cooldown_seconds=0)
    service_url = "https://smba.trafficmanager.net/uk/"
    # PyJWT would not check an empty audience at all, so the channel must not get that far.
    token = sign(claims("", service_url, aud=None), key)
    activity = {"serviceUrl": service_url, "channelId": "msteams"}
    with pytest.raises(AuthenticationError) as refused:
        run(BotConnectorAuthenticator("", keys).authenticate(f"Bearer {token}", activity))
    assert refused.value.reason == "not_configured"


@pytest.fixture
def login() -> Iterator[FakeLogin]:
    fake = FakeLogin("app-id", "app-secret", token_lifetime=3600)
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def connector(login: FakeLogin) -> Iterator[FakeConnector]:
    fake = FakeConnector(login)
    fake.start()
    yield fake
    fake.stop()


def _settings(login: FakeLogin, tenant: str) -> TeamsSettings:
    return TeamsSettings.load(
        environ={
            "TEAMS_APP_ID": "app-id",
            "TEAMS_APP_PASSWORD": "app-secret",
            "TEAMS_TENANT_ID": tenant,
            "TEAMS_LOGIN_URL": login.url,
        }
    )


@pytest.mark.parametrize(
    "tenant, token_tenant",
    [("0b5e5e44-8c35-4e3a-9a57-6a0f3f8b2b11", None), ("", "botframework.com")],
    ids=["single-tenant", "multi-tenant"],
)
def test_reply_tokens_come_from_the_right_tenant_and_are_cached(
    login: FakeLogin, tenant: str, token_tenant: str | None
) -> None:
    settings, clock, http = _settings(login, tenant), Clock(), HttpClient()
    tokens = AccessTokens(settings.token_url, "app-id", "app-secret", http, clock=clock)

    async def scenario() -> list[str]:
        try:
            got = [await tokens.get(), await tokens.get()]
            clock.now += 3600 - 300  # five minutes before expiry: renew
            got.append(await tokens.get())
            return got
        finally:
            await http.close()

    first, second, third = run(scenario())
    assert first == second != third
    assert [r["tenant"] for r in login.token_requests] == [token_tenant or tenant] * 2
    assert login.token_requests[0]["scope"] == "https://api.botframework.com/.default"


def test_wrong_client_credentials_give_no_token(login: FakeLogin) -> None:
    http = HttpClient()
    tokens = AccessTokens(_settings(login, "").token_url, "app-id", "wrong", http)

    async def scenario() -> None:
        try:
            await tokens.get()
        finally:
            await http.close()

    with pytest.raises(ConnectorError):
        run(scenario())


def _client(login: FakeLogin) -> tuple[ConnectorClient, HttpClient]:
    http = HttpClient()
    tokens = AccessTokens(_settings(login, "").token_url, "app-id", "app-secret", http)
    return ConnectorClient(tokens, TrustedServiceUrls(), http), http


def test_replies_go_only_to_service_urls_that_authenticated(
    login: FakeLogin, connector: FakeConnector
) -> None:
    client, http = _client(login)

    async def scenario() -> None:
        try:
            await client.reply(connector.service_url, "a:1", "42", {"type": "message"})
        finally:
            await http.close()

    with pytest.raises(ConnectorError):
        run(scenario())
    assert connector.everything() == []
    assert login.token_requests == []  # no token was even fetched

    client.trusted.add(connector.service_url)
    run(scenario())
    [sent] = connector.everything()
    assert (sent.conversation_id, sent.reply_to_id) == ("a:1", "42")


def test_a_refused_token_is_replaced_once(login: FakeLogin, connector: FakeConnector) -> None:
    client, http = _client(login)
    client.trusted.add(connector.service_url)
    conversation = "19:abc@thread.skype;messageid=1"  # characters that must be quoted

    async def scenario() -> None:
        try:
            await client.reply(connector.service_url, conversation, "1", {"type": "message"})
            login.issued.clear()  # revoked: the connector now answers 401
            await client.reply(connector.service_url, conversation, "2", {"type": "message"})
        finally:
            await http.close()

    run(scenario())
    assert [s.reply_to_id for s in connector.everything()] == ["1", "2"]
    assert connector.everything()[0].conversation_id == conversation
    assert connector.refused == 1
    assert len(login.token_requests) == 2


def test_settings_come_from_the_environment_unless_credentials_say_otherwise() -> None:
    environ = {"TEAMS_APP_ID": "from-env", "TEAMS_TENANT_ID": "contoso.onmicrosoft.com"}
    settings = TeamsSettings.load({"app_id": "from-credentials", "login_url": ""}, environ)
    assert settings.app_id == "from-credentials"
    assert settings.token_url == (
        "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
    )
    assert settings.openid_metadata_url == (
        "https://login.botframework.com/v1/.well-known/openidconfiguration"
    )
    assert not TeamsSettings.load(environ={}).configured


@pytest.mark.parametrize("tenant", ["evil.example/x", "a b", "../botframework.com"])
def test_a_tenant_id_cannot_change_the_token_url(tenant: str) -> None:
    with pytest.raises(TeamsConfigurationError):
        TeamsSettings.load(environ={"TEAMS_TENANT_ID": tenant})
