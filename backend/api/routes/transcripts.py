"""The Access and Response Team's transcript handoff: ``POST /api/transcripts``.

ART staff paste or upload a referral call's transcript; the bot reads it and saves a
draft referral (source ``art_transcript``) with what it could extract, the transcript,
the missing fields and the screening. A transcript that can't be read gets 422 with
what to fix; if the bot can't be reached, 503 and nothing is saved.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Request, status
from pydantic import BaseModel, Field

from backend.api.dependencies import UnitOfWork, allowed
from backend.domain.transcripts import MAX_CHARS, TranscriptError
from backend.security import StaffUser
from backend.service.transcripts import (
    TranscriptDraft,
    TranscriptNotRead,
    draft_from_transcript,
)

router = APIRouter(prefix="/api/transcripts", tags=["transcripts"])
Drafter = Annotated[StaffUser, Depends(allowed("draft_from_transcripts"))]


class TranscriptIn(BaseModel):
    transcript: str = Field(
        max_length=MAX_CHARS,
        description="'Speaker: words' lines, or a JSON list of {speaker, text} turns.",
    )
    referrer_speaker: str | None = Field(
        default=None,
        max_length=40,
        description="Which speaker is the referrer, when the labels don't make it clear.",
    )
    call_date: date | None = Field(default=None, description="The day of the call (UK).")


@router.post(
    "",
    response_model=TranscriptDraft,
    status_code=status.HTTP_201_CREATED,
    responses={
        422: {"description": "The transcript can't be read; the detail says why."},
        503: {"description": "The bot could not read it now; nothing was saved."},
    },
)
async def draft_referral_from_transcript(
    body: TranscriptIn, user: Drafter, uow: UnitOfWork, request: Request
) -> TranscriptDraft:
    if body.call_date and body.call_date > datetime.now(ZoneInfo("Europe/London")).date():
        raise HTTPException(422, detail="The call date is in the future.")
    try:
        draft = await draft_from_transcript(
            request.app.state.transcript_relay,
            uow,
            raw=body.transcript,
            referrer_speaker=body.referrer_speaker,
            call_date=body.call_date,
            actor=user.actor,
        )
    except TranscriptError as error:
        raise HTTPException(422, detail=str(error)) from None
    except TranscriptNotRead:
        raise HTTPException(
            503,
            detail="The transcript could not be read just now, so nothing was saved. "
            "Please try again in a minute.",
        ) from None
    return draft
