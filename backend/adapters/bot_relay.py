"""Relaying to the bot's own channels: a text to its SMS channel
(``bot/channels/sms_relay.py``) and its replies back; an ART call transcript to its
``art_transcript`` channel (``bot/channels/art_transcript.py``) and the draft back.

Each request is signed: HMAC-SHA256 under ``SMS_RELAY_SECRET`` over ``<timestamp>.<body>``
(the scheme of ``bot/channels/relay_auth.py``, repeated here because the backend does
not import the bot's code; ``tests/backend/adapters/test_relay_and_sender.py`` checks
that the two agree).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from typing import Any

import httpx

TIMESTAMP_HEADER = "X-HSB-Relay-Timestamp"
SIGNATURE_HEADER = "X-HSB-Relay-Signature"
TIMEOUT_SECONDS = 60.0


class RelayError(Exception):
    """The bot did not answer with replies (the message says how, never the text)."""


def signed_headers(secret: str, body: bytes, now: float | None = None) -> dict[str, str]:
    timestamp = str(int(time.time() if now is None else now))
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return {TIMESTAMP_HEADER: timestamp, SIGNATURE_HEADER: "v1=" + mac.hexdigest()}


def _replies(payload: Any) -> list[dict[str, Any]]:
    if not isinstance(payload, list) or not all(isinstance(r, dict) for r in payload):
        raise RelayError("the bot's answer was not a list of replies")
    return payload


class BotRelay:
    def __init__(
        self,
        url: str,
        secret: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = TIMEOUT_SECONDS,
    ) -> None:
        self.url = url
        self._secret = secret
        self._transport = transport
        self._timeout = timeout
        self._client: httpx.AsyncClient | None = None

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(transport=self._transport, timeout=self._timeout)
        return self._client

    async def send(self, sender: str, text: str) -> list[dict[str, Any]]:
        """The bot's replies to one text from the sender (a keyed-hash conversation id)."""
        return _replies(await self.post({"sender": sender, "message": text}))

    async def post(self, payload: dict[str, Any]) -> Any:
        """Post a signed JSON body to the bot's channel; its JSON answer."""
        # A fresh id in every body: the same words sent twice are two signed requests,
        # which the channel's replay guard tells apart.
        # UTF-8, not \u escapes: a transcript in a script without ASCII would otherwise
        # take up to six times its size. A surrogate left anywhere becomes "?".
        body = json.dumps({**payload, "id": uuid.uuid4().hex}, ensure_ascii=False).encode(
            "utf-8", "replace"
        )
        headers = {"Content-Type": "application/json", **signed_headers(self._secret, body)}
        try:
            response = await self._http().post(self.url, content=body, headers=headers)
        except httpx.HTTPError as error:
            raise RelayError(f"the bot could not be reached ({type(error).__name__})") from None
        if response.status_code != 200:
            raise RelayError(f"the bot answered {response.status_code}")
        try:
            return response.json()
        except ValueError:
            raise RelayError("the bot's answer was not JSON") from None

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
