"""The bot's side of SMS: texts relayed by the case backend, never by Twilio directly.

Registered in ``credentials.yml`` as ``bot.channels.sms_relay.SmsRelayInput:``, it serves
``POST /webhooks/twilio_sms/webhook`` with JSON ``{"sender": "sms-<64 hex>", "message":
"text"}`` and answers with the bot's replies in the HTTP response, in the form of Rasa's
REST channel (``[{"recipient_id", "text", "buttons"}]``). The backend
(``backend/api/routes/sms.py``) checks Twilio's signature, handles STOP/START, renders
the replies for SMS and sends them.

The channel

* accepts a request only when it is signed by the backend with ``SMS_RELAY_SECRET``
  (``relay_auth.py``: HMAC-SHA256 over a timestamp and the body, recent, used
  once); without the secret every request is refused;
* takes a sender id that is a keyed hash of the phone number, never the number;
* names itself ``twilio_sms``, which the action server records as the source ``sms``;
* logs reason codes and shortened sender ids, never message text.

Runs inside the Rasa server: it must not import anything from ``backend/``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.relayed import HEADERS, RelayedInput
from bot.channels.turns import take_turn

ENVIRONMENT_VARIABLE = "SMS_RELAY_SECRET"
#: Twilio joins a long text into at most 1,600 characters.
MAX_MESSAGE_CHARS = 1600
MAX_BODY_BYTES = 32 * 1024
_SENDER = re.compile(r"sms-[0-9a-f]{64}")


def parse_relayed(body: bytes) -> tuple[str, str] | None:
    """(sender, message) from a relayed body, or None when malformed. The message is
    checked by the input gate when it is handled (an empty one gets a kind reply)."""
    try:
        parsed = json.loads(body or b"")
    except ValueError:
        return None
    if not isinstance(parsed, dict):
        return None
    sender, message = parsed.get("sender"), parsed.get("message")
    if not isinstance(sender, str) or not _SENDER.fullmatch(sender):
        return None
    if not isinstance(message, str):
        return None
    return sender, message


class SmsRelayInput(RelayedInput[tuple[str, str]]):
    SECRET_VARIABLE = ENVIRONMENT_VARIABLE
    MAX_BODY_BYTES = MAX_BODY_BYTES
    CARRIES = "SMS relay"
    BODY_HOLDS = "message"

    @classmethod
    def name(cls) -> str:
        return "twilio_sms"

    def parse(self, body: bytes) -> tuple[str, str] | None:
        return parse_relayed(body)

    async def answer(
        self,
        relayed: tuple[str, str],
        request: Request,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> HTTPResponse:
        sender_id, text = relayed
        collector = CollectingOutputChannel()
        # Texts have no buttons: a leading "/" is always read as words. A failed turn's
        # reply (with the 999 signpost) is texted back like any other.
        await take_turn(
            on_new_message,
            raw=text,
            sender_id=sender_id,
            output=collector,
            channel=self.name(),
            max_chars=MAX_MESSAGE_CHARS,
            agent=getattr(request.app.ctx, "agent", None),
            buttons_possible=False,
        )
        return response.json(collector.messages, headers=HEADERS)
