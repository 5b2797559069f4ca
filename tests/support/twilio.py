"""Twilio without the network: an AsyncTwilioHttpClient that records every REST call and
answers as Twilio would, and webhook requests signed with twilio's own RequestValidator."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.http.response import Response
from twilio.request_validator import RequestValidator

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "test-auth-token-0123456789abcdef"
FROM_NUMBER = "+447700900999"
INBOUND_URL = "https://hsb.example.org/sms/twilio/inbound"


@dataclass(frozen=True)
class SentSms:
    to: str
    body: str
    sender: str  # From or MessagingServiceSid
    url: str
    auth: tuple[str, str] | None


@dataclass
class RecordingTwilioHttpClient(AsyncTwilioHttpClient):
    """Captures Twilio REST calls; `fail` maps a number to (HTTP status, Twilio error code)."""

    sent: list[SentSms] = field(default_factory=list)
    fail: dict[str, tuple[int, int]] = field(default_factory=dict)
    other_requests: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(pool_connections=False)  # no aiohttp session: nothing to connect

    def __hash__(self) -> int:
        return id(self)

    async def request(  # type: ignore[override]
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        form = {k: str(v) for k, v in (data or {}).items()}
        if method.upper() != "POST" or not url.endswith("/Messages.json"):
            self.other_requests.append((method, url))
            return Response(404, json.dumps({"code": 20404, "message": "not found"}))
        to = form.get("To", "")
        if to in self.fail:
            status, code = self.fail[to]
            return Response(status, json.dumps({"code": code, "message": f"error for {to}"}))
        sender = form.get("From") or form.get("MessagingServiceSid", "")
        self.sent.append(SentSms(to, form.get("Body", ""), sender, url, auth))
        sid = "SM" + uuid.uuid4().hex
        return Response(
            201,
            json.dumps(
                {"sid": sid, "to": to, "from": sender, "body": form.get("Body"), "status": "queued"}
            ),
        )

    def bodies(self, to: str | None = None) -> list[str]:
        return [s.body for s in self.sent if to is None or s.to == to]


def inbound_params(from_number: str, body: str, **extra: str) -> dict[str, str]:
    return {
        "AccountSid": ACCOUNT_SID,
        "MessageSid": "SM" + uuid.uuid4().hex,
        "From": from_number,
        "To": FROM_NUMBER,
        "Body": body,
        "NumMedia": "0",
        **extra,
    }


def signed(
    params: dict[str, str], url: str = INBOUND_URL, token: str = AUTH_TOKEN
) -> tuple[bytes, dict[str, str]]:
    """The form body and headers Twilio would send, signed with its RequestValidator."""
    signature = RequestValidator(token).compute_signature(url, params)
    return urlencode(params).encode(), {
        "X-Twilio-Signature": signature,
        "Content-Type": "application/x-www-form-urlencoded",
    }


def as_form(params: dict[str, Any]) -> bytes:
    return urlencode(params).encode()
