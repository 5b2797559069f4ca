"""The database tables (SQLAlchemy 2 declarative mapping).

Columns marked encrypted hold FieldCipher output, never plaintext: names, dates of
birth, contacts, places, free text, transcripts and request details. What stays in
clear is metadata for filtering: reference, status, source, outcome, flag codes,
timestamps and the referrer's organisation.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
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
    source: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str | None] = mapped_column(String(20), index=True)
    referrer_organisation: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = timestamp()
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
    action: Mapped[str] = mapped_column(String(60), index=True)
    reference: Mapped[str | None] = mapped_column(String(20), index=True)
    detail: Mapped[str | None] = mapped_column(String(300))


class ApiTokenRow(Base):
    """A staff API token: only its SHA-256 hash is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = timestamp()
    revoked_at: Mapped[datetime | None] = timestamp(nullable=True)


class ReferenceCounterRow(Base):
    """The last reference number handed out in a year."""

    __tablename__ = "reference_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(Integer)
