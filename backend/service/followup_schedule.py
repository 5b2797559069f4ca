"""SMS follow-ups: scheduling them, and texting them when they are due.

- ``schedule_followup`` (the action server, after a submission): when the referral has
  missing fields and the referrer agreed to texts at a UK mobile, a follow-up is due
  ``SMS_FOLLOWUP_DELAY_MINUTES`` later. One per referral; never for an opted-out number.
- ``send_due_followups`` (``python -m backend.cli send-followups``, and every
  ``SMS_FOLLOWUP_INTERVAL_SECONDS`` in the API process): texts each follow-up that is
  due, then reminds every ``SMS_FOLLOWUP_REMINDER_INTERVAL_MINUTES`` up to
  ``SMS_FOLLOWUP_MAX_REMINDERS`` times; one interval after the last text it expires.
  Everything is checked again before each text: the referral still open and missing
  something, the consent, the number, the suppression list.

The referrer's answers come in the text conversation (``sms_conversation.py``); STOP
and START in ``sms_consent.py``. Logs carry references, counts and error codes: never a
number or message text.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from backend.adapters.twilio_sms import RecipientOptedOut, SmsSendFailed
from backend.domain.sms.followup import (
    BOT_ACTOR,
    Followup,
    missing_fields,
    referrer_digest,
    why_not_followed_up,
)
from backend.domain.sms.texts import followup_text
from backend.service.referral_changes import SERVICE_TIMEZONE, utc_now
from backend.service.unit_of_work import SqlAlchemyUnitOfWork
from backend.settings import SmsSettings

log = logging.getLogger(__name__)

SENDER_ACTOR = "sms-followups"
BATCH_SIZE = 50
CLAIM_HOLD = timedelta(minutes=5)
RETRY_AFTER = timedelta(minutes=15)


class SmsSender(Protocol):
    async def send(self, to: str, body: str) -> str:
        """Send one text; raise SmsSendFailed (RecipientOptedOut for error 21610)."""


@dataclass(frozen=True)
class FollowupPolicy:
    delay: timedelta
    reminder_interval: timedelta
    max_texts: int
    max_segments: int
    send_hours: tuple[int, int] = (0, 24)  # UK time, from inclusive, to exclusive

    def may_send_at(self, moment: datetime) -> bool:
        """Whether follow-up texts may go now: not at night, UK time."""
        start, end = self.send_hours
        return start <= moment.astimezone(SERVICE_TIMEZONE).hour < end

    @classmethod
    def from_settings(cls, settings: SmsSettings) -> FollowupPolicy:
        return cls(
            delay=timedelta(minutes=settings.followup_delay_minutes),
            reminder_interval=timedelta(minutes=settings.followup_reminder_interval_minutes),
            max_texts=settings.max_texts,
            max_segments=settings.max_segments,
            send_hours=settings.followup_send_hours,
        )


def schedule_followup(
    uow: SqlAlchemyUnitOfWork,
    reference: str,
    *,
    number_key: bytes,
    policy: FollowupPolicy,
    now: datetime | None = None,
) -> str:
    """Schedule (or keep, or close) the referral's follow-up; says what it did."""
    now = now or utc_now()
    with uow:
        referral = uow.referrals.get(reference)
        referral_id = uow.referrals.id_of(reference)
        if referral is None or referral_id is None:
            return "no such referral"
        store = uow.sms
        existing = store.for_referral(referral_id)
        reason = why_not_followed_up(referral)
        if reason is not None:
            if existing is not None and existing.is_open:
                status = "completed" if reason == "nothing missing" else "cancelled"
                store.change(existing.id, now=now, status=status, next_due_at=None)
                uow.audit.record(
                    actor=BOT_ACTOR,
                    action=f"sms_followup.{status}",
                    reference=reference,
                    detail=reason,
                )
                uow.commit()
            return reason
        digest = referrer_digest(referral, number_key)
        assert digest is not None, "why_not_followed_up checked the number"
        if store.is_suppressed(digest):
            return "number opted out"
        if existing is None:
            store.add(referral_id, digest=digest, due=now + policy.delay, now=now)
            what = "scheduled"
        elif existing.is_open:
            if existing.phone_digest != digest:  # the referrer's number was corrected
                store.change(existing.id, now=now, phone_digest=digest)
            return "already scheduled"
        elif existing.status == "completed" and existing.texts_sent < policy.max_texts:
            store.change(
                existing.id,
                now=now,
                status="pending",
                phone_digest=digest,
                next_due_at=now + policy.delay,
            )
            what = "reopened"
        else:
            return f"already {existing.status}"
        uow.audit.record(
            actor=BOT_ACTOR,
            action=f"sms_followup.{what}",
            reference=reference,
            detail=f"due in {int(policy.delay.total_seconds() // 60)} min",
        )
        uow.commit()
    log.info("SMS follow-up %s for referral %s", what, reference)
    return what


@dataclass(frozen=True)
class FollowupReport:
    sent: int
    failed: int
    closed: int
    open: int  # open follow-ups after this pass


@dataclass(frozen=True)
class _Text:
    to: str = ""
    body: str = ""


def _claim(uow: SqlAlchemyUnitOfWork, now: datetime) -> list[Followup]:
    with uow:
        claimed = uow.sms.claim_due(now, hold=CLAIM_HOLD, limit=BATCH_SIZE)
        uow.commit()
    return claimed


def _close(
    uow: SqlAlchemyUnitOfWork, followup: Followup, status: str, reason: str, now: datetime
) -> None:
    uow.sms.change(followup.id, now=now, status=status, next_due_at=None, claimed_until=None)
    uow.audit.record(
        actor=SENDER_ACTOR,
        action=f"sms_followup.{status}",
        reference=followup.reference,
        detail=reason,
    )


def _prepare(
    uow: SqlAlchemyUnitOfWork,
    followup: Followup,
    *,
    number_key: bytes,
    policy: FollowupPolicy,
    now: datetime,
) -> _Text | None:
    """The text to send now, or None after closing the follow-up (checked afresh)."""
    with uow:
        referral = uow.referrals.get(followup.reference)
        reason = "referral deleted" if referral is None else why_not_followed_up(referral)
        status = "completed" if reason == "nothing missing" else "cancelled"
        digest = referrer_digest(referral, number_key) if referral else None
        if reason is None and digest is not None and uow.sms.is_suppressed(digest):
            reason, status = "number opted out", "stopped"
        if reason is None and followup.texts_sent >= policy.max_texts:
            reason, status = "no reply after the last reminder", "expired"
        if reason is not None or referral is None or digest is None:
            _close(uow, followup, status, reason or "no number", now)
            uow.commit()
            log.info("SMS follow-up for %s closed (%s)", followup.reference, status)
            return None
        if digest != followup.phone_digest:  # the number was corrected since
            uow.sms.change(followup.id, now=now, phone_digest=digest)
            uow.commit()
        body = followup_text(
            referral.reference,
            missing_fields(referral),
            reminder=followup.texts_sent > 0,
            max_segments=policy.max_segments,
        )
        return _Text(str(referral.fields["referrer_phone"]), body)


def _sent(
    uow: SqlAlchemyUnitOfWork, followup: Followup, policy: FollowupPolicy, now: datetime
) -> None:
    texts = followup.texts_sent + 1
    with uow:
        uow.sms.change(
            followup.id,
            now=now,
            status="sent",
            texts_sent=texts,
            last_sent_at=now,
            # the next reminder, or after the last one the end of the wait for a reply
            next_due_at=now + policy.reminder_interval,
            claimed_until=None,
            last_error=None,
        )
        uow.audit.record(
            actor=SENDER_ACTOR,
            action="sms_followup.sent",
            reference=followup.reference,
            detail=f"text {texts} of at most {policy.max_texts}",
        )
        uow.commit()


def _failed(uow: SqlAlchemyUnitOfWork, followup: Followup, error: str, now: datetime) -> None:
    with uow:
        uow.sms.change(
            followup.id,
            now=now,
            last_error=error[:200],
            next_due_at=now + RETRY_AFTER,
            claimed_until=None,
        )
        uow.audit.record(
            actor=SENDER_ACTOR,
            action="sms_followup.failed",
            reference=followup.reference,
            detail=error,
        )
        uow.commit()


def _opted_out_at_twilio(uow: SqlAlchemyUnitOfWork, followup: Followup, now: datetime) -> None:
    with uow:
        store = uow.sms
        store.suppress(followup.phone_digest, reason="twilio_21610", now=now)
        for reference in store.close_open_for_number(
            followup.phone_digest, status="stopped", now=now
        ):
            uow.audit.record(
                actor=SENDER_ACTOR,
                action="sms_followup.stopped",
                reference=reference,
                detail="the number opted out at Twilio (21610)",
            )
        uow.commit()


def _open_count(uow: SqlAlchemyUnitOfWork) -> int:
    with uow:
        return sum(1 for f in uow.sms.all() if f.is_open)


async def send_due_followups(
    uow: SqlAlchemyUnitOfWork,
    sender: SmsSender,
    *,
    number_key: bytes,
    policy: FollowupPolicy,
    now: datetime | None = None,
) -> FollowupReport:
    """One pass: text every follow-up that is due. Database work runs in worker threads;
    the texts go out through the asynchronous sender. Outside the sending hours nothing
    goes: what is due waits for the first pass within them."""
    moment = now or utc_now()
    if not policy.may_send_at(moment):
        return FollowupReport(0, 0, 0, await asyncio.to_thread(_open_count, uow))
    claimed = await asyncio.to_thread(_claim, uow, moment)
    sent = failed = closed = 0
    for followup in claimed:
        text = await asyncio.to_thread(
            _prepare, uow, followup, number_key=number_key, policy=policy, now=moment
        )
        if text is None:
            closed += 1
            continue
        try:
            await sender.send(text.to, text.body)
        except RecipientOptedOut:
            await asyncio.to_thread(_opted_out_at_twilio, uow, followup, moment)
            closed += 1
            log.info("SMS follow-up for %s stopped: the number opted out", followup.reference)
        except SmsSendFailed as error:
            await asyncio.to_thread(_failed, uow, followup, str(error), moment)
            failed += 1
            log.warning("SMS follow-up for %s not sent: %s", followup.reference, error)
        else:
            await asyncio.to_thread(_sent, uow, followup, policy, moment)
            sent += 1
            log.info("SMS follow-up text sent for %s", followup.reference)
    remaining = await asyncio.to_thread(_open_count, uow)
    return FollowupReport(sent, failed, closed, remaining)


async def send_followups_periodically(
    uow: SqlAlchemyUnitOfWork,
    sender: SmsSender,
    *,
    number_key: bytes,
    policy: FollowupPolicy,
    interval_seconds: float,
) -> None:
    """A pass now and then every interval, until cancelled."""
    while True:
        try:
            await send_due_followups(uow, sender, number_key=number_key, policy=policy)
        except Exception as error:  # a bad pass must not end the loop; the next one retries
            log.error("SMS follow-up pass failed: %s", type(error).__name__)
        await asyncio.sleep(interval_seconds)
