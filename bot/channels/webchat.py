"""REST input channel for the referral web chat page.

Registered in ``credentials.yml`` as::

    bot.channels.webchat.WebChatInput:

which serves

* ``GET  /webhooks/webchat/``        -> ``{"status": "ok"}``
* ``POST /webhooks/webchat/webhook`` with JSON
  ``{"sender": "<uuid4>", "message": "text", "metadata": {}}``, answered
  with the same JSON list of bot messages as Rasa's stock REST channel
  (``[{"recipient_id": ..., "text": ..., "buttons": [{"title", "payload"}]}]``).

It differs from the stock ``rest`` channel in that it

* only accepts a UUID4 ``sender`` (the page makes one with
  ``crypto.randomUUID()``), so one client cannot guess its way into another
  person's conversation with ids like ``default`` or ``1``;
* takes every message through the channels' common path (``turns.py``): the input
  gate (clean Unicode, ``MAX_MESSAGE_CHARS``, a kind reply to an empty message), typed
  intent payloads read as words unless offered as buttons, and a turn that fails
  (an action failing behind it) answered 500 and not kept;
* drops client metadata except the keys in ``ALLOWED_METADATA_KEYS`` and
  always uses its own channel name (the stock channel lets the body choose
  ``input_channel``), so a client cannot spoof channel metadata;
* never returns stack traces, and answers 500 (not 200 with a partial list)
  when Rasa fails to handle a message, so the page can offer a retry; the error
  says what to do if a child is in danger;
* takes JSON bodies only (``application/json``), so no other site's page can post
  here without a CORS preflight, which only the configured origin passes;
* never logs message text (the stock channel logs it on failures);
* has no ``?stream=true`` mode.

This module runs inside the Rasa server's environment: it must not import
anything from ``backend/``.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.turns import take_turn
from bot.outage_disclosures import outage_disclosures

logger = logging.getLogger(__name__)

#: Longest message text accepted, in characters (the page enforces the same): room
#: for a referral e-mail or case notes pasted in one piece.
MAX_MESSAGE_CHARS = 6000

#: Largest request body accepted, in bytes. Generous enough for a message of
#: MAX_MESSAGE_CHARS characters that are all JSON-escaped astral characters.
MAX_BODY_BYTES = 160 * 1024

#: Keys of the body's ``metadata`` object passed on to Rasa. None for now:
#: everything a client sends as metadata is dropped.
ALLOWED_METADATA_KEYS: frozenset[str] = frozenset()

_UUID4 = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
    re.IGNORECASE,
)

_REFUSAL_CODES = {
    "too_long": "message_too_long",
    "not_text": "invalid_message",
    "spelled_out": "spelled_out",
}

_NO_STORE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}


class WebChatRequestError(Exception):
    """A request the channel refuses, answered with a short JSON error."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def _error(code: str, message: str, status: int) -> HTTPResponse:
    return response.json({"error": message, "code": code}, status=status, headers=_NO_STORE_HEADERS)


def validate_sender(sender: Any) -> str:
    """Returns the sender id in canonical (lower-case) form, or raises."""
    if not isinstance(sender, str) or not _UUID4.fullmatch(sender):
        raise WebChatRequestError("invalid_sender", "The sender must be a UUID4 string.")
    return sender.lower()


def allowed_metadata(metadata: Any) -> dict[str, Any] | None:
    """Keeps only the allow-listed keys of the client's metadata (none for now)."""
    if not isinstance(metadata, dict):
        return None
    kept = {k: v for k, v in metadata.items() if k in ALLOWED_METADATA_KEYS}
    return kept or None


def _parse_body(request: Request) -> dict[str, Any]:
    if len(request.body or b"") > MAX_BODY_BYTES:
        raise WebChatRequestError("body_too_large", "The request is too large.", status=413)
    # JSON only: a browser sends text/plain across sites without asking first (no CORS
    # preflight), so any page could make its visitors post messages here.
    if (request.headers.get("Content-Type") or "").split(";")[0].strip().lower() != (
        "application/json"
    ):
        raise WebChatRequestError(
            "unsupported_media_type", "The request body must be application/json.", status=415
        )
    try:
        body = request.json
    except Exception:  # Sanic raises InvalidUsage on malformed JSON.
        body = None
    if not isinstance(body, dict):
        raise WebChatRequestError("invalid_body", "The request body must be a JSON object.")
    return body


class WebChatInput(RestInput):
    """The referral page's REST channel: ``POST /webhooks/webchat/webhook``."""

    @classmethod
    def name(cls) -> str:
        return "webchat"

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        try:
            body = request.json
        except Exception:
            return None
        return allowed_metadata(body.get("metadata") if isinstance(body, dict) else None)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webchat = Blueprint(f"custom_webhook_{type(self).__name__}")

        # The web chat is the channel every deployment has: its start records what an
        # earlier Rasa process left waiting in the outage outbox.
        @webchat.listener("after_server_start")
        async def record_outage_disclosures(app: Any, *_: Any) -> None:
            agent = getattr(app.ctx, "agent", None)
            if agent is not None:
                outage_disclosures.resume(agent)

        # noinspection PyUnusedLocal
        @webchat.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"}, headers=_NO_STORE_HEADERS)

        @webchat.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = _parse_body(request)
                sender_id = validate_sender(body.get("sender"))
            except WebChatRequestError as e:
                logger.info("webchat: rejected a request (%s)", e.code)
                return _error(e.code, e.message, e.status)

            collector = CollectingOutputChannel()
            result = await take_turn(
                on_new_message,
                raw=body.get("message"),
                sender_id=sender_id,
                output=collector,
                channel=self.name(),
                max_chars=MAX_MESSAGE_CHARS,
                agent=getattr(request.app.ctx, "agent", None),
                metadata=allowed_metadata(body.get("metadata")),
            )
            if result.outcome == "failed":
                # Not kept: the page offers to send it again.
                return _error("turn_failed", result.reply or "", 500)
            if result.outcome == "refused" and result.reason != "empty":
                # Not taken (too long, not text): the page keeps it to send again.
                code = _REFUSAL_CODES.get(result.reason or "", "invalid_message")
                return _error(code, result.reply or "", 400)
            return response.json(collector.messages, headers=_NO_STORE_HEADERS)

        return webchat
