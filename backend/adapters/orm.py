"""The database tables (SQLAlchemy 2 declarative mapping).

Columns marked encrypted hold FieldCipher output, never plaintext: names, dates of
birth, contacts, places, free text, transcripts and request details. What stays in
clear is metadata for filtering: reference, status, source, outcome, flag codes,
timestamps and the referrer's organisation; so are staff names and roles.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def encrypted() -> Any:
    """A column for FieldCipher output; `info` lets key rotation find every one."""
    return mapped_column(Text, nullable=True, info={"encrypted": True})


def timestamp(nullable: bool = False) -> Any:
    return mapped_column(DateTime(timezone=True), nullable=nullable)


def referral_fk() -> Any:
    return mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)


class ReferralRow(Base):
    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    # The conversation key may carry a phone number: stored encrypted, found by digest.
    conversation_key: Mapped[str | None] = encrypted()
    conversation_digest: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    source: Mapped[str] = mapped_column(String(20), index=True)
    outcome: Mapped[str | None] = mapped_column(String(20), index=True)
    referrer_organisation: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    updated_at: Mapped[datetime] = timestamp()
    submitted_at: Mapped[datetime | None] = timestamp(nullable=True)
    screened_on: Mapped[date | None] = mapped_column(Date)
    missing_fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    next_steps: Mapped[list[str]] = mapped_column(JSON, default=list)
    # One encrypted JSON object per record group that is not about a person.
    living_situation: Mapped[str | None] = encrypted()
    concern: Mapped[str | None] = encrypted()
    investigation: Mapped[str | None] = encrypted()
    multi_agency_meetings: Mapped[str | None] = encrypted()
    history: Mapped[str | None] = encrypted()
    professionals_involved: Mapped[str | None] = encrypted()
    consent: Mapped[str | None] = encrypted()
    service_requested: Mapped[str | None] = encrypted()
    # {field: the words it was read from}, for fields read from a call or a pasted note
    field_sources: Mapped[str | None] = encrypted()


class PersonRow(Base):
    """The referrer, the young person, the allocated professional, the significant adult."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("referral_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = referral_fk()
    kind: Mapped[str] = mapped_column(String(30))
    name: Mapped[str | None] = encrypted()
    last_name: Mapped[str | None] = encrypted()
    date_of_birth: Mapped[str | None] = encrypted()
    email: Mapped[str | None] = encrypted()
    phone: Mapped[str | None] = encrypted()
    contact: Mapped[str | None] = encrypted()
    location: Mapped[str | None] = encrypted()
    # The rest of the person's answers (role, gender, needs...), as one JSON object.
    details: Mapped[str | None] = encrypted()


class CriterionResultRow(Base):
    __tablename__ = "criterion_results"
    __table_args__ = (UniqueConstraint("referral_id", "criterion"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = referral_fk()
    position: Mapped[int] = mapped_column(Integer)
    criterion: Mapped[str] = mapped_column(String(40))
    result: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = encrypted()


class FlagRow(Base):
    __tablename__ = "flags"
    __table_args__ = (UniqueConstraint("referral_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = referral_fk()
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40), index=True)
    reason: Mapped[str | None] = encrypted()
    sticky: Mapped[bool] = mapped_column(Boolean, default=False)
    raised_at: Mapped[datetime] = timestamp()


class TranscriptTurnRow(Base):
    __tablename__ = "transcript_turns"
    __table_args__ = (UniqueConstraint("referral_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = referral_fk()
    position: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(String(20))
    text: Mapped[str | None] = encrypted()
    at: Mapped[str] = mapped_column(String(40))


class _RequestColumns:
    """What every request from a conversation has."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = timestamp()
    source: Mapped[str] = mapped_column(String(20))
    conversation_key: Mapped[str | None] = encrypted()


class ConsultationRequestRow(_RequestColumns, Base):
    __tablename__ = "consultation_requests"

    details: Mapped[str | None] = encrypted()


class TrainingRequestRow(_RequestColumns, Base):
    __tablename__ = "training_requests"

    details: Mapped[str | None] = encrypted()


class HandoffRequestRow(_RequestColumns, Base):
    __tablename__ = "handoff_requests"

    referral_id: Mapped[int | None] = mapped_column(
        ForeignKey("referrals.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str | None] = encrypted()
    contact: Mapped[str | None] = encrypted()
    transcript: Mapped[str | None] = encrypted()


class AuditEventRow(Base):
    """Who did what, when. Never personal data about the young person or the concern."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = timestamp()
    actor: Mapped[str] = mapped_column(String(120))
    # The id of the staff token the actor acted with (never the token). Not a foreign
    # key: the log outlives whatever becomes of the token and its account.
    token_id: Mapped[int | None] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    reference: Mapped[str | None] = mapped_column(String(20), index=True)
    detail: Mapped[str | None] = mapped_column(String(300))


class StaffAccountRow(Base):
    """A member of staff: their name (as the audit log shows it) and their role."""

    __tablename__ = "staff_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = timestamp()


class ApiTokenRow(Base):
    """A staff member's API token: only its SHA-256 hash is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("staff_accounts.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = timestamp()
    expires_at: Mapped[datetime | None] = timestamp(nullable=True)
    revoked_at: Mapped[datetime | None] = timestamp(nullable=True)


class StatusChangeRow(Base):
    """One change of a referral's status: who, when, from what to what, and why."""

    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = referral_fk()
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    # A practitioner's reason may well name people: encrypted like every free text.
    reason: Mapped[str | None] = encrypted()
    actor: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = timestamp()


class CaseNoteRow(Base):
    """A member of staff's note on a referral."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = referral_fk()
    text: Mapped[str | None] = encrypted()
    actor: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = timestamp()


class NotificationRow(Base):
    """The outbox: an e-mail to the team, written in the transaction of its event and
    kept until it has been delivered. Kind and reference only, never personal data."""

    __tablename__ = "notification_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    reference: Mapped[str | None] = mapped_column(String(20))
    request_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = timestamp()
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[datetime | None] = timestamp(nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(200))
    # A sender that claims the event holds it until then, so two senders never both send.
    claimed_until: Mapped[datetime | None] = timestamp(nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)


class ReferenceCounterRow(Base):
    """The last reference number handed out in a year."""

    __tablename__ = "reference_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(Integer)


class SmsFollowupRow(Base):
    """A text to the referrer about a submitted referral's missing fields, and its
    reminders. The number is known only by its keyed hash (backend/domain/sms/identity.py);
    it is read from the referral, encrypted there, when a text is sent."""

    __tablename__ = "sms_followups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referrals.id", ondelete="CASCADE"), unique=True
    )
    phone_digest: Mapped[str] = mapped_column(String(64), index=True)
    # pending (first text not sent yet), sent, completed, stopped, expired, cancelled
    status: Mapped[str] = mapped_column(String(20), index=True)
    texts_sent: Mapped[int] = mapped_column(Integer, default=0)
    next_due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    last_sent_at: Mapped[datetime | None] = timestamp(nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(200))
    # A sending pass holds the follow-up until then, so two passes never both text.
    claimed_until: Mapped[datetime | None] = timestamp(nullable=True)
    created_at: Mapped[datetime] = timestamp()
    updated_at: Mapped[datetime] = timestamp()


class SmsSuppressionRow(Base):
    """A number that opted out of texts (STOP, or Twilio's error 21610), by keyed hash."""

    __tablename__ = "sms_suppressions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phone_digest: Mapped[str] = mapped_column(String(64), unique=True)
    reason: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = timestamp()


class AppliedCommandRow(Base):
    """A command from the action server that has taken effect, so a retried one (after
    a failure, or replayed from the action server's spool) takes effect only once. What
    it returned is kept: a reference and a request id, never personal data."""

    __tablename__ = "applied_commands"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    reference: Mapped[str | None] = mapped_column(String(20))
    request_id: Mapped[int | None] = mapped_column(Integer)
    applied_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class ConversationStateRow(Base):
    """How recent the conversation state is that a referral's fields were last taken
    from (the time of its latest event), by the conversation key's keyed digest: a save
    replayed late never overwrites newer answers."""

    __tablename__ = "conversation_states"

    conversation_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    as_of: Mapped[float] = mapped_column(Float)
