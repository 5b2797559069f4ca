"""Drafting a referral from a call transcript handed over by the Access and Response
Team: check the transcript's shape, have the bot read it (its ``art_transcript``
channel, which saves the draft), and audit who handed it over."""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from backend.domain.model import is_reference
from backend.domain.transcripts import Transcript, parse_transcript
from backend.service.unit_of_work import SqlAlchemyUnitOfWork

log = logging.getLogger(__name__)


class Relay(Protocol):
    async def post(self, payload: dict[str, Any]) -> Any: ...


class TranscriptNotRead(Exception):
    """The bot could not read the transcript; nothing was saved."""


@dataclass(frozen=True)
class TranscriptDraft:
    reference: str
    status: str
    outcome: str
    flags: list[str]
    extracted: list[str]
    missing: list[str]
    referrer_speaker: str
    turns: int


def _strings(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TranscriptNotRead("the bot's answer was not a draft")
    return list(value)


def _draft(answer: Any, transcript: Transcript) -> TranscriptDraft:
    if not isinstance(answer, dict) or not is_reference(str(answer.get("reference"))):
        raise TranscriptNotRead("the bot's answer was not a draft")
    return TranscriptDraft(
        reference=str(answer["reference"]),
        status=str(answer.get("status")),
        outcome=str(answer.get("outcome")),
        flags=_strings(answer.get("flags")),
        extracted=_strings(answer.get("extracted")),
        missing=_strings(answer.get("missing")),
        referrer_speaker=transcript.referrer,
        turns=len(transcript.turns),
    )


def _audit(uow: SqlAlchemyUnitOfWork, actor: str, draft: TranscriptDraft) -> None:
    with uow:
        uow.audit.record(
            actor=actor,
            action="transcript.drafted",
            reference=draft.reference,
            detail=f"{draft.turns} turns; {len(draft.extracted)} fields read",
        )
        uow.commit()


async def draft_from_transcript(
    relay: Relay | None,
    uow: SqlAlchemyUnitOfWork,
    *,
    raw: str,
    referrer_speaker: str | None,
    call_date: date | None,
    actor: str,
) -> TranscriptDraft:
    """Raises TranscriptError (the transcript's shape: the message says what to fix) or
    TranscriptNotRead (the bot could not read it; nothing was saved)."""
    transcript = parse_transcript(raw, referrer_speaker)
    if relay is None:
        raise TranscriptNotRead("the transcript handoff is not set up")
    payload = {
        "sender": f"art-{uuid.uuid4().hex}",
        "turns": [turn.to_dict() for turn in transcript.turns],
        "call_date": call_date.isoformat() if call_date else None,
    }
    try:
        answer = await relay.post(payload)
    except Exception as error:  # RelayError or the transport's: the message has no text
        raise TranscriptNotRead(str(error)) from None
    draft = _draft(answer, transcript)
    await asyncio.to_thread(_audit, uow, actor, draft)
    log.info("referral %s drafted from an ART transcript", draft.reference)
    return draft
