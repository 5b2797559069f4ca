"""Authenticates requests from the Bot Connector service, step by step as Microsoft's
"Authenticate requests with the Bot Connector API" (connector to bot) describes.

A request is accepted only when its ``Authorization: Bearer`` token

1. is a JWT signed with RS256 (never the algorithm the token names, so neither
   ``alg: none`` nor HS256 keyed with the public key gets through);
2. was signed by a key from the JWKS that the OpenID metadata document points to
   (cached; fetched again when a token names an unknown key id, at most once per
   cool-down, and when the cache is a day old);
3. has the issuer ``https://api.botframework.com`` and the bot's app id as audience;
4. is within its validity period, allowing five minutes of clock skew;
5. carries a ``serviceurl`` claim equal to the activity's ``serviceUrl``, so replies
   only ever go where Microsoft said the activity came from;
6. was signed by a key endorsed for the activity's ``channelId``, when the key lists
   endorsements (the Bot Framework SDKs check this too).

Failures raise ``AuthenticationError`` with a short reason code, which is all that is
logged: never the token.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import jwt
from jwt.algorithms import RSAAlgorithm

from bot.channels.botframework_http import FetchError, HttpClient

logger = logging.getLogger(__name__)

BOT_CONNECTOR_ISSUER = "https://api.botframework.com"
ALGORITHMS = ["RS256"]
CLOCK_SKEW_SECONDS = 300
#: The SDKs refresh the keys daily; Microsoft rotates them far less often.
KEYS_MAX_AGE_SECONDS = 24 * 3600
#: After a failed fetch, try again this soon (or after the cool-down, if shorter),
#: so that one network blip does not lock Teams out for the whole cool-down.
RETRY_AFTER_FAILURE_SECONDS = 10.0


class AuthenticationError(Exception):
    """The request is refused; ``reason`` is a code that is safe to log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class SigningKey:
    key: Any  # an RSA public key
    #: Channel ids the key is endorsed for; None when the JWKS lists none.
    endorsements: frozenset[str] | None


def parse_jwks(jwks: Any) -> dict[str, SigningKey]:
    """The usable RSA signing keys of a JWKS document, by key id."""
    keys: dict[str, SigningKey] = {}
    entries = jwks.get("keys") if isinstance(jwks, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or entry.get("kty") != "RSA":
            continue
        kid = entry.get("kid")
        if not isinstance(kid, str) or entry.get("use", "sig") != "sig":
            continue
        if entry.get("alg", "RS256") not in ALGORITHMS:
            continue
        try:
            public_key = RSAAlgorithm.from_jwk(entry)
        except (jwt.PyJWTError, ValueError, TypeError, KeyError):
            continue
        endorsements = entry.get("endorsements")
        keys[kid] = SigningKey(
            key=public_key,
            endorsements=(
                frozenset(e for e in endorsements if isinstance(e, str))
                if isinstance(endorsements, list)
                else None
            ),
        )
    return keys


class SigningKeys:
    """The Bot Connector's signing keys: cached, refreshed when stale or when an unknown
    key id arrives, and never fetched more often than once per cool-down."""

    def __init__(
        self,
        metadata_url: str,
        http: HttpClient,
        cooldown_seconds: float,
        max_age_seconds: float = KEYS_MAX_AGE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._metadata_url = metadata_url
        self._http = http
        self._cooldown = cooldown_seconds
        self._max_age = max_age_seconds
        self._clock = clock
        self._keys: dict[str, SigningKey] = {}
        self._fetched_at: float | None = None
        self._next_attempt = float("-inf")
        self._lock = asyncio.Lock()
        self.fetches = 0  # how many times the keys were fetched (for tests and metrics)

    async def find(self, kid: str) -> SigningKey | None:
        now = self._clock()
        stale = self._fetched_at is None or now - self._fetched_at > self._max_age
        if stale or kid not in self._keys:
            await self._refresh(requested_at=now)
        return self._keys.get(kid)

    async def _refresh(self, requested_at: float) -> None:
        async with self._lock:
            # Another request refreshed while this one waited, or it is too soon.
            if self._fetched_at is not None and self._fetched_at >= requested_at:
                return
            if self._clock() < self._next_attempt:
                return
            try:
                keys = await self._fetch()
            except FetchError as e:
                self._next_attempt = self._clock() + min(
                    self._cooldown, RETRY_AFTER_FAILURE_SECONDS
                )
                # Keep the keys we have: Microsoft rotates them with a long overlap.
                logger.warning("teams: could not fetch the Bot Connector signing keys (%s)", e)
                return
            self._keys = keys
            self._fetched_at = self._clock()
            self._next_attempt = self._fetched_at + self._cooldown
            logger.info("teams: fetched %d Bot Connector signing keys", len(keys))

    async def _fetch(self) -> dict[str, SigningKey]:
        self.fetches += 1
        metadata = await self._http.get_json(self._metadata_url)
        jwks_uri = metadata.get("jwks_uri") if isinstance(metadata, dict) else None
        if not isinstance(jwks_uri, str) or not jwks_uri:
            raise FetchError("the OpenID metadata has no jwks_uri")
        return parse_jwks(await self._http.get_json(jwks_uri))


def bearer_token(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationError("no_bearer_token")
    return token.strip()


_DECODE_ERRORS: tuple[tuple[type[jwt.PyJWTError], str], ...] = (
    (jwt.ExpiredSignatureError, "expired"),
    (jwt.ImmatureSignatureError, "not_yet_valid"),
    (jwt.InvalidAudienceError, "wrong_audience"),
    (jwt.InvalidIssuerError, "wrong_issuer"),
    (jwt.MissingRequiredClaimError, "missing_claim"),
    (jwt.InvalidSignatureError, "bad_signature"),
    (jwt.InvalidAlgorithmError, "algorithm_not_allowed"),
)


class BotConnectorAuthenticator:
    def __init__(self, app_id: str, keys: SigningKeys) -> None:
        self._app_id = app_id
        self._keys = keys

    async def authenticate(self, authorization: str | None, activity: Mapping[str, Any]) -> str:
        """Returns the activity's (now trusted) serviceUrl, or raises AuthenticationError."""
        if not self._app_id:
            # PyJWT skips the audience check for an empty audience: refuse outright.
            raise AuthenticationError("not_configured")
        token = bearer_token(authorization)
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise AuthenticationError("malformed_token") from None
        if header.get("alg") not in ALGORITHMS:
            raise AuthenticationError("algorithm_not_allowed")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise AuthenticationError("no_key_id")
        signing_key = await self._keys.find(kid)
        if signing_key is None:
            raise AuthenticationError("unknown_key")
        claims = self._decode(token, signing_key)

        service_url = activity.get("serviceUrl")
        claimed = claims.get("serviceurl", claims.get("serviceUrl"))
        if not isinstance(service_url, str) or not service_url or claimed != service_url:
            raise AuthenticationError("service_url_mismatch")
        if signing_key.endorsements is not None:
            if activity.get("channelId") not in signing_key.endorsements:
                raise AuthenticationError("channel_not_endorsed")
        return service_url

    def _decode(self, token: str, signing_key: SigningKey) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key=signing_key.key,
                algorithms=ALGORITHMS,
                audience=self._app_id,
                issuer=BOT_CONNECTOR_ISSUER,
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.PyJWTError as e:
            for error_type, reason in _DECODE_ERRORS:
                if isinstance(e, error_type):
                    raise AuthenticationError(reason) from None
            raise AuthenticationError("invalid_token") from None
        return claims
