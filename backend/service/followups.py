"""SMS follow-ups: texting a referrer about a submitted referral's missing fields, and
completing them in a text conversation with the bot.

- ``schedule_followup`` (the action server, after a submission): when the referral has
  missing fields and the referrer agreed to texts at a UK mobile, a follow-up is due
  ``SMS_FOLLOWUP_DELAY_MINUTES`` later. One per referral; never for an opted-out number.
- ``send_due_followups`` (``python -m backend.cli send-followups``, and every
  ``SMS_FOLLOWUP_INTERVAL_SECONDS`` in the API process): texts each follow-up that is
  due, then reminds every ``SMS_FOLLOWUP_REMINDER_INTERVAL_MINUTES`` up to
  ``SMS_FOLLOWUP_MAX_REMINDERS`` times; one interval after the last text it expires.
  Everything is checked again before each text: the referral still open and missing
  something, the consent, the number, the suppression list.
- ``followup_for_sender``, ``update_fields_by_reference``, ``finish_followup``: the bot's
  text conversation (``actions/sms_followup.py``). The sender is known by the keyed hash
  of their number; only the referrer's own number, with their consent, gets anything.
  An SMS fills only fields that are missing, never changes a known answer; each update is
  audited, re-screened and moves the status only as the bot may (submitted <->
  needs_discussion; a decided referral is never changed).
- ``opt_out`` / ``opt_in``: the STOP/START keywords (``backend/sms/inbound.py``).

Logs carry references, counts and error codes: never a number or message text.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, Protocol

from backend.adapters.sms_store import Followup, SqlAlchemySmsStore
from backend.adapters.twilio_sms import RecipientOptedOut, SmsSendFailed
from backend.domain import notifications
from backend.domain.criteria import is_missing
from backend.domain.fields import FIELDS_BY_NAME, is_uk_mobile
from backend.domain.model import Referral, Turn
from backend.domain.sms_followup import askable_by_sms, not_by_sms
from backend.service.referrals import (
    SERVICE_TIMEZONE,
    _notification_state,
    _record_status,
    _today,
)
from backend.service.unit_of_work import SqlAlchemyUnitOfWork
from backend.sms.identity import number_digest
from backend.sms.settings import SmsSettings
from backend.sms.texts import followup_text

log = logging.getLogger(__name__)

ACTOR = "bot:sms"
SENDER_ACTOR = "sms-followups"
BATCH_SIZE = 50
CLAIM_HOLD = timedelta(minutes=5)
RETRY_AFTER = timedelta(minutes=15)
# A field an SMS may fill along with the one asked: the age that goes with a birth date.
_DERIVED = {f.name: f.derived for f in FIELDS_BY_NAME.values() if f.derived}


class NotTheReferrer(Exception):
    """The number is not the referrer's for that referral (or they did not agree)."""


class FollowupClosed(Exception):
    """The follow-up is no longer open, or the referral has been decided."""


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


@dataclass(frozen=True)
class FollowupView:
    """What the bot may know of a referral in a text conversation: no personal data."""

    reference: str
    askable: list[str]  # missing fields to ask for by text, in the form's order
    by_phone: list[str]  # missing fields the service talks through instead
    outcome: str
    status: str


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _store(uow: SqlAlchemyUnitOfWork) -> SqlAlchemySmsStore:
    return SqlAlchemySmsStore(uow.session)


def _missing(referral: Referral) -> list[str]:
    return list(referral.screening.missing_fields) if referral.screening else []


def _outcome(referral: Referral) -> str:
    return referral.screening.outcome if referral.screening else "incomplete"


def _view(referral: Referral) -> FollowupView:
    missing = _missing(referral)
    return FollowupView(
        referral.reference,
        askable_by_sms(missing),
        not_by_sms(missing),
        _outcome(referral),
        referral.status,
    )


def why_not_followed_up(referral: Referral) -> str | None:
    """None when the referral calls for a follow-up by text, else the reason it does not."""
    if referral.submitted_at is None:
        return "not submitted"
    if referral.is_closed:
        return f"already {referral.status}"
    if referral.fields.get("referrer_sms_followup") != "yes":
        return "no consent to texts"
    if not is_uk_mobile(referral.fields.get("referrer_phone")):
        return "no UK mobile"
    if not _missing(referral):
        return "nothing missing"
    return None


def _referrer_digest(referral: Referral, key: bytes) -> str | None:
    phone = referral.fields.get("referrer_phone")
    return number_digest(phone, key) if isinstance(phone, str) and is_uk_mobile(phone) else None


def _is_referrer(referral: Referral, digest: str, key: bytes) -> bool:
    """The number is the referrer's for this referral, and they agreed to texts."""
    own = _referrer_digest(referral, key)
    return (
        own is not None
        and hmac.compare_digest(own, digest)
        and referral.fields.get("referrer_sms_followup") == "yes"
    )


# --- scheduling -------------------------------------------------------------------------


def schedule_followup(
    uow: SqlAlchemyUnitOfWork,
    reference: str,
    *,
    number_key: bytes,
    policy: FollowupPolicy,
    now: datetime | None = None,
) -> str:
    """Schedule (or keep, or close) the referral's follow-up; says what it did."""
    now = now or _now()
    with uow:
        referral = uow.referrals.get(reference)
        referral_id = uow.referrals.id_of(reference)
        if referral is None or referral_id is None:
            return "no such referral"
        store = _store(uow)
        existing = store.for_referral(referral_id)
        reason = why_not_followed_up(referral)
        if reason is not None:
            if existing is not None and existing.is_open:
                status = "completed" if reason == "nothing missing" else "cancelled"
                store.change(existing.id, now=now, status=status, next_due_at=None)
                uow.audit.record(
                    actor=ACTOR,
                    action=f"sms_followup.{status}",
                    reference=reference,
                    detail=reason,
                )
                uow.commit()
            return reason
        digest = _referrer_digest(referral, number_key)
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
            actor=ACTOR,
            action=f"sms_followup.{what}",
            reference=reference,
            detail=f"due in {int(policy.delay.total_seconds() // 60)} min",
        )
        uow.commit()
    log.info("SMS follow-up %s for referral %s", what, reference)
    return what


# --- sending ----------------------------------------------------------------------------


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
        claimed = _store(uow).claim_due(now, hold=CLAIM_HOLD, limit=BATCH_SIZE)
        uow.commit()
    return claimed


def _close(
    uow: SqlAlchemyUnitOfWork, followup: Followup, status: str, reason: str, now: datetime
) -> None:
    _store(uow).change(followup.id, now=now, status=status, next_due_at=None, claimed_until=None)
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
        digest = _referrer_digest(referral, number_key) if referral else None
        if reason is None and digest is not None and _store(uow).is_suppressed(digest):
            reason, status = "number opted out", "stopped"
        if reason is None and followup.texts_sent >= policy.max_texts:
            reason, status = "no reply after the last reminder", "expired"
        if reason is not None or referral is None or digest is None:
            _close(uow, followup, status, reason or "no number", now)
            uow.commit()
            log.info("SMS follow-up for %s closed (%s)", followup.reference, status)
            return None
        if digest != followup.phone_digest:  # the number was corrected since
            _store(uow).change(followup.id, now=now, phone_digest=digest)
            uow.commit()
        body = followup_text(
            referral.reference,
            _missing(referral),
            reminder=followup.texts_sent > 0,
            max_segments=policy.max_segments,
        )
        return _Text(str(referral.fields["referrer_phone"]), body)


def _sent(
    uow: SqlAlchemyUnitOfWork, followup: Followup, policy: FollowupPolicy, now: datetime
) -> None:
    texts = followup.texts_sent + 1
    with uow:
        _store(uow).change(
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
        _store(uow).change(
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
        store = _store(uow)
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
        return sum(1 for f in _store(uow).all() if f.is_open)


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
    moment = now or _now()
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


# --- STOP and START ---------------------------------------------------------------------


def is_suppressed(uow: SqlAlchemyUnitOfWork, digest: str) -> bool:
    with uow:
        return _store(uow).is_suppressed(digest)


def has_open_followup(uow: SqlAlchemyUnitOfWork, digest: str) -> bool:
    with uow:
        return bool(_store(uow).open_for_number(digest))


def opt_out(uow: SqlAlchemyUnitOfWork, digest: str, *, now: datetime | None = None) -> list[str]:
    """STOP: the number goes on the suppression list and its open follow-ups stop.
    Returns the references of the follow-ups stopped."""
    now = now or _now()
    with uow:
        store = _store(uow)
        added = store.suppress(digest, reason="stop", now=now)
        stopped = store.close_open_for_number(digest, status="stopped", now=now)
        for reference in stopped:
            uow.audit.record(
                actor="sms:keyword",
                action="sms_followup.stopped",
                reference=reference,
                detail="the referrer replied STOP",
            )
        if added:
            uow.audit.record(actor="sms:keyword", action="sms.opted_out")
        uow.commit()
    return stopped


def opt_in(uow: SqlAlchemyUnitOfWork, digest: str) -> bool:
    """START: the number comes off the suppression list (stopped follow-ups stay so)."""
    with uow:
        removed = _store(uow).unsuppress(digest)
        if removed:
            uow.audit.record(actor="sms:keyword", action="sms.opted_in")
        uow.commit()
    return removed


# --- the text conversation (the action server) ------------------------------------------


def _owned_open_referral(
    uow: SqlAlchemyUnitOfWork, reference: str, digest: str, number_key: bytes
) -> tuple[Referral, Followup]:
    """The referral and its open follow-up, when the number is the referrer's."""
    referral = uow.referrals.get(reference, for_update=True)
    referral_id = uow.referrals.id_of(reference)
    followup = _store(uow).for_referral(referral_id) if referral_id is not None else None
    if referral is None or followup is None or not _is_referrer(referral, digest, number_key):
        uow.audit.record(
            actor=ACTOR,
            action="sms_followup.refused",
            reference=reference if referral is not None else None,
            detail="not the referrer's number",
        )
        uow.commit()
        raise NotTheReferrer(reference)
    if not followup.is_open or referral.is_closed:
        raise FollowupClosed(reference)
    return referral, followup


def followup_for_sender(
    uow: SqlAlchemyUnitOfWork, digest: str, *, number_key: bytes
) -> FollowupView | None:
    """The oldest open follow-up of the referrer with this number, if any."""
    with uow:
        for followup in _store(uow).open_for_number(digest):
            referral = uow.referrals.get(followup.reference)
            if (
                referral is not None
                and not referral.is_closed
                and _is_referrer(referral, digest, number_key)
            ):
                return _view(referral)
        return None


def _turns(transcript: Iterable[Mapping[str, Any]]) -> list[Turn]:
    return [Turn.from_dict(turn) for turn in transcript]


def update_fields_by_reference(
    uow: SqlAlchemyUnitOfWork,
    reference: str,
    fields: Mapping[str, Any],
    *,
    digest: str,
    number_key: bytes,
    transcript: Iterable[Mapping[str, Any]] = (),
    referral_date: date | None = None,
) -> FollowupView:
    """Fill missing fields of the referral from its referrer's texts, re-screen it and
    audit the change. A field already known is never changed by a text, nor is a field
    outside the referral, nor a value of "unknown". A value the field table does not
    allow refuses the whole update (InvalidFieldValue, a ValueError): nothing is stored."""
    turns = _turns(transcript)
    day = referral_date or _today()
    with uow:
        referral, followup = _owned_open_referral(uow, reference, digest, number_key)
        filling: dict[str, Any] = {}
        for name, value in fields.items():
            if name not in FIELDS_BY_NAME or value is None or is_missing(value):
                continue
            if is_missing(referral.fields.get(name)):
                filling[name] = value
                for derived in _DERIVED.get(name, ()):
                    if derived in fields and fields[derived] is not None:
                        filling[derived] = fields[derived]
        before, notified_before = referral.status, _notification_state(referral)
        if filling:
            referral.update_fields(filling, today=day)
        if turns:
            referral.replace_transcript([*referral.transcript, *turns])
        referral.rescreen(day)
        names = ", ".join(sorted(filling)) or "none"
        uow.audit.record(
            actor=ACTOR,
            action="referral.updated_by_sms",
            reference=reference,
            detail=f"fields: {names}",
        )
        _record_status(
            uow,
            referral,
            before,
            ACTOR,
            f"Screened again after details given by text: the outcome is now "
            f"{_outcome(referral).replace('_', ' ')}.",
        )
        for kind in notifications.after_save(notified_before, _notification_state(referral)):
            uow.outbox.add(kind, reference=reference)
        if not _missing(referral):
            _store(uow).change(followup.id, now=_now(), status="completed", next_due_at=None)
            uow.audit.record(
                actor=ACTOR,
                action="sms_followup.completed",
                reference=reference,
                detail="nothing missing",
            )
        uow.commit()
    log.info("referral %s updated by SMS (%d fields)", reference, len(filling))
    return _view(referral)


def finish_followup(
    uow: SqlAlchemyUnitOfWork,
    reference: str,
    *,
    digest: str,
    number_key: bytes,
    transcript: Iterable[Mapping[str, Any]] = (),
) -> FollowupView:
    """The referrer has answered everything the bot could ask by text: the follow-up is
    complete (what is left, the service takes up with them), and no more reminders."""
    turns = _turns(transcript)
    with uow:
        try:
            referral, followup = _owned_open_referral(uow, reference, digest, number_key)
        except FollowupClosed:
            closed = uow.referrals.get(reference)
            if closed is None:
                raise
            return _view(closed)
        if turns:
            referral.replace_transcript([*referral.transcript, *turns])
        _store(uow).change(followup.id, now=_now(), status="completed", next_due_at=None)
        left = len(_missing(referral))
        uow.audit.record(
            actor=ACTOR,
            action="sms_followup.completed",
            reference=reference,
            detail=f"{left} field(s) still missing" if left else "nothing missing",
        )
        uow.commit()
    return _view(referral)


def record_immediate_risk_by_sms(
    uow: SqlAlchemyUnitOfWork,
    reference: str,
    *,
    digest: str,
    number_key: bytes,
    transcript: Iterable[Mapping[str, Any]] = (),
    command_id: str | None = None,
) -> None:
    """A disclosure of immediate risk in the text conversation: the IMMEDIATE_RISK flag
    on the referral, and the team told, even when the follow-up has closed. A command
    sent again (command_id) changes nothing."""
    turns = _turns(transcript)
    with uow:
        if command_id and uow.commands.applied(command_id):
            return
        referral = uow.referrals.get(reference, for_update=True)
        if referral is None or not _is_referrer(referral, digest, number_key):
            raise NotTheReferrer(reference)
        before = referral.status
        if turns and not referral.is_closed:
            referral.replace_transcript([*referral.transcript, *turns])
        referral.raise_flag("IMMEDIATE_RISK")
        referral.rescreen(_today())
        uow.audit.record(
            actor=ACTOR,
            action="referral.flag_raised",
            reference=reference,
            detail="IMMEDIATE_RISK",
        )
        _record_status(uow, referral, before, ACTOR, "IMMEDIATE_RISK raised in a text.")
        uow.outbox.add("immediate_risk", reference=reference)
        if command_id:
            uow.commands.record(command_id, "sms_immediate_risk", _now(), reference=reference)
        uow.commit()
    log.warning("IMMEDIATE_RISK flagged on referral %s by SMS", reference)


def record_handoff_by_sms(
    uow: SqlAlchemyUnitOfWork,
    reference: str,
    *,
    digest: str,
    number_key: bytes,
    transcript: Iterable[Mapping[str, Any]] = (),
    command_id: str | None = None,
) -> int:
    """The referrer asked for a person in the text conversation. A command sent again
    (command_id) returns the request already recorded."""
    turns = [turn.to_dict() for turn in _turns(transcript)]
    with uow:
        if command_id and (done := uow.commands.applied(command_id)) and done.request_id:
            return done.request_id
        referral = uow.referrals.get(reference)
        if referral is None or not _is_referrer(referral, digest, number_key):
            raise NotTheReferrer(reference)
        request_id = uow.requests.add_handoff(
            conversation_key=f"sms:{digest}",
            source="sms",
            referral_id=uow.referrals.id_of(reference),
            reason="request_human",
            contact=None,  # the referrer's number is in the referral
            transcript=turns,
        )
        uow.audit.record(
            actor=ACTOR,
            action="handoff.requested",
            reference=reference,
            detail=f"request {request_id}",
        )
        uow.outbox.add("handoff_requested", reference=reference, request_id=request_id)
        if command_id:
            uow.commands.record(command_id, "sms_handoff", _now(), request_id=request_id)
        uow.commit()
    return request_id
