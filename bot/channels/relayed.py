"""What the bot's relayed channels share (SMS texts, ART call transcripts): each takes
requests only from the case backend, signed with the channel's own shared secret.

A subclass names its secret's environment variable (``SECRET_VARIABLE``), its largest
body and what it carries, reads a body (``parse``) and answers what it read (``answer``).
The base serves ``GET /`` (health) and ``POST /webhook``, answering a request that is too
large, unsigned, forged, stale or replayed, or whose body ``parse`` rejects, itself;
``empty`` is every bare answer. Runs inside the Rasa server: nothing from ``backend/``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, Generic, TypeVar

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.relay_auth import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    RelayAuthError,
    ReplayGuard,
    check_request,
)

logger = logging.getLogger(__name__)
HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
#: What a channel reads from a relayed body.
Relayed = TypeVar("Relayed")


def empty(status: int) -> HTTPResponse:
    return response.empty(status=status, headers=HEADERS)


class RelayedInput(InputChannel, Generic[Relayed]):
    SECRET_VARIABLE: ClassVar[str]
    MAX_BODY_BYTES: ClassVar[int]
    #: What every request carries, for the log line when the secret is missing.
    CARRIES: ClassVar[str]
    #: What one body holds, for the log line when it is malformed.
    BODY_HOLDS: ClassVar[str]

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        given = (credentials or {}).get("secret")
        return cls(str(given or os.environ.get(cls.SECRET_VARIABLE, "")).strip())

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.replays = ReplayGuard()
        if not secret:
            logger.info(
                "%s: %s is not set, so every %s is refused",
                self.name(),
                self.SECRET_VARIABLE,
                self.CARRIES,
            )

    def refusal(self, request: Request) -> HTTPResponse | None:
        """The answer to a request that is not the backend's, or None to go on."""
        body = request.body or b""
        if len(body) > self.MAX_BODY_BYTES:
            return empty(413)
        try:
            check_request(
                self.secret,
                self.replays,
                request.headers.get(TIMESTAMP_HEADER),
                request.headers.get(SIGNATURE_HEADER),
                body,
            )
        except RelayAuthError as e:
            logger.info("%s: refused a request (%s)", self.name(), e.reason)
            return empty(403)
        return None

    def parse(self, body: bytes) -> Relayed | None:
        """What a signed body holds, or None when it is malformed."""
        raise NotImplementedError

    async def answer(
        self,
        relayed: Relayed,
        request: Request,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> HTTPResponse:
        """The answer to what a well-formed, signed body holds."""
        raise NotImplementedError

    async def handle(
        self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        """The answer to a request the backend signed: 400 when its body is malformed
        (logged by the channel's own module's logger), else ``answer``'s."""
        relayed = self.parse(request.body or b"")
        if relayed is None:
            logging.getLogger(type(self).__module__).info(
                "%s: refused a malformed %s", self.name(), self.BODY_HOLDS
            )
            return empty(400)
        return await self.answer(relayed, request, on_new_message)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        relayed = Blueprint(f"{self.name()}_relay")

        # noinspection PyUnusedLocal
        @relayed.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"}, headers=HEADERS)

        @relayed.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if (refused := self.refusal(request)) is not None:
                return refused
            return await self.handle(request, on_new_message)

        return relayed
