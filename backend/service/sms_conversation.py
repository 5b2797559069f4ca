"""The bot's text conversation with a referrer (``actions/sms_followup.py``, through
``actions/sms_gateway.py``): completing a submitted referral's missing fields.

The sender is known by the keyed hash of their number; only the referrer's own number,
with their consent, gets anything. An SMS fills only fields that are missing, never
changes a known answer; each update is audited, re-screened and moves the status only
as the bot may (submitted <-> needs_discussion; a decided referral is never changed).
Logs carry references and counts: never a number or message text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from backend.domain import notifications
from backend.domain.criteria import is_missing
from backend.domain.fields import FIELDS_BY_NAME
from backend.domain.model import Referral, Turn
from backend.domain.sms.followup import (
    BOT_ACTOR,
    Followup,
    FollowupView,
    is_referrer,
    missing_fields,
    outcome_of,
    view_of,
)
from backend.service.referral_changes import (
    notification_state,
    record_status,
    service_today,
    utc_now,
)
from backend.service.unit_of_work import SqlAlchemyUnitOfWork

log = logging.getLogger(__name__)

# A field an SMS may fill along with the one asked: the age that goes with a birth date.
_DERIVED = {f.name: f.derived for f in FIELDS_BY_NAME.values() if f.derived}


class NotTheReferrer(Exception):
    """The number is not the referrer's for that referral (or they did not agree)."""


class FollowupClosed(Exception):
    """The follow-up is no longer open, or the referral has been decided."""


def _owned_open_referral(
    uow: SqlAlchemyUnitOfWork, reference: str, digest: str, number_key: bytes
) -> tuple[Referral, Followup]:
    """The referral and its open follow-up, when the number is the referrer's."""
    referral = uow.referrals.get(reference, for_update=True)
    referral_id = uow.referrals.id_of(reference)
    followup = uow.sms.for_referral(referral_id) if referral_id is not None else None
    if referral is None or followup is None or not is_referrer(referral, digest, number_key):
        uow.audit.record(
            actor=BOT_ACTOR,
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
        for followup in uow.sms.open_for_number(digest):
            referral = uow.referrals.get(followup.reference)
            if (
                referral is not None
                and not referral.is_closed
                and is_referrer(referral, digest, number_key)
            ):
                return view_of(referral)
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
    day = referral_date or service_today()
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
        before, notified_before = referral.status, notification_state(referral)
        if filling:
            referral.update_fields(filling, today=day)
        if turns:
            referral.replace_transcript([*referral.transcript, *turns])
        referral.rescreen(day)
        names = ", ".join(sorted(filling)) or "none"
        uow.audit.record(
            actor=BOT_ACTOR,
            action="referral.updated_by_sms",
            reference=reference,
            detail=f"fields: {names}",
        )
        record_status(
            uow,
            referral,
            before,
            BOT_ACTOR,
            f"Screened again after details given by text: the outcome is now "
            f"{outcome_of(referral).replace('_', ' ')}.",
        )
        for kind in notifications.after_save(notified_before, notification_state(referral)):
            uow.outbox.add(kind, reference=reference)
        if not missing_fields(referral):
            uow.sms.change(followup.id, now=utc_now(), status="completed", next_due_at=None)
            uow.audit.record(
                actor=BOT_ACTOR,
                action="sms_followup.completed",
                reference=reference,
                detail="nothing missing",
            )
        uow.commit()
    log.info("referral %s updated by SMS (%d fields)", reference, len(filling))
    return view_of(referral)


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
            return view_of(closed)
        if turns:
            referral.replace_transcript([*referral.transcript, *turns])
        uow.sms.change(followup.id, now=utc_now(), status="completed", next_due_at=None)
        left = len(missing_fields(referral))
        uow.audit.record(
            actor=BOT_ACTOR,
            action="sms_followup.completed",
            reference=reference,
            detail=f"{left} field(s) still missing" if left else "nothing missing",
        )
        uow.commit()
    return view_of(referral)


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
        if referral is None or not is_referrer(referral, digest, number_key):
            raise NotTheReferrer(reference)
        before = referral.status
        if turns and not referral.is_closed:
            referral.replace_transcript([*referral.transcript, *turns])
        referral.raise_flag("IMMEDIATE_RISK")
        referral.rescreen(service_today())
        uow.audit.record(
            actor=BOT_ACTOR,
            action="referral.flag_raised",
            reference=reference,
            detail="IMMEDIATE_RISK",
        )
        record_status(uow, referral, before, BOT_ACTOR, "IMMEDIATE_RISK raised in a text.")
        uow.outbox.add("immediate_risk", reference=reference)
        if command_id:
            uow.commands.record(command_id, "sms_immediate_risk", utc_now(), reference=reference)
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
        if referral is None or not is_referrer(referral, digest, number_key):
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
            actor=BOT_ACTOR,
            action="handoff.requested",
            reference=reference,
            detail=f"request {request_id}",
        )
        uow.outbox.add("handoff_requested", reference=reference, request_id=request_id)
        if command_id:
            uow.commands.record(command_id, "sms_handoff", utc_now(), request_id=request_id)
        uow.commit()
    return request_id
