"""What happens to a text once Twilio's signature has been checked.

In order, for one sender at a time (texts from one number are handled in turn, so the
replies keep their order):

1. STOP (and Twilio's other opt-out words): the number goes on the suppression list,
   its open follow-ups stop, and nothing is sent back (Twilio confirms the opt-out).
2. START (or YES from an opted-out number): the number comes off the list; a short
   confirmation.
3. Anything else from an opted-out number: ignored.
4. HELP: who we are and where to get help.
5. A number with an open follow-up: the text goes to the bot; its replies come back as
   texts. Any other number gets a short explanation (at most once in a while, so an
   auto-responder cannot start a loop), and no information about any referral.

Logs say what happened by event and shortened conversation id only.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

from backend.adapters.bot_relay import BotRelay, RelayError
from backend.adapters.twilio_sms import RecipientOptedOut, SmsSendFailed
from backend.domain.sms import texts
from backend.domain.sms.identity import e164, number_digest, sender_id
from backend.domain.sms.keywords import keyword_of
from backend.domain.sms.render import OptionMemory, render
from backend.service import sms_consent
from backend.service.followup_schedule import SmsSender
from backend.service.unit_of_work import SqlAlchemyUnitOfWork
from backend.settings import SmsSettings

log = logging.getLogger(__name__)

RECENT_MESSAGES = 5000
# An explanation (HELP, or "this number is for follow-ups") at most this often per number.
EXPLAIN_EVERY_SECONDS = 600.0


@dataclass(frozen=True)
class InboundSms:
    message_sid: str
    from_number: str  # E.164
    body: str


def inbound_message(params: Mapping[str, str]) -> InboundSms | None:
    """The text in Twilio's webhook parameters, or None when it has no usable sender."""
    number = e164(params.get("From"))
    if number is None:
        return None
    return InboundSms(params.get("MessageSid") or "", number, params.get("Body") or "")


class SmsInbound:
    def __init__(
        self,
        settings: SmsSettings,
        uow: SqlAlchemyUnitOfWork,
        sender: SmsSender | None,
        relay: BotRelay | None,
    ) -> None:
        self.settings = settings
        self.uow = uow
        self.sender = sender
        self.relay = relay
        self.options = OptionMemory()
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        self._recent: OrderedDict[str, None] = OrderedDict()
        self._explained: OrderedDict[str, float] = OrderedDict()

    def seen_before(self, message_sid: str) -> bool:
        """Twilio retries a webhook it got no answer to: each message is handled once."""
        if not message_sid:
            return False
        if message_sid in self._recent:
            return True
        self._recent[message_sid] = None
        while len(self._recent) > RECENT_MESSAGES:
            self._recent.popitem(last=False)
        return False

    def _lock(self, digest: str) -> asyncio.Lock:
        lock = self._locks.get(digest)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[digest] = lock
        return lock

    async def handle(self, message: InboundSms) -> None:
        """Handle one text; never raises (it runs after Twilio has had its answer)."""
        if not self.settings.number_key:
            log.warning("SMS: a text arrived but SMS_NUMBER_KEY is not set; it was ignored")
            return
        digest = number_digest(message.from_number, self.settings.number_key_bytes)
        try:
            async with self._lock(digest):
                await self._handle(message, digest)
        except Exception as error:
            log.error(
                "SMS: failed to handle a text from %s… (%s)",
                sender_id(digest)[:12],
                type(error).__name__,
            )

    async def _handle(self, message: InboundSms, digest: str) -> None:
        who = sender_id(digest)[:12]
        opted_out = await asyncio.to_thread(sms_consent.is_suppressed, self.uow, digest)
        keyword = keyword_of(message.body, opted_out=opted_out)
        if keyword == "stop":
            stopped = await asyncio.to_thread(sms_consent.opt_out, self.uow, digest)
            log.info("SMS: %s opted out (%d follow-up(s) stopped)", who, len(stopped))
            return
        if keyword == "start":
            await asyncio.to_thread(sms_consent.opt_in, self.uow, digest)
            log.info("SMS: %s opted in", who)
            await self._reply(message.from_number, digest, [texts.START_TEXT])
            return
        if opted_out:
            log.info("SMS: ignored a text from %s, who opted out", who)
            return
        if keyword == "help":
            await self._explain(message.from_number, digest, texts.HELP_TEXT)
            return
        open_followup = self.relay is not None and await asyncio.to_thread(
            sms_consent.has_open_followup, self.uow, digest
        )
        if not open_followup or self.relay is None:
            log.info("SMS: a text from %s, who has no open follow-up", who)
            await self._explain(message.from_number, digest, texts.NO_FOLLOWUP_TEXT)
            return
        text = self.options.expand(digest, message.body)
        try:
            replies = await self.relay.send(sender_id(digest), text)
        except RelayError as error:
            log.error("SMS: the bot did not answer a text from %s: %s", who, error)
            await self._reply(message.from_number, digest, [texts.ERROR_TEXT])
            return
        rendered = render(replies, self.settings.max_segments)
        self.options.remember(digest, rendered.options)
        log.info("SMS: %s's text answered with %d text(s)", who, len(rendered.texts))
        await self._reply(message.from_number, digest, rendered.texts)

    async def _explain(self, to: str, digest: str, text: str) -> None:
        now = time.monotonic()
        last = self._explained.get(digest)
        if last is not None and now - last < EXPLAIN_EVERY_SECONDS:
            return
        self._explained[digest] = now
        self._explained.move_to_end(digest)
        while len(self._explained) > RECENT_MESSAGES:
            self._explained.popitem(last=False)
        await self._reply(to, digest, [text])

    async def _reply(self, to: str, digest: str, bodies: list[str]) -> None:
        if self.sender is None:
            log.warning("SMS: %d repl(ies) not sent: Twilio is not configured", len(bodies))
            return
        for body in bodies:
            try:
                await self.sender.send(to, body)
            except RecipientOptedOut:
                await asyncio.to_thread(sms_consent.opt_out, self.uow, digest)
                log.info("SMS: %s has opted out at Twilio; no more replies", sender_id(digest)[:12])
                return
            except SmsSendFailed as error:
                log.warning("SMS: a reply was not sent: %s", error)
                return
