"""Which referrals a list shows (``backend/adapters/repository.py`` turns it into SQL)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ReferralQuery:
    """Which referrals a list shows; every part is optional. Dates bound created_at
    (from inclusive, before exclusive); text matches the reference or the referrer's
    organisation, ignoring case."""

    status: str | None = None
    outcome: str | None = None
    flag: str | None = None
    source: str | None = None
    created_from: datetime | None = None
    created_before: datetime | None = None
    text: str | None = None
    statuses: tuple[str, ...] | None = None
    submitted_only: bool = False  # clinicians see referrals once submitted
