"""The audit log: who did what, when. Callers pass no personal data, only references."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.adapters.orm import AuditEventRow


@dataclass(frozen=True)
class AuditEvent:
    at: datetime
    actor: str
    action: str
    reference: str | None
    detail: str | None


class SqlAlchemyAuditLog:
    def __init__(self, session: Session) -> None:
        self.session = session

    def record(
        self, *, actor: str, action: str, reference: str | None = None, detail: str | None = None
    ) -> None:
        self.session.add(
            AuditEventRow(
                at=datetime.now(timezone.utc),
                actor=actor[:120],
                action=action,
                reference=reference,
                detail=detail[:300] if detail else None,
            )
        )

    def events(self, reference: str | None = None) -> list[AuditEvent]:
        """The log in order, optionally for one referral."""
        query = select(AuditEventRow).order_by(AuditEventRow.id)
        if reference is not None:
            query = query.where(AuditEventRow.reference == reference)
        return [
            AuditEvent(row.at, row.actor, row.action, row.reference, row.detail)
            for row in self.session.scalars(query)
        ]
