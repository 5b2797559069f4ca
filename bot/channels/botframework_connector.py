"""Sends reply activities to the Bot Connector service, without blocking the event loop.

Reply tokens come from the OAuth 2.0 client-credentials flow of the app's own tenant
(single-tenant registrations, which Microsoft requires of new bots) or of the
``botframework.com`` tenant (older multi-tenant ones), and are cached until shortly
before they expire. Replies go only to service URLs that an authenticated request
named, so a forged activity can never make the bot send a token elsewhere.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import aiohttp

from bot.channels.botframework_http import HttpClient

logger = logging.getLogger(__name__)

BOT_CONNECTOR_SCOPE = "https://api.botframework.com/.default"
#: Fetch a new token this long before the current one expires.
TOKEN_REFRESH_MARGIN_SECONDS = 300
#: How long a service URL stays trusted after the last request that named it.
TRUSTED_SERVICE_URL_SECONDS = 24 * 3600


class ConnectorError(Exception):
    """A reply could not be sent; the message is safe to log."""


class AccessTokens:
    """Bearer tokens for the Bot Connector, one at a time, fetched when needed."""

    def __init__(
        self,
        token_url: str,
        app_id: str,
        app_password: str,
        http: HttpClient,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._token_url = token_url
        self._form = {
            "grant_type": "client_credentials",
            "client_id": app_id,
            "client_secret": app_password,
            "scope": BOT_CONNECTOR_SCOPE,
        }
        self._http = http
        self._clock = clock
        self._token: str | None = None
        self._renew_at = float("-inf")
        self._lock = asyncio.Lock()

    async def get(self) -> str:
        async with self._lock:  # one fetch at a time, whoever asks
            if self._token is None or self._clock() >= self._renew_at:
                self._token, lifetime = await self._fetch()
                # Renew shortly before expiry; for very short-lived tokens, halfway.
                margin = min(TOKEN_REFRESH_MARGIN_SECONDS, lifetime / 2)
                self._renew_at = self._clock() + lifetime - margin
            return self._token

    def invalidate(self) -> None:
        self._token = None

    async def _fetch(self) -> tuple[str, float]:
        try:
            async with self._http.session().post(
                self._token_url, data=self._form, allow_redirects=False
            ) as response:
                if response.status != 200:
                    raise ConnectorError(f"the token endpoint answered {response.status}")
                body = await response.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as e:
            raise ConnectorError(f"the token request failed ({type(e).__name__})") from None
        token = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise ConnectorError("the token endpoint sent no access_token")
        try:
            lifetime = float(body.get("expires_in", 0))
        except (TypeError, ValueError):
            lifetime = 0.0
        return token, max(lifetime, 0.0)


class TrustedServiceUrls:
    """Service URLs named by authenticated requests, each trusted for a day after."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._until: dict[str, float] = {}
        self._clock = clock

    def add(self, service_url: str) -> None:
        self._until[service_url] = self._clock() + TRUSTED_SERVICE_URL_SECONDS

    def __contains__(self, service_url: object) -> bool:
        until = self._until.get(service_url) if isinstance(service_url, str) else None
        return until is not None and self._clock() < until


def reply_url(service_url: str, conversation_id: str, reply_to_id: str) -> str:
    # Teams conversation ids contain ':', '@' and ';', so every segment is quoted.
    return (
        f"{service_url.rstrip('/')}/v3/conversations/{quote(conversation_id, safe='')}"
        f"/activities/{quote(reply_to_id, safe='')}"
    )


class ConnectorClient:
    def __init__(self, tokens: AccessTokens, trusted: TrustedServiceUrls, http: HttpClient):
        self._tokens = tokens
        self.trusted = trusted
        self._http = http

    async def reply(
        self,
        service_url: str,
        conversation_id: str,
        reply_to_id: str,
        activity: dict[str, Any],
    ) -> None:
        """Sends one activity in reply to another; raises ConnectorError on failure."""
        if service_url not in self.trusted:
            raise ConnectorError("the service URL did not come from an authenticated request")
        url = reply_url(service_url, conversation_id, reply_to_id)
        status = await self._post(url, activity)
        if status in (401, 403):
            # The token may have been revoked or rotated early: one retry with a new one.
            self._tokens.invalidate()
            status = await self._post(url, activity)
        if not 200 <= status < 300:
            raise ConnectorError(f"the Bot Connector answered {status}")

    async def _post(self, url: str, activity: dict[str, Any]) -> int:
        try:
            token = await self._tokens.get()
            async with self._http.session().post(
                url,
                json=activity,
                headers={"Authorization": f"Bearer {token}"},
                allow_redirects=False,
            ) as response:
                return response.status
        except (aiohttp.ClientError, asyncio.TimeoutError) as e:
            raise ConnectorError(f"sending a reply failed ({type(e).__name__})") from None
