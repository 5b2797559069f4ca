"""Delivering the outbox: the team's e-mails, sent after the change that caused them.

Events are written in the transaction of their change (backend/service/referrals.py), so
none is lost when the mail server is down. A pass claims unsent events (least tried,
then oldest, first), sends each, and marks it sent; a failure leaves the event in the
outbox, with the attempt counted, for the next pass. Delivery is at least once: a crash
between sending and marking can send one message twice, never none.

`python -m backend.cli send-notifications` runs one pass; the API process runs a pass
every NOTIFY_INTERVAL_SECONDS (deliver_periodically, started in its lifespan).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Protocol, cast

from backend.domain.notifications import (
    DeliveryFailed,
    Message,
    NotificationKind,
    message_for,
)
from backend.service.unit_of_work import SqlAlchemyUnitOfWork

log = logging.getLogger(__name__)
BATCH_SIZE = 50
# Long enough for a batch to be sent; a sender that dies gives its claim up after this.
CLAIM_HOLD = timedelta(minutes=5)


class Mailer(Protocol):
    def send(self, message: Message) -> None:
        """Hand the message to the mail server, or raise DeliveryFailed."""


@dataclass(frozen=True)
class DeliveryReport:
    sent: int
    failed: int
    pending: int  # still in the outbox after this pass


def _now() -> datetime:
    return datetime.now(timezone.utc)


def deliver_pending(
    uow: SqlAlchemyUnitOfWork, mailer: Mailer, *, dashboard_url: str | None = None
) -> DeliveryReport:
    """One pass over the outbox. Stops at the first failure: the server is likely down,
    and the rest wait for the next pass rather than each timing out now."""
    with uow:
        claimed = uow.outbox.claim_due(_now(), hold=CLAIM_HOLD, limit=BATCH_SIZE)
        uow.commit()
    sent = failed = 0
    for position, event in enumerate(claimed):
        message = message_for(
            cast(NotificationKind, event.kind),
            reference=event.reference,
            request_id=event.request_id,
            dashboard_url=dashboard_url,
        )
        try:
            mailer.send(message)
        except DeliveryFailed as error:
            failed += 1
            with uow:
                uow.outbox.mark_failed(event.id, _now(), str(error))
                uow.outbox.release([e.id for e in claimed[position + 1 :]])
                uow.commit()
            log.warning(
                "notification %s (%s) not delivered: %s; it stays in the outbox",
                event.id,
                event.kind,
                error,
            )
            break
        with uow:
            uow.outbox.mark_sent(event.id, _now())
            uow.audit.record(
                actor="notifier",
                action="notification.sent",
                reference=event.reference,
                detail=f"{event.kind} (event {event.id})",
            )
            uow.commit()
        sent += 1
        log.info("notification %s (%s) sent for %s", event.id, event.kind, event.reference)
    with uow:
        pending = uow.outbox.pending_count()
    return DeliveryReport(sent, failed, pending)


async def deliver_periodically(
    uow: SqlAlchemyUnitOfWork,
    mailer: Mailer,
    *,
    interval_seconds: float,
    dashboard_url: str | None = None,
) -> None:
    """Run a pass now and then every interval, until cancelled. The pass is blocking
    (database, SMTP), so it runs in a worker thread and the event loop stays free."""
    while True:
        try:
            await asyncio.to_thread(deliver_pending, uow, mailer, dashboard_url=dashboard_url)
        except Exception as error:  # a bad pass must not end the loop; the next one retries
            log.error("notification pass failed: %s", type(error).__name__)
        await asyncio.sleep(interval_seconds)
