"""The shapes the staff API takes and returns, for validation and the OpenAPI document.

Timestamps are ISO 8601 strings with their UTC offset, as the record has always had them.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from backend.api.paging import Paged
from backend.domain.model import Source, Status
from backend.domain.review import MAX_NOTE_LENGTH, MAX_REASON_LENGTH
from backend.security import MAX_NAME_LENGTH, Role

# Text that must say something: at least one character that is not a space, a control
# character or an invisible one (a note of only a NUL or a zero-width space was stored).
NOT_BLANK = r"[^\s\x00-\x1f\x7f-\x9f\u200b-\u200f\u2060\ufeff]"


def _json_number_only(value: Any) -> Any:
    """JSON Schema's integer is a number (30, or 30.0): pydantic would also read true as
    1 and "30" as 30, which the schema refuses, so those are refused here."""
    if isinstance(value, (bool, str)):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


# The bounds inside, with the check wrapped round them, so the schema states them.
TokenLifetime = Annotated[
    int, Field(ge=1, le=3650, description="Days"), BeforeValidator(_json_number_only)
]


class ReferralSummaryOut(BaseModel):
    """A line in a list: metadata kept in clear, no personal data."""

    reference: str
    status: Status
    source: Source
    outcome: str | None
    flags: list[str]
    referrer_organisation: str | None
    created_at: str
    submitted_at: str | None


class ReferralPage(Paged[ReferralSummaryOut]):
    """One page of referral summaries, newest first."""


class QueueItem(ReferralSummaryOut):
    immediate_risk: bool


class QueueCounts(BaseModel):
    total: int
    immediate_risk: int
    by_outcome: dict[str, int]
    by_flag: dict[str, int]
    by_status: dict[str, int]


class QueueOut(BaseModel):
    items: list[QueueItem] = Field(
        description="Waiting referrals: IMMEDIATE_RISK first, then those needing "
        "individual discussion, then the rest; oldest first within each."
    )
    counts: QueueCounts


class ReferralRecord(BaseModel):
    """One referral, with exactly the spec's top-level keys (docs: REFERRAL.md)."""

    reference: str
    status: Status
    source: Source
    created_at: str
    submitted_at: str | None
    referrer: dict[str, Any]
    young_person: dict[str, Any]
    allocated_professional: dict[str, Any]
    significant_adult: dict[str, Any]
    living_situation: dict[str, Any]
    concern: dict[str, Any]
    investigation: dict[str, Any]
    multi_agency_meetings: Any
    history: dict[str, Any]
    professionals_involved: Any
    consent: dict[str, Any]
    service_requested: Any
    screening: dict[str, Any] | None = Field(
        description="outcome, criteria [{criterion, result, reason}], flags [{code, reason}], "
        "next_steps; a recommendation only."
    )
    missing_fields: list[str]
    transcript: list[dict[str, str]]


class TranscriptTurn(BaseModel):
    speaker: str
    text: str
    at: str


class TranscriptOut(BaseModel):
    reference: str
    transcript: list[TranscriptTurn]
    sources: dict[str, str] = Field(
        default_factory=dict,
        description="For each field read from a call or a pasted note (by slot name, e.g. "
        "yp_date_of_birth), the words it came from.",
    )


class StatusChangeIn(BaseModel):
    status: Status
    reason: str = Field(
        min_length=1,
        max_length=MAX_REASON_LENGTH,
        pattern=NOT_BLANK,
        description="Why: every decision is recorded with its reason.",
    )


class StatusChangeOut(BaseModel):
    from_status: Status
    to_status: Status
    reason: str
    by: str
    at: str


class HistoryOut(BaseModel):
    reference: str
    status: Status
    allowed_next: list[Status] = Field(description="What a person may change the status to.")
    changes: list[StatusChangeOut] = Field(description="Oldest first, the bot's included.")


class NoteIn(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_NOTE_LENGTH, pattern=NOT_BLANK)


class NoteOut(BaseModel):
    id: int
    text: str
    by: str
    at: str


class RequestSummaryOut(BaseModel):
    kind: str
    id: int
    created_at: str
    source: str
    reference: str | None = Field(description="The referral a hand-off belongs to, if any.")


class RequestPage(Paged[RequestSummaryOut]):
    """One page of requests of one kind, newest first."""


class RequestOut(RequestSummaryOut):
    details: dict[str, Any]


class CaseFileExport(BaseModel):
    record: ReferralRecord
    history: HistoryOut
    notes: list[NoteOut]
    handoff_requests: list[RequestSummaryOut]
    exported_at: str
    exported_by: str


class AuditEntry(BaseModel):
    at: str
    actor: str
    action: str
    reference: str | None
    detail: str | None


class AuditPage(Paged[AuditEntry]):
    """One page of the audit log, newest first."""


class MeOut(BaseModel):
    name: str
    role: Role
    permissions: list[str]


class TokenIn(BaseModel):
    name: str = Field(min_length=1, max_length=MAX_NAME_LENGTH, pattern=NOT_BLANK)
    role: Role
    expires_in_days: TokenLifetime | None = None


class IssuedTokenOut(BaseModel):
    token: str = Field(description="Shown this once; only its hash is stored.")
    id: int
    account: str
    role: Role
    expires_at: str | None


class TokenOut(BaseModel):
    id: int
    created_at: str
    expires_at: str | None
    revoked_at: str | None
    active: bool


class StaffAccountOut(BaseModel):
    name: str
    role: Role
    created_at: str
    tokens: list[TokenOut]


class RevokedOut(BaseModel):
    revoked: list[int]
