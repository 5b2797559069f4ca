"""The audit log: who did what, when, and with which staff token. Callers pass no
personal data, only references.

A member of staff is named by their account ("staff:Jo Bloggs"), and every entry they
cause also records the id of the token they signed in with (the id, never the token).
An account can hold several tokens, made by different people: an administrator may make
a new account with its first token, or the command line on the server may make one. The
id joins each entry to the token.created entry that made that token, and so to whoever
made it, even when the entry names someone else's account. Callers need not pass the id:
the actor they already pass, StaffUser.actor, is an Actor that carries it.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import ColumnElement, func, insert, select
from sqlalchemy.orm import Session

from backend.adapters.orm import AuditEventRow
from backend.adapters.referral_rows import as_utc
from backend.domain.audit import AuditEvent, token_of

# Built once: every read writes an entry, and building the statement would cost more
# than running it. Run on the session's connection, in its transaction.
_INSERT = insert(AuditEventRow)


class SqlAlchemyAuditLog:
    def __init__(self, session: Session) -> None:
        self.session = session

    def record(
        self,
        *,
        actor: str,
        action: str,
        reference: str | None = None,
        detail: str | None = None,
        token_id: int | None = None,
    ) -> None:
        """One entry, written at once in the unit of work's transaction (so it is
        committed with the rest, or rolled back with it). The acting token is token_id
        if given, else the one the actor carries (an Actor: every signed-in member of
        staff's actor is one)."""
        self.session.connection().execute(
            _INSERT,
            {
                "at": datetime.now(timezone.utc),
                "actor": actor[:120],
                "token_id": token_id if token_id is not None else token_of(actor),
                "action": action,
                "reference": reference,
                "detail": detail[:300] if detail else None,
            },
        )

    def events(self, reference: str | None = None) -> list[AuditEvent]:
        """The log in order, optionally for one referral."""
        query = select(AuditEventRow).order_by(AuditEventRow.id)
        if reference is not None:
            query = query.where(AuditEventRow.reference == reference)
        return [_event(row) for row in self.session.scalars(query)]

    def search(
        self,
        *,
        reference: str | None = None,
        actor: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        before: datetime | None = None,
        offset: int = 0,
        limit: int = 100,
    ) -> tuple[list[AuditEvent], int]:
        """One page of the log, newest first, and how many entries match in all."""
        conditions: list[ColumnElement[bool]] = []
        if reference:
            conditions.append(AuditEventRow.reference == reference)
        if actor:
            conditions.append(AuditEventRow.actor == actor)
        if action:
            conditions.append(AuditEventRow.action == action)
        if since:
            conditions.append(AuditEventRow.at >= since)
        if before:
            conditions.append(AuditEventRow.at < before)
        total = self.session.scalar(select(func.count(AuditEventRow.id)).where(*conditions))
        rows = self.session.scalars(
            select(AuditEventRow)
            .where(*conditions)
            .order_by(AuditEventRow.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return [_event(row) for row in rows], int(total or 0)


def _event(row: AuditEventRow) -> AuditEvent:
    return AuditEvent(
        as_utc(row.at), row.actor, row.action, row.reference, row.detail, row.token_id
    )
