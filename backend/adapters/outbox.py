"""The notification outbox: events written with the change that caused them, sent later.

An event stays until a sender has delivered it. A sender first claims a batch for a
while (so two senders never send the same event at once), then marks each one sent or
failed; a failed or abandoned claim is simply claimed again by a later pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from backend.adapters.orm import NotificationRow
from backend.adapters.referral_rows import as_utc


@dataclass(frozen=True)
class OutboxEvent:
    id: int
    kind: str
    reference: str | None
    request_id: int | None
    created_at: datetime
    attempts: int
    last_error: str | None
    sent_at: datetime | None


def _event(row: NotificationRow) -> OutboxEvent:
    return OutboxEvent(
        row.id,
        row.kind,
        row.reference,
        row.request_id,
        as_utc(row.created_at),
        row.attempts,
        row.last_error,
        as_utc(row.sent_at) if row.sent_at else None,
    )


class SqlAlchemyOutbox:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self, kind: str, *, reference: str | None = None, request_id: int | None = None
    ) -> None:
        self.session.add(
            NotificationRow(
                kind=kind,
                reference=reference,
                request_id=request_id,
                created_at=datetime.now(timezone.utc),
                attempts=0,
            )
        )

    def claim_due(self, now: datetime, *, hold: timedelta, limit: int) -> list[OutboxEvent]:
        """Unsent events nobody holds, least tried then oldest first, now held by the
        caller until now + hold."""
        rows = self.session.scalars(
            select(NotificationRow)
            .where(
                NotificationRow.sent_at.is_(None),
                or_(NotificationRow.claimed_until.is_(None), NotificationRow.claimed_until < now),
            )
            # Least tried first: one message a server keeps refusing never holds up the rest.
            .order_by(NotificationRow.attempts, NotificationRow.id)
            .limit(limit)
            # PostgreSQL: concurrent senders skip each other's rows (SQLite serialises anyway).
            .with_for_update(skip_locked=True)
        ).all()
        for row in rows:
            row.claimed_until = now + hold
        self.session.flush()
        return [_event(row) for row in rows]

    def mark_sent(self, event_id: int, now: datetime) -> None:
        self.session.execute(
            update(NotificationRow)
            .where(NotificationRow.id == event_id)
            .values(
                sent_at=now,
                last_attempt_at=now,
                attempts=NotificationRow.attempts + 1,
                claimed_until=None,
                last_error=None,
            )
        )

    def mark_failed(self, event_id: int, now: datetime, error: str) -> None:
        self.session.execute(
            update(NotificationRow)
            .where(NotificationRow.id == event_id)
            .values(
                last_attempt_at=now,
                attempts=NotificationRow.attempts + 1,
                claimed_until=None,
                last_error=error[:200],
            )
        )

    def release(self, event_ids: list[int]) -> None:
        """Give back claimed events that were not tried, for the next pass."""
        if event_ids:
            self.session.execute(
                update(NotificationRow)
                .where(NotificationRow.id.in_(event_ids), NotificationRow.sent_at.is_(None))
                .values(claimed_until=None)
            )

    def pending_count(self) -> int:
        return int(
            self.session.scalar(
                select(func.count(NotificationRow.id)).where(NotificationRow.sent_at.is_(None))
            )
            or 0
        )

    def events(self, *, pending_only: bool = False) -> list[OutboxEvent]:
        query = select(NotificationRow).order_by(NotificationRow.id)
        if pending_only:
            query = query.where(NotificationRow.sent_at.is_(None))
        return [_event(row) for row in self.session.scalars(query)]
