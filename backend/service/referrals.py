"""Use cases on referrals, for the action server and the API.

Synchronous and thread-safe: each call opens its own transaction through the unit of
work, so the action server can run them with asyncio.to_thread. Logs name references
and statuses only, never what was said.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from backend.domain import notifications
from backend.domain.field_values import InvalidFieldValue
from backend.domain.model import STATUSES, Referral, Turn, check_source, is_reference
from backend.domain.record import record_of, summary_of
from backend.domain.requests import RequestKind
from backend.domain.screening import OUTCOMES, CriterionResult, Flag
from backend.service.referral_changes import (
    SERVICE_TIMEZONE,
    notification_state,
    record_status,
    service_today,
    utc_now,
)
from backend.service.unit_of_work import Conflict, SqlAlchemyUnitOfWork

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class SubmissionResult:
    reference: str
    status: str
    outcome: str
    criteria: list[CriterionResult]
    flags: list[Flag]
    missing_fields: list[str]
    next_steps: list[str]


def _bot(source: str) -> str:
    return f"bot:{source}"


def _retry_once(attempt: Callable[[], T]) -> T:
    """Two first messages of one conversation raced; the second now finds the first."""
    try:
        return attempt()
    except Conflict:
        log.info("conversation written concurrently; retrying once")
        return attempt()


def _open_referral(uow: SqlAlchemyUnitOfWork, conversation_key: str, source: str) -> Referral:
    """The conversation's one referral, created as a draft when it has none yet."""
    referral = uow.referrals.get_by_conversation_key(conversation_key, for_update=True)
    if referral is not None:
        return referral
    reference = uow.referrals.next_reference(datetime.now(SERVICE_TIMEZONE).year)
    referral = Referral(reference, conversation_key, check_source(source), utc_now())
    uow.referrals.add(referral)
    uow.audit.record(actor=_bot(source), action="referral.created", reference=reference)
    return referral


def _outcome(referral: Referral) -> str:
    outcome = referral.screening.outcome if referral.screening else "not screened"
    return outcome.replace("_", " ")


def _result(referral: Referral) -> SubmissionResult:
    screening = referral.screening
    assert screening is not None, "a saved referral has always been screened"
    return SubmissionResult(
        reference=referral.reference,
        status=referral.status,
        outcome=screening.outcome,
        criteria=list(screening.criteria),
        flags=list(screening.flags),
        missing_fields=list(screening.missing_fields),
        next_steps=list(screening.next_steps),
    )


def _take_answers(
    uow: SqlAlchemyUnitOfWork,
    referral: Referral,
    fields: dict[str, Any],
    turns: list[Turn],
    as_of: float | None,
    today: date,
    sources: dict[str, str] | None = None,
) -> None:
    """The conversation's answers and transcript, unless a later state of the same
    conversation has been saved already (a save replayed from the spool after a newer
    one went through directly). Values the field table does not allow refuse the whole
    update (InvalidFieldValue), before anything is changed."""
    if as_of is not None and uow.commands.newer_state_saved(referral.conversation_key, as_of):
        return
    referral.update_fields(fields, today=today)
    referral.note_sources(sources or {})
    if turns:
        referral.replace_transcript(turns)
    if as_of is not None:
        uow.commands.note_state_saved(referral.conversation_key, as_of)


def save_referral(
    uow: SqlAlchemyUnitOfWork,
    *,
    conversation_key: str,
    source: str,
    fields: dict[str, Any],
    transcript: list[dict[str, Any]],
    submit: bool,
    referral_date: date | None = None,
    command_id: str | None = None,
    as_of: float | None = None,
    sources: dict[str, str] | None = None,
) -> SubmissionResult:
    """Create or update the conversation's one referral, screen it, and submit it if asked.

    `sources` gives, for fields read from free text, the words each came from.

    Fields not in fields.py are ignored and None never erases an answer. A referral the
    service has already decided (accepted, declined, withdrawn) is left as it is. A
    command sent again (command_id) returns the referral as it is now, changing nothing;
    fields from a conversation state older than one already saved (as_of) are not taken.
    """
    check_source(source)
    turns = [Turn.from_dict(turn) for turn in transcript]

    def attempt() -> SubmissionResult:
        with uow:
            if command_id and uow.commands.applied(command_id):
                done = uow.referrals.get_by_conversation_key(conversation_key)
                assert done is not None, "an applied save left its referral"
                return _result(done)
            referral = _open_referral(uow, conversation_key, source)
            if referral.is_closed:
                uow.audit.record(
                    actor=_bot(source),
                    action="referral.save_refused",
                    reference=referral.reference,
                    detail=f"already {referral.status}",
                )
                uow.commit()
                return _result(referral)
            before, notified_before = referral.status, notification_state(referral)
            _take_answers(
                uow, referral, fields, turns, as_of, referral_date or service_today(), sources
            )
            referral.rescreen(referral_date or service_today())
            if submit:
                referral.submit(utc_now())
            uow.audit.record(
                actor=_bot(source),
                action="referral.saved",
                reference=referral.reference,
                detail=f"submit={submit}",
            )
            reason = (
                "Submitted by the referrer in the conversation."
                if before == "draft"
                else f"Screened again: the outcome is now {_outcome(referral)}."
            )
            record_status(uow, referral, before, _bot(source), reason)
            # The team's e-mails are written in this same transaction: none is lost.
            for kind in notifications.after_save(notified_before, notification_state(referral)):
                uow.outbox.add(kind, reference=referral.reference)
            if command_id:
                uow.commands.record(
                    command_id, "save_referral", utc_now(), reference=referral.reference
                )
            uow.commit()
            log.info("referral %s saved with status %s", referral.reference, referral.status)
            return _result(referral)

    return _retry_once(attempt)


def record_immediate_risk(
    uow: SqlAlchemyUnitOfWork,
    *,
    conversation_key: str,
    source: str,
    fields: dict[str, Any],
    transcript: list[dict[str, Any]],
    command_id: str | None = None,
    as_of: float | None = None,
) -> str:
    """Flag IMMEDIATE_RISK on the conversation's referral (a draft if there is none yet).

    The flag sticks: later saves and re-screening keep it. Every disclosure is told to
    the team once; a command sent again (command_id) changes nothing.
    """
    check_source(source)
    turns = [Turn.from_dict(turn) for turn in transcript]

    def attempt() -> str:
        with uow:
            if command_id and (done := uow.commands.applied(command_id)) and done.reference:
                return done.reference
            referral = _open_referral(uow, conversation_key, source)
            before = referral.status
            if not referral.is_closed:
                try:
                    _take_answers(uow, referral, fields, turns, as_of, service_today())
                except InvalidFieldValue as refused:
                    # The flag matters more than the answers: raised without them.
                    uow.audit.record(
                        actor=_bot(source),
                        action="referral.save_refused",
                        reference=referral.reference,
                        detail="invalid " + ", ".join(refused.field_names),
                    )
            referral.raise_flag("IMMEDIATE_RISK")
            referral.rescreen(service_today())
            uow.audit.record(
                actor=_bot(source),
                action="referral.flag_raised",
                reference=referral.reference,
                detail="IMMEDIATE_RISK",
            )
            record_status(
                uow, referral, before, _bot(source), "IMMEDIATE_RISK raised in the conversation."
            )
            # Every disclosure is told to the team, even on a referral already flagged.
            uow.outbox.add("immediate_risk", reference=referral.reference)
            if command_id:
                uow.commands.record(
                    command_id, "record_immediate_risk", utc_now(), reference=referral.reference
                )
            uow.commit()
            log.warning("IMMEDIATE_RISK flagged on referral %s", referral.reference)
            return referral.reference

    return _retry_once(attempt)


def record_handoff_request(
    uow: SqlAlchemyUnitOfWork,
    *,
    conversation_key: str,
    source: str,
    reason: str,
    transcript: list[dict[str, Any]],
    contact: str | None,
    command_id: str | None = None,
) -> int:
    """Ask for a person (the Access and Response Team) to take over, transcript attached.
    A command sent again (command_id) returns the request already recorded."""
    check_source(source)
    turns = [Turn.from_dict(turn).to_dict() for turn in transcript]
    with uow:
        if command_id and (done := uow.commands.applied(command_id)) and done.request_id:
            return done.request_id
        referral = uow.referrals.get_by_conversation_key(conversation_key)
        reference = referral.reference if referral else None
        request_id = uow.requests.add_handoff(
            conversation_key=conversation_key,
            source=source,
            reason=reason,
            contact=contact,
            transcript=turns,
            referral_id=uow.referrals.id_of(reference) if reference else None,
        )
        uow.audit.record(
            actor=_bot(source),
            action="handoff.requested",
            reference=reference,
            detail=f"request {request_id}",
        )
        uow.outbox.add("handoff_requested", reference=reference, request_id=request_id)
        if command_id:
            uow.commands.record(
                command_id, "record_handoff_request", utc_now(), request_id=request_id
            )
        uow.commit()
    log.info("hand-off request %s recorded", request_id)
    return request_id


def _record_request(
    uow: SqlAlchemyUnitOfWork,
    kind: RequestKind,
    *,
    conversation_key: str,
    source: str,
    details: dict[str, Any],
    command_id: str | None,
) -> int:
    check_source(source)
    with uow:
        if command_id and (done := uow.commands.applied(command_id)) and done.request_id:
            return done.request_id
        request_id = uow.requests.add(
            kind, conversation_key=conversation_key, source=source, details=details
        )
        uow.audit.record(
            actor=_bot(source), action=f"{kind}.requested", detail=f"request {request_id}"
        )
        if command_id:
            uow.commands.record(
                command_id, f"record_{kind}_request", utc_now(), request_id=request_id
            )
        uow.commit()
    return request_id


def record_consultation_request(
    uow: SqlAlchemyUnitOfWork,
    *,
    conversation_key: str,
    source: str,
    details: dict[str, Any],
    command_id: str | None = None,
) -> int:
    """A request for a consultation about a case: who, organisation, contact, topic, times."""
    return _record_request(
        uow,
        "consultation",
        conversation_key=conversation_key,
        source=source,
        details=details,
        command_id=command_id,
    )


def record_training_request(
    uow: SqlAlchemyUnitOfWork,
    *,
    conversation_key: str,
    source: str,
    details: dict[str, Any],
    command_id: str | None = None,
) -> int:
    """A request for training for a team: who, organisation, contact, topic, times."""
    return _record_request(
        uow,
        "training",
        conversation_key=conversation_key,
        source=source,
        details=details,
        command_id=command_id,
    )


def get_record(uow: SqlAlchemyUnitOfWork, reference: str, *, actor: str) -> dict[str, Any] | None:
    """The whole record for staff; every read is audited, found or not."""
    known = is_reference(reference)
    with uow:
        referral = uow.referrals.get(reference) if known else None
        uow.audit.record(
            actor=actor,
            action="referral.read",
            reference=reference if known else None,
            detail=None if referral else "not found",
        )
        uow.commit()
        return record_of(referral) if referral else None


def list_referrals(
    uow: SqlAlchemyUnitOfWork,
    *,
    status: str | None = None,
    outcome: str | None = None,
    actor: str,
) -> list[dict[str, Any]]:
    """Summaries, newest first, with no personal data; the listing is audited."""
    if status is not None and status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    if outcome is not None and outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    with uow:
        summaries = uow.referrals.list_summaries(status=status, outcome=outcome)
        uow.audit.record(
            actor=actor,
            action="referral.list",
            detail=f"status={status} outcome={outcome} count={len(summaries)}",
        )
        uow.commit()
    return [summary_of(summary) for summary in summaries]


def referral_status_for_owner(
    uow: SqlAlchemyUnitOfWork,
    reference: str,
    *,
    conversation_key_prefix: str | None,
    email: str | None,
) -> str | None:
    """The status, only for the referral's own referrer: same channel identity (the
    conversation key starts with the prefix) or the same email address."""
    if not is_reference(reference):
        return None
    with uow:
        referral = uow.referrals.get(reference)
        if referral is None:
            return None
        stored_email = referral.fields.get("referrer_email")
        owns = (
            bool(conversation_key_prefix)
            and referral.conversation_key.startswith(conversation_key_prefix or "")
            or (
                bool(email)
                and isinstance(stored_email, str)
                and stored_email.strip().lower() == (email or "").strip().lower()
            )
        )
        uow.audit.record(
            actor="bot",
            action="referral.status_checked",
            reference=reference,
            detail="owner" if owns else "refused: not the owner",
        )
        uow.commit()
        return referral.status if owns else None
