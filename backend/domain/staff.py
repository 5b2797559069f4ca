"""Staff accounts and what may be known of their API tokens (never a token or its
hash): the records behind ``backend/security.py``, stored by
``backend/adapters/token_store.py``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class StaffAccount:
    id: int
    name: str
    role: str
    created_at: datetime


@dataclass(frozen=True)
class TokenInfo:
    """What may be shown about a token: never the token, never its hash."""

    id: int
    account: str
    role: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    def is_active(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


@dataclass(frozen=True)
class ActiveToken:
    """A token that signs in: its id (which the audit log records), its account and role."""

    id: int
    account: str
    role: str
