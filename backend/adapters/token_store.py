"""Staff API tokens, stored as SHA-256 hashes only."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.adapters.orm import ApiTokenRow


class SqlAlchemyTokenStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, *, name: str, role: str, token_hash: str) -> None:
        self.session.add(
            ApiTokenRow(
                name=name, role=role, token_hash=token_hash, created_at=datetime.now(timezone.utc)
            )
        )

    def find_active(self, token_hash: str) -> tuple[str, str] | None:
        """(name, role) of the unrevoked token with this hash, if any."""
        row = self.session.execute(
            select(ApiTokenRow.name, ApiTokenRow.role).where(
                ApiTokenRow.token_hash == token_hash, ApiTokenRow.revoked_at.is_(None)
            )
        ).first()
        return (row.name, row.role) if row else None
