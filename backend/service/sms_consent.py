"""STOP and START: the SMS suppression list, kept by the keyed hash of a number.

A number on the list gets no follow-up and no reply (``sms_inbound.py``); STOP also
stops its open follow-ups, START takes it off the list (stopped follow-ups stay so).
"""

from __future__ import annotations

from datetime import datetime

from backend.service.referral_changes import utc_now
from backend.service.unit_of_work import SqlAlchemyUnitOfWork


def is_suppressed(uow: SqlAlchemyUnitOfWork, digest: str) -> bool:
    with uow:
        return uow.sms.is_suppressed(digest)


def has_open_followup(uow: SqlAlchemyUnitOfWork, digest: str) -> bool:
    with uow:
        return bool(uow.sms.open_for_number(digest))


def opt_out(uow: SqlAlchemyUnitOfWork, digest: str, *, now: datetime | None = None) -> list[str]:
    """STOP: the number goes on the suppression list and its open follow-ups stop.
    Returns the references of the follow-ups stopped."""
    now = now or utc_now()
    with uow:
        store = uow.sms
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
        removed = uow.sms.unsuppress(digest)
        if removed:
            uow.audit.record(actor="sms:keyword", action="sms.opted_in")
        uow.commit()
    return removed
