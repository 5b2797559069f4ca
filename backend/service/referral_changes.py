"""What every use case that changes a referral shares: the service's clock and
calendar day, the audited status change, and the state the team's notifications
compare before and after a change (the bot's conversation, the SMS follow-up
conversation).
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from backend.domain import notifications
from backend.domain.model import Referral, Status
from backend.domain.review import automatic_change
from backend.service.unit_of_work import SqlAlchemyUnitOfWork

SERVICE_TIMEZONE = ZoneInfo("Europe/London")


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def service_today() -> date:
    """The referral date is the service's calendar day, in UK time."""
    return datetime.now(SERVICE_TIMEZONE).date()


def record_status(
    uow: SqlAlchemyUnitOfWork, referral: Referral, before: Status, actor: str, reason: str
) -> None:
    """Audit a status change the bot made and add it to the referral's history."""
    change = automatic_change(before, referral, reason=reason, by=actor, at=utc_now())
    if change is None:
        return
    uow.audit.record(
        actor=actor,
        action="referral.status_changed",
        reference=referral.reference,
        detail=f"{before} -> {referral.status}",
    )
    uow.flush()  # a referral new in this transaction gets its row first
    referral_id = uow.referrals.id_of(referral.reference)
    assert referral_id is not None, "the referral was loaded or added in this transaction"
    uow.review.add_status_change(referral_id, change)


def notification_state(referral: Referral) -> notifications.ReferralState:
    flags = referral.screening.flags if referral.screening else []
    return notifications.ReferralState(
        submitted=referral.submitted_at is not None, flags=frozenset(f.code for f in flags)
    )
