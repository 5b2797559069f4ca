"""Sending a text through Twilio's REST API with the twilio 9 SDK, asynchronously.

``Client(http_client=AsyncTwilioHttpClient())`` and ``messages.create_async`` never block
the event loop. The HTTP client is made on first use (aiohttp wants a running loop) and
closed with ``close()``; tests pass their own ``AsyncHttpClient`` that records requests.

Errors carry Twilio's error code and the HTTP status only: Twilio's messages quote the
recipient's number. Error 21610 (the recipient replied STOP to this sender) is
``RecipientOptedOut``, so the caller can add the number to the suppression list.
"""

from __future__ import annotations

import asyncio
import logging

import aiohttp
from twilio.base.exceptions import TwilioException
from twilio.http import AsyncHttpClient
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.rest import Client

from backend.settings import SmsSettings

OPTED_OUT = 21610
TIMEOUT_SECONDS = 30.0

# The SDK logs every request and response at INFO; keep that out of the service's logs.
for _name in ("twilio", "twilio.http_client", "twilio.async_http_client"):
    logging.getLogger(_name).setLevel(logging.WARNING)


class SmsSendFailed(Exception):
    """Twilio did not accept the message; the text names an error code, never a number."""

    def __init__(self, reason: str, code: int | None = None) -> None:
        super().__init__(reason)
        self.code = code


class RecipientOptedOut(SmsSendFailed):
    """The recipient has opted out of texts from this sender (Twilio error 21610)."""


class TwilioSmsSender:
    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        *,
        from_number: str = "",
        messaging_service_sid: str = "",
        http_client: AsyncHttpClient | None = None,
    ) -> None:
        if not (from_number or messaging_service_sid):
            raise ValueError("a sender is needed: a from number or a messaging service")
        self._account_sid = account_sid
        self._auth_token = auth_token
        self._from = from_number
        self._service = messaging_service_sid
        self._given_http = http_client
        self._http: AsyncHttpClient | None = None
        self._client: Client | None = None

    def _twilio(self) -> Client:
        if self._client is None:
            self._http = self._given_http or AsyncTwilioHttpClient(timeout=TIMEOUT_SECONDS)
            self._client = Client(self._account_sid, self._auth_token, http_client=self._http)
        return self._client

    async def send(self, to: str, body: str) -> str:
        """Send one text; returns Twilio's message SID."""
        sender = (
            {"messaging_service_sid": self._service} if self._service else {"from_": self._from}
        )
        try:
            message = await self._twilio().messages.create_async(to=to, body=body, **sender)
        except TwilioException as error:
            # TwilioRestException, or TwilioServiceException for RFC 9457 error bodies
            code = getattr(error, "code", None)
            if code == OPTED_OUT:
                raise RecipientOptedOut("the recipient has opted out", OPTED_OUT) from None
            if isinstance(code, int):
                status = getattr(error, "status", None)
                raise SmsSendFailed(f"Twilio error {code} (HTTP {status})", code) from None
            raise SmsSendFailed(f"Twilio failed ({type(error).__name__})") from None
        except (aiohttp.ClientError, OSError, asyncio.TimeoutError) as error:
            raise SmsSendFailed(f"Twilio could not be reached ({type(error).__name__})") from None
        return str(message.sid)

    async def close(self) -> None:
        """Close the HTTP client this sender made (a client given to it is the giver's)."""
        http, self._http, self._client = self._http, None, None
        if http is not None and http is not self._given_http:
            close = getattr(http, "close", None)
            if close is not None:
                await close()


def make_sender(
    settings: SmsSettings, http_client: AsyncHttpClient | None = None
) -> TwilioSmsSender | None:
    """The sender the settings describe, or None while Twilio is not set up to send."""
    if not settings.can_send:
        return None
    return TwilioSmsSender(
        settings.twilio_account_sid,
        settings.twilio_auth_token,
        from_number=settings.twilio_from_number,
        messaging_service_sid=settings.twilio_messaging_service_sid,
        http_client=http_client,
    )
