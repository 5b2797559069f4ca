"""The referral: one record per conversation, screened each time it changes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, cast, get_args

from backend.domain.field_values import check_field_values
from backend.domain.fields import FIELDS_BY_NAME
from backend.domain.screening import Screening, screen
from backend.domain.text import storable_text

Status = Literal["draft", "submitted", "needs_discussion", "accepted", "declined", "withdrawn"]
Source = Literal["web", "teams", "sms", "art_transcript", "rest"]
# "art": the Access and Response Team's call handler, in a call transcript they handed over.
Speaker = Literal["professional", "bot", "art"]

STATUSES: tuple[Status, ...] = get_args(Status)
SOURCES: tuple[Source, ...] = get_args(Source)
SPEAKERS: tuple[Speaker, ...] = get_args(Speaker)
# The words a field came from: a line or a sentence, not a whole note.
MAX_SOURCE_CHARS = 500
# A practitioner's decision: the bot no longer changes these referrals.
CLOSED_STATUSES: frozenset[Status] = frozenset({"accepted", "declined", "withdrawn"})
# Flags raised by what was said rather than by the fields: they survive re-screening.
STICKY_FLAGS = frozenset({"IMMEDIATE_RISK"})
# A harmed child is described, never identified: these keys are never stored.
IDENTIFYING_KEYS = frozenset(
    {"name", "first_name", "last_name", "full_name", "date_of_birth", "dob", "address", "postcode"}
)


class ReferralClosed(Exception):
    """The referral has been decided by the service and can no longer be changed."""


def check_source(source: str) -> Source:
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}; expected one of {', '.join(SOURCES)}")
    return cast(Source, source)


REFERENCE_PATTERN = re.compile(r"HSB-\d{4}-\d{5,6}")


def format_reference(year: int, number: int) -> str:
    return f"HSB-{year:04d}-{number:05d}"


def is_reference(text: str) -> bool:
    return REFERENCE_PATTERN.fullmatch(text) is not None


def parse_timestamp(value: str) -> datetime:
    """ISO-8601, accepting a trailing "Z" (Python 3.10's fromisoformat does not)."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    return datetime.fromisoformat(text)


def _without_identities(children: Any) -> Any:
    if not isinstance(children, list):
        return children
    return [
        {k: v for k, v in child.items() if k not in IDENTIFYING_KEYS}
        if isinstance(child, dict)
        else child
        for child in children
    ]


@dataclass(frozen=True)
class Turn:
    """One turn of the conversation: who said what, and when (ISO-8601)."""

    speaker: Speaker
    text: str
    at: str

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Turn:
        speaker, text, at = data.get("speaker"), data.get("text"), data.get("at")
        if speaker not in SPEAKERS:
            raise ValueError(f"transcript speaker must be one of {', '.join(SPEAKERS)}")
        if not isinstance(text, str) or not isinstance(at, str):
            raise ValueError("transcript turns need text and at as strings")
        return cls(cast(Speaker, speaker), storable_text(text), parse_timestamp(at).isoformat())

    def to_dict(self) -> dict[str, str]:
        return {"speaker": self.speaker, "text": self.text, "at": self.at}


@dataclass(frozen=True)
class ReferralSummary:
    """What a list of referrals shows: metadata kept in clear, no personal data."""

    reference: str
    status: Status
    source: Source
    outcome: str | None
    flags: tuple[str, ...]
    referrer_organisation: str | None
    created_at: datetime
    submitted_at: datetime | None


@dataclass
class Referral:
    reference: str
    conversation_key: str
    source: Source
    created_at: datetime
    status: Status = "draft"
    submitted_at: datetime | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    screening: Screening | None = None
    screened_on: date | None = None
    transcript: list[Turn] = field(default_factory=list)
    sticky_flags: list[str] = field(default_factory=list)
    # For a field read from free text (a call, a pasted note): the words it came from.
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def update_fields(self, incoming: Mapping[str, Any], *, today: date | None = None) -> None:
        """Take the known fields; None means "not given", so it never erases an answer.

        Every value is checked against the field table first (field_values.py): when any
        is invalid, InvalidFieldValue names those fields and nothing at all is taken.
        `today` is the day dates are checked against (none may be later); the machine's
        calendar day when not given.
        """
        if self.is_closed:
            raise ReferralClosed(self.reference)
        taken = {
            name: _without_identities(value) if name == "harmed_children" else value
            for name, value in incoming.items()
            if name in FIELDS_BY_NAME and value is not None
        }
        check_field_values(taken, today or date.today())
        for name, value in taken.items():
            if self.fields.get(name) != value:
                self.sources.pop(name, None)  # the words it was read from no longer hold
        self.fields.update(taken)

    def note_sources(self, sources: Mapping[str, str]) -> None:
        """Keep the words each field was read from, for the fields the referral has (a
        value changed since, without words of its own, has lost them: update_fields)."""
        for name, words in sources.items():
            text = storable_text(str(words)).strip()[:MAX_SOURCE_CHARS]
            if name in self.fields and text:
                self.sources[name] = text

    def replace_transcript(self, turns: Iterable[Turn]) -> None:
        self.transcript = list(turns)

    def raise_flag(self, code: str) -> None:
        """Add a flag that stays whatever the fields later say."""
        if code not in STICKY_FLAGS:
            raise ValueError(f"{code} is not a flag that can be raised by hand")
        if code not in self.sticky_flags:
            self.sticky_flags.append(code)

    def rescreen(self, referral_date: date) -> None:
        """Screen again; a submitted referral's status follows the new outcome."""
        self.screening = screen(self.fields, referral_date, self.sticky_flags)
        self.screened_on = referral_date
        if self.status in ("submitted", "needs_discussion"):
            self.status = self._submitted_status()

    def submit(self, at: datetime) -> None:
        if self.is_closed:
            raise ReferralClosed(self.reference)
        if self.screening is None:
            raise ValueError("screen the referral before submitting it")
        self.status = self._submitted_status()
        self.submitted_at = self.submitted_at or at

    def _submitted_status(self) -> Status:
        assert self.screening is not None
        return "needs_discussion" if self.screening.outcome == "needs_discussion" else "submitted"
