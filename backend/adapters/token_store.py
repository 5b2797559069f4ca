"""Staff accounts and their API tokens; tokens are stored as SHA-256 hashes only."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from backend.adapters.orm import ApiTokenRow, StaffAccountRow
from backend.adapters.referral_rows import as_utc
from backend.domain.staff import ActiveToken, StaffAccount, TokenInfo


def _account(row: StaffAccountRow) -> StaffAccount:
    return StaffAccount(row.id, row.name, row.role, as_utc(row.created_at))


def _optional(moment: datetime | None) -> datetime | None:
    return as_utc(moment) if moment else None


# Built once: every request is signed in with it, and building the statement would
# cost more than running it.
_ACTIVE_TOKEN = (
    select(ApiTokenRow.id, StaffAccountRow.name, StaffAccountRow.role, ApiTokenRow.expires_at)
    .join(StaffAccountRow, ApiTokenRow.account_id == StaffAccountRow.id)
    .where(ApiTokenRow.token_hash == bindparam("token_hash"), ApiTokenRow.revoked_at.is_(None))
)


class SqlAlchemyTokenStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    def account(self, name: str) -> StaffAccount | None:
        row = self.session.scalars(
            select(StaffAccountRow).where(StaffAccountRow.name == name)
        ).one_or_none()
        return _account(row) if row else None

    def add_account(self, *, name: str, role: str) -> StaffAccount:
        row = StaffAccountRow(name=name, role=role, created_at=datetime.now(timezone.utc))
        self.session.add(row)
        self.session.flush()  # for its id
        return _account(row)

    def set_role(self, account_id: int, role: str) -> None:
        self.session.execute(
            update(StaffAccountRow).where(StaffAccountRow.id == account_id).values(role=role)
        )

    def accounts(self) -> list[StaffAccount]:
        rows = self.session.scalars(select(StaffAccountRow).order_by(StaffAccountRow.name))
        return [_account(row) for row in rows]

    def add(self, *, account_id: int, token_hash: str, expires_at: datetime | None) -> int:
        row = ApiTokenRow(
            account_id=account_id,
            token_hash=token_hash,
            created_at=datetime.now(timezone.utc),
            expires_at=expires_at,
        )
        self.session.add(row)
        self.session.flush()  # for its id
        return row.id

    def find_active(self, token_hash: str, now: datetime) -> ActiveToken | None:
        """The unrevoked, unexpired token with this hash: its id, account and role."""
        row = self.session.connection().execute(_ACTIVE_TOKEN, {"token_hash": token_hash}).first()
        if row is None or (row.expires_at is not None and as_utc(row.expires_at) <= now):
            return None
        return ActiveToken(row.id, row.name, row.role)

    def tokens(self, account_name: str | None = None) -> list[TokenInfo]:
        query = (
            select(ApiTokenRow, StaffAccountRow.name, StaffAccountRow.role)
            .join(StaffAccountRow, ApiTokenRow.account_id == StaffAccountRow.id)
            .order_by(StaffAccountRow.name, ApiTokenRow.id)
        )
        if account_name is not None:
            query = query.where(StaffAccountRow.name == account_name)
        return [
            TokenInfo(
                token.id,
                name,
                role,
                as_utc(token.created_at),
                _optional(token.expires_at),
                _optional(token.revoked_at),
            )
            for token, name, role in self.session.execute(query)
        ]

    def revoke(self, token_ids: list[int], now: datetime) -> list[int]:
        """Revoke the tokens not yet revoked among these; the ids actually revoked."""
        revoked = list(
            self.session.scalars(
                update(ApiTokenRow)
                .where(ApiTokenRow.id.in_(token_ids), ApiTokenRow.revoked_at.is_(None))
                .values(revoked_at=now)
                .returning(ApiTokenRow.id)
                .execution_options(synchronize_session=False)
            )
        )
        return sorted(revoked)
