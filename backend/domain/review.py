"""Staff review of a referral: decisions (status changes, each with a reason) and case notes.

The screening only recommends. Every decision is a person's: a status change names who
made it, when and why, and only the transitions below are allowed. The bot moves a
referral between `draft`, `submitted` and `needs_discussion` as it is submitted and
screened; those changes are recorded here too, with the bot as their author.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from backend.domain.model import Referral, Status

MAX_REASON_LENGTH = 2000
MAX_NOTE_LENGTH = 10_000

# What a person may move a referral to, from each status. A referral that was never
# submitted can only be submitted, withdrawn, or (once withdrawn) brought back as a draft;
# see allowed_next. Reopening a decided referral puts it back to discussion, with a reason.
_TRANSITIONS: dict[Status, tuple[Status, ...]] = {
    "draft": ("submitted", "withdrawn"),
    "submitted": ("needs_discussion", "accepted", "declined", "withdrawn"),
    "needs_discussion": ("submitted", "accepted", "declined", "withdrawn"),
    "accepted": ("withdrawn",),
    "declined": ("needs_discussion",),
    "withdrawn": ("needs_discussion",),
}


class TransitionRefused(ValueError):
    """The status change is not one the workflow allows from the current status."""


class ReasonRequired(ValueError):
    """A decision or a note was given without any text, or with too much."""


@dataclass(frozen=True)
class StatusChange:
    from_status: Status
    to_status: Status
    reason: str
    by: str  # the audit log's actor: "staff:<name>" or "bot:<source>"
    at: datetime


@dataclass(frozen=True)
class CaseNote:
    text: str
    by: str
    at: datetime


def allowed_next(status: Status, *, ever_submitted: bool) -> tuple[Status, ...]:
    """The statuses a person may choose next."""
    if not ever_submitted and status == "withdrawn":
        return ("draft",)
    return _TRANSITIONS[status]


def _checked_text(text: str, *, what: str, limit: int) -> str:
    cleaned = text.strip() if isinstance(text, str) else ""
    if not cleaned:
        raise ReasonRequired(f"{what} is required")
    if len(cleaned) > limit:
        raise ReasonRequired(f"{what} must be at most {limit} characters")
    return cleaned


def change_status(
    referral: Referral, to_status: Status, *, reason: str, by: str, at: datetime
) -> StatusChange:
    """A person's decision on the referral: an allowed transition, always with a reason."""
    reason = _checked_text(reason, what="A reason", limit=MAX_REASON_LENGTH)
    allowed = allowed_next(referral.status, ever_submitted=referral.submitted_at is not None)
    if to_status not in allowed:
        choices = ", ".join(allowed)
        raise TransitionRefused(
            f"a referral that is {referral.status} cannot become {to_status}; "
            f"it can become {choices}"
        )
    change = StatusChange(referral.status, to_status, reason, by, at)
    referral.status = to_status
    if to_status == "submitted" and referral.submitted_at is None:
        referral.submitted_at = at  # submitted by staff, e.g. from an ART call transcript
    return change


def automatic_change(
    before: Status, referral: Referral, *, reason: str, by: str, at: datetime
) -> StatusChange | None:
    """The record of a status change the bot made (submission, re-screening), if any."""
    if referral.status == before:
        return None
    return StatusChange(before, referral.status, reason, by, at)


def make_note(text: str, *, by: str, at: datetime) -> CaseNote:
    return CaseNote(_checked_text(text, what="A note", limit=MAX_NOTE_LENGTH), by, at)
