"""Requests that are not referrals: consultation, training, and hand-off to a person;
what a list of them shows and one with its details (``backend/adapters/request_store.py``
stores them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, get_args

RequestKind = Literal["consultation", "training"]
# What staff can list: the two request forms, and requests for a person.
AnyRequestKind = Literal["consultation", "training", "handoff"]
REQUEST_KINDS: tuple[AnyRequestKind, ...] = get_args(AnyRequestKind)


@dataclass(frozen=True)
class RequestSummary:
    """A line in a list of requests: no personal data."""

    kind: AnyRequestKind
    id: int
    created_at: datetime
    source: str
    reference: str | None  # the referral a hand-off belongs to, if any


@dataclass(frozen=True)
class StoredRequest(RequestSummary):
    """One request with its details, decrypted: the form's answers, or for a hand-off
    the reason, the contact given and the transcript."""

    details: dict[str, Any] = field(default_factory=dict)
