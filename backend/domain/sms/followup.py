"""An SMS follow-up on a referral, and the rules for whether a referral calls for one and
who may answer it. Pure: no database, no Twilio, no clock.

A phone number is known only by its keyed hash (``identity.number_digest``); only the
referrer's own number, with their consent to texts, ever gets anything.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime

from backend.domain.fields import is_uk_mobile
from backend.domain.model import Referral
from backend.domain.sms.followup_fields import askable_by_sms, not_by_sms
from backend.domain.sms.identity import number_digest

# The audit log's name for the bot when it schedules or talks through a follow-up.
BOT_ACTOR = "bot:sms"
OPEN_STATUSES = ("pending", "sent")
FOLLOWUP_STATUSES = ("pending", "sent", "completed", "stopped", "expired", "cancelled")


@dataclass(frozen=True)
class Followup:
    id: int
    referral_id: int
    reference: str
    phone_digest: str
    status: str
    texts_sent: int
    next_due_at: datetime | None
    last_sent_at: datetime | None
    last_error: str | None
    created_at: datetime

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass(frozen=True)
class FollowupView:
    """What the bot may know of a referral in a text conversation: no personal data."""

    reference: str
    askable: list[str]  # missing fields to ask for by text, in the form's order
    by_phone: list[str]  # missing fields the service talks through instead
    outcome: str
    status: str


def missing_fields(referral: Referral) -> list[str]:
    return list(referral.screening.missing_fields) if referral.screening else []


def outcome_of(referral: Referral) -> str:
    return referral.screening.outcome if referral.screening else "incomplete"


def view_of(referral: Referral) -> FollowupView:
    missing = missing_fields(referral)
    return FollowupView(
        referral.reference,
        askable_by_sms(missing),
        not_by_sms(missing),
        outcome_of(referral),
        referral.status,
    )


def why_not_followed_up(referral: Referral) -> str | None:
    """None when the referral calls for a follow-up by text, else the reason it does not."""
    if referral.submitted_at is None:
        return "not submitted"
    if referral.is_closed:
        return f"already {referral.status}"
    if referral.fields.get("referrer_sms_followup") != "yes":
        return "no consent to texts"
    if not is_uk_mobile(referral.fields.get("referrer_phone")):
        return "no UK mobile"
    if not missing_fields(referral):
        return "nothing missing"
    return None


def referrer_digest(referral: Referral, key: bytes) -> str | None:
    """The keyed hash of the referrer's UK mobile, or None without one."""
    phone = referral.fields.get("referrer_phone")
    return number_digest(phone, key) if isinstance(phone, str) and is_uk_mobile(phone) else None


def is_referrer(referral: Referral, digest: str, key: bytes) -> bool:
    """The number is the referrer's for this referral, and they agreed to texts."""
    own = referrer_digest(referral, key)
    return (
        own is not None
        and hmac.compare_digest(own, digest)
        and referral.fields.get("referrer_sms_followup") == "yes"
    )
