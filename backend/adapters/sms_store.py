"""The follow-ups table and the SMS suppression list (rows in backend/adapters/orm.py).

Both know a phone number only by its keyed hash. Used inside a unit of work's
transaction, as ``uow.sms``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from backend.adapters.orm import ReferralRow, SmsFollowupRow, SmsSuppressionRow
from backend.adapters.referral_rows import as_utc
from backend.domain.sms.followup import FOLLOWUP_STATUSES, OPEN_STATUSES, Followup


def _maybe_utc(moment: datetime | None) -> datetime | None:
    return as_utc(moment) if moment is not None else None


def _followup(row: SmsFollowupRow, reference: str) -> Followup:
    return Followup(
        id=row.id,
        referral_id=row.referral_id,
        reference=reference,
        phone_digest=row.phone_digest,
        status=row.status,
        texts_sent=row.texts_sent,
        next_due_at=_maybe_utc(row.next_due_at),
        last_sent_at=_maybe_utc(row.last_sent_at),
        last_error=row.last_error,
        created_at=as_utc(row.created_at),
    )


class SqlAlchemySmsStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- the suppression list ---------------------------------------------------------
    def is_suppressed(self, digest: str) -> bool:
        found = self.session.scalar(
            select(SmsSuppressionRow.id).where(SmsSuppressionRow.phone_digest == digest)
        )
        return found is not None

    def suppress(self, digest: str, *, reason: str, now: datetime) -> bool:
        """Add the number to the list; False when it was already there."""
        if self.is_suppressed(digest):
            return False
        self.session.add(SmsSuppressionRow(phone_digest=digest, reason=reason, created_at=now))
        self.session.flush()
        return True

    def unsuppress(self, digest: str) -> bool:
        """Take the number off the list; False when it was not on it."""
        result = self.session.execute(
            delete(SmsSuppressionRow).where(SmsSuppressionRow.phone_digest == digest)
        )
        return bool(getattr(result, "rowcount", 0))

    # --- follow-ups ---------------------------------------------------------------------
    def _select(self) -> Any:
        return select(SmsFollowupRow, ReferralRow.reference).join(
            ReferralRow, ReferralRow.id == SmsFollowupRow.referral_id
        )

    def get(self, followup_id: int) -> Followup | None:
        found = self.session.execute(self._select().where(SmsFollowupRow.id == followup_id)).first()
        return _followup(*found) if found else None

    def for_referral(self, referral_id: int) -> Followup | None:
        found = self.session.execute(
            self._select().where(SmsFollowupRow.referral_id == referral_id)
        ).first()
        return _followup(*found) if found else None

    def open_for_number(self, digest: str) -> list[Followup]:
        """The number's open follow-ups, oldest first."""
        rows = self.session.execute(
            self._select()
            .where(
                SmsFollowupRow.phone_digest == digest,
                SmsFollowupRow.status.in_(OPEN_STATUSES),
            )
            .order_by(SmsFollowupRow.created_at, SmsFollowupRow.id)
        ).all()
        return [_followup(row, reference) for row, reference in rows]

    def add(self, referral_id: int, *, digest: str, due: datetime, now: datetime) -> None:
        self.session.add(
            SmsFollowupRow(
                referral_id=referral_id,
                phone_digest=digest,
                status="pending",
                texts_sent=0,
                next_due_at=due,
                created_at=now,
                updated_at=now,
            )
        )
        self.session.flush()

    def change(self, followup_id: int, *, now: datetime, **values: Any) -> None:
        unknown = set(values) - {
            "status",
            "phone_digest",
            "texts_sent",
            "next_due_at",
            "last_sent_at",
            "last_error",
            "claimed_until",
        }
        if unknown:
            raise ValueError(f"not follow-up columns: {', '.join(sorted(unknown))}")
        if values.get("status", "pending") not in FOLLOWUP_STATUSES:
            raise ValueError(f"unknown follow-up status {values['status']!r}")
        self.session.execute(
            update(SmsFollowupRow)
            .where(SmsFollowupRow.id == followup_id)
            .values(updated_at=now, **values)
        )

    def close_open_for_number(self, digest: str, *, status: str, now: datetime) -> list[str]:
        """Close the number's open follow-ups; the references of those closed."""
        closing = self.open_for_number(digest)
        for followup in closing:
            self.change(followup.id, now=now, status=status, next_due_at=None, claimed_until=None)
        return [f.reference for f in closing]

    def claim_due(self, now: datetime, *, hold: timedelta, limit: int) -> list[Followup]:
        """Open follow-ups due by now that no pass holds, now held until now + hold."""
        rows = self.session.execute(
            self._select()
            .where(
                SmsFollowupRow.status.in_(OPEN_STATUSES),
                SmsFollowupRow.next_due_at.is_not(None),
                SmsFollowupRow.next_due_at <= now,
                or_(SmsFollowupRow.claimed_until.is_(None), SmsFollowupRow.claimed_until < now),
            )
            .order_by(SmsFollowupRow.next_due_at, SmsFollowupRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True, of=SmsFollowupRow)
        ).all()
        for row, _ in rows:
            row.claimed_until = now + hold
        self.session.flush()
        return [_followup(row, reference) for row, reference in rows]

    def all(self) -> list[Followup]:
        rows = self.session.execute(self._select().order_by(SmsFollowupRow.id)).all()
        return [_followup(row, reference) for row, reference in rows]
