"""A REST channel for tests and development, never in the shipped credentials.yml.

Rasa's stock ``rest`` channel takes the sender, the channel name and metadata from the
body, so whoever can reach it can continue anyone's conversation and make a record look
as if it came from Teams. This one keeps the stock URL (``POST /webhooks/rest/webhook``
with ``{"sender", "message"}``) and name (the record's source is ``rest``), but

* takes the message through the channels' common path (``turns.py``): input gate,
  typed payloads read as words unless offered as buttons, failed turns not kept;
* keeps its conversations apart from every other channel's: the conversation id is
  ``rest-`` and the sender, so it can never reach a web chat or Teams conversation;
* ignores ``input_channel`` and ``metadata`` in the body.

The test harness (scripts/harness/stack.py) and the development stack add it to a copy of
credentials.yml. Runs inside the Rasa server: nothing from backend/.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.turns import take_turn

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 2000
MAX_BODY_BYTES = 64 * 1024
CONVERSATION_PREFIX = "rest-"
_SENDER = re.compile(r"[A-Za-z0-9._:-]{1,100}")
_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def _error(code: str, message: str, status: int) -> HTTPResponse:
    return response.json({"error": message, "code": code}, status=status, headers=_HEADERS)


def conversation_id(sender: str) -> str:
    """The conversation a REST sender talks in: its own namespace."""
    return CONVERSATION_PREFIX + sender


class DevRestInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        rest = Blueprint("dev_rest_webhook")

        # noinspection PyUnusedLocal
        @rest.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"}, headers=_HEADERS)

        @rest.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body_bytes = request.body or b""
            if len(body_bytes) > MAX_BODY_BYTES:
                return _error("body_too_large", "The request is too large.", 413)
            try:
                body = json.loads(body_bytes)
            except ValueError:
                body = None
            sender = body.get("sender") if isinstance(body, dict) else None
            if not isinstance(sender, str) or not _SENDER.fullmatch(sender):
                return _error("invalid_sender", "The sender must be 1-100 letters or digits.", 400)
            collector = CollectingOutputChannel()
            result = await take_turn(
                on_new_message,
                raw=body.get("message") if isinstance(body, dict) else None,
                sender_id=conversation_id(sender),
                output=collector,
                channel=self.name(),
                max_chars=MAX_MESSAGE_CHARS,
                agent=getattr(request.app.ctx, "agent", None),
            )
            if result.outcome == "failed":
                return _error("turn_failed", result.reply or "", 500)
            if result.outcome == "refused" and result.reason != "empty":
                return _error(result.reason or "refused", result.reply or "", 400)
            return response.json(collector.messages, headers=_HEADERS)

        return rest
