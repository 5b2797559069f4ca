"""The SMS parts of the API process: signature checks, the inbound handler, the sender
and the periodic follow-up pass. Built by ``create_app`` (``backend/api/main.py``) and
kept on ``app.state.sms``."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping

import httpx
from twilio.http import AsyncHttpClient
from twilio.request_validator import RequestValidator, get_signature_algorithm

from backend.adapters.bot_relay import BotRelay
from backend.adapters.twilio_sms import make_sender
from backend.service.followup_schedule import (
    FollowupPolicy,
    FollowupReport,
    send_due_followups,
    send_followups_periodically,
)
from backend.service.sms_inbound import SmsInbound
from backend.service.unit_of_work import SqlAlchemyUnitOfWork
from backend.settings import SmsSettings

log = logging.getLogger(__name__)


class SmsRuntime:
    def __init__(
        self,
        settings: SmsSettings,
        uow: SqlAlchemyUnitOfWork,
        *,
        http_client: AsyncHttpClient | None = None,
        relay_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.uow = uow
        self.policy = FollowupPolicy.from_settings(settings)
        self.sender = make_sender(settings, http_client)
        self.relay = (
            BotRelay(settings.relay_url, settings.relay_secret, transport=relay_transport)
            if settings.can_relay
            else None
        )
        self.inbound = SmsInbound(settings, uow, self.sender, self.relay)
        self._validator = (
            RequestValidator(settings.twilio_auth_token) if settings.accepts_inbound else None
        )
        self._task: asyncio.Task[None] | None = None

    def verify(
        self, params: Mapping[str, str], signature: str | None, signature_settings: str | None
    ) -> bool:
        """Whether Twilio signed these parameters for the configured public URL."""
        if self._validator is None or not signature:
            return False
        sid = self.settings.twilio_account_sid
        if sid and params.get("AccountSid") != sid:
            return False
        return bool(
            self._validator.validate(
                self.settings.twilio_inbound_url,
                dict(params),
                signature,
                get_signature_algorithm(signature_settings),
            )
        )

    def start(self) -> None:
        """Start the periodic follow-up pass (in the API's lifespan)."""
        if self.sender is None or not self.settings.followups_enabled:
            log.info("SMS follow-ups are not sent: Twilio or SMS_NUMBER_KEY is not set")
            return
        self._task = asyncio.create_task(
            send_followups_periodically(
                self.uow,
                self.sender,
                number_key=self.settings.number_key_bytes,
                policy=self.policy,
                interval_seconds=self.settings.followup_interval_seconds,
            )
        )

    async def send_due(self) -> FollowupReport | None:
        """One follow-up pass now; None when nothing can be sent."""
        if self.sender is None or not self.settings.followups_enabled:
            return None
        return await send_due_followups(
            self.uow, self.sender, number_key=self.settings.number_key_bytes, policy=self.policy
        )

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self.sender is not None:
            await self.sender.close()
        if self.relay is not None:
            await self.relay.close()
