"""Microsoft Teams input channel (Bot Framework), in place of Rasa's stock one.

Registered in ``credentials.yml`` as ``bot.channels.teams.TeamsInput:``; its settings
come from the ``TEAMS_*`` variables (``teams_settings.py``, ``.env.example``). The
Azure Bot's messaging endpoint is ``https://<host>/webhooks/teams/webhook``.

Compared with ``rasa.core.channels.botframework`` it

* authenticates every request as Microsoft documents, issuer and ``serviceUrl`` claim
  included, with RS256 only (``botframework_auth.py``), and answers refusals with a
  bare 403;
* gets reply tokens for single-tenant app registrations too, and talks to Microsoft
  with aiohttp, never blocking the event loop (``botframework_connector.py``);
* replies only to service URLs that authenticated requests named;
* takes every message through the channels' common path (``turns.py``: the input
  gate, typed payloads read as words unless offered as buttons, failed turns);
* takes referrals in one-to-one chats only: in a group chat or channel, everything
  the bot asks and is told would be read by everyone there;
* names itself ``teams``, which the action server records as the source ``teams``;
* logs reason codes and shortened sender ids, never message text or tokens.

Runs inside the Rasa server: it must not import anything from ``backend/``.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.botframework_auth import (
    AuthenticationError,
    BotConnectorAuthenticator,
    SigningKeys,
)
from bot.channels.botframework_connector import (
    AccessTokens,
    ConnectorClient,
    ConnectorError,
    TrustedServiceUrls,
)
from bot.channels.botframework_http import HttpClient
from bot.channels.safe_logging import log_failure
from bot.channels.teams_activities import (
    PERSONAL,
    IncomingMessage,
    InvalidActivity,
    Reply,
    buttons_activity,
    custom_activity,
    image_activity,
    parse_message,
    text_activity,
)
from bot.channels.teams_settings import TeamsSettings
from bot.channels.turns import take_turn
from bot.input_gate import NOT_TEXT_REPLY

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 512 * 1024
MAX_MESSAGE_CHARS = 4000
#: The Bot Connector gives up on a request after about 15 seconds. A slower turn
#: carries on in the background after a 202, its replies sent as they come.
ACKNOWLEDGE_WITHIN_SECONDS = 10.0
#: Activity ids remembered to drop the Bot Connector's redeliveries.
RECENT_ACTIVITIES = 1000

NOT_PERSONAL_TEXT = (
    "To keep what you tell me private, I can only help in a one-to-one chat. "
    "Please send me a message directly."
)


def _empty(status: int) -> HTTPResponse:
    return response.empty(status=status)


def _json_object(body: bytes | None) -> dict[str, Any] | None:
    try:
        parsed = json.loads(body or b"")
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


class TeamsOutput(OutputChannel):
    """Sends the bot's messages as replies to one incoming Teams activity."""

    def __init__(self, connector: ConnectorClient, reply: Reply) -> None:
        self._connector = connector
        self._reply = reply

    @classmethod
    def name(cls) -> str:
        return "teams"

    async def _send(self, activity: dict[str, Any]) -> None:
        reply = self._reply
        await self._connector.reply(
            reply.service_url, reply.conversation_id, reply.reply_to_id, activity
        )

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send(text_activity(self._reply, text))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self._send(buttons_activity(self._reply, text, buttons))

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._send(image_activity(self._reply, image))

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        await self._send(custom_activity(self._reply, json_message))


class TeamsInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "teams"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(TeamsSettings.load(credentials))

    def __init__(self, settings: TeamsSettings) -> None:
        # No network here: Rasa builds channels before its event loop runs.
        self.http = HttpClient()
        self.keys = SigningKeys(
            settings.openid_metadata_url, self.http, settings.key_refresh_cooldown_seconds
        )
        self.authenticator = BotConnectorAuthenticator(settings.app_id, self.keys)
        tokens = AccessTokens(settings.token_url, settings.app_id, settings.app_password, self.http)
        self.connector = ConnectorClient(tokens, TrustedServiceUrls(), self.http)
        self._recent: OrderedDict[tuple[str, str], None] = OrderedDict()
        self._tasks: set[asyncio.Task[None]] = set()
        if not settings.configured:
            logger.info("teams: TEAMS_APP_ID is not set, so every Teams request is refused")

    def _seen_before(self, reply: Reply) -> bool:
        key = (reply.conversation_id, reply.reply_to_id)
        if key in self._recent:
            return True
        self._recent[key] = None
        while len(self._recent) > RECENT_ACTIVITIES:
            self._recent.popitem(last=False)
        return False

    async def _handle(
        self,
        message: IncomingMessage,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        agent: Any,
    ) -> None:
        output = TeamsOutput(self.connector, message.reply)
        who = message.sender_id[:14]
        try:
            if message.conversation_type != PERSONAL:
                await output.send_text_message(message.sender_id, NOT_PERSONAL_TEXT)
            elif not message.text:
                await output.send_text_message(message.sender_id, NOT_TEXT_REPLY)
            else:
                await take_turn(
                    on_new_message,
                    raw=message.text,
                    sender_id=message.sender_id,
                    output=output,
                    channel=self.name(),
                    max_chars=MAX_MESSAGE_CHARS,
                    agent=agent,
                )
        except ConnectorError as e:
            logger.error("teams: could not reply to sender %s… (%s)", who, e)
        except Exception as e:
            log_failure(logger, "teams: failed to handle a message for sender", who, e)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        teams = Blueprint("teams_webhook")

        @teams.listener("after_server_stop")
        async def close_http(*_: Any) -> None:
            await self.http.close()

        # noinspection PyUnusedLocal
        @teams.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @teams.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if len(request.body or b"") > MAX_BODY_BYTES:
                return _empty(413)
            activity = _json_object(request.body)
            try:
                if activity is None:
                    raise AuthenticationError("malformed_activity")
                service_url = await self.authenticator.authenticate(
                    request.headers.get("Authorization"), activity
                )
            except AuthenticationError as e:
                logger.info("teams: refused a request (%s)", e.reason)
                return _empty(403)
            self.connector.trusted.add(service_url)

            if activity.get("type") != "message":
                return _empty(200)  # installs, member changes, reactions: nothing to do
            try:
                message = parse_message(activity)
            except InvalidActivity as e:
                logger.info("teams: a message activity had no %s", e)
                return _empty(400)
            if self._seen_before(message.reply):
                return _empty(200)

            agent = getattr(request.app.ctx, "agent", None)
            task = asyncio.create_task(self._handle(message, on_new_message, agent))
            self._tasks.add(task)  # a strong reference until it is done
            task.add_done_callback(self._tasks.discard)
            done, _ = await asyncio.wait({task}, timeout=ACKNOWLEDGE_WITHIN_SECONDS)
            return _empty(200 if done else 202)

        return teams
