"""The Access and Response Team's transcript handoff: ``POST /api/transcripts``.

ART staff paste or upload a referral call's transcript; the bot reads it and saves a
draft referral (source ``art_transcript``) with what it could extract, the transcript,
the missing fields and the screening. A transcript that can't be read gets 422 with
what to fix; if the bot can't be reached, 503 and nothing is saved.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field

from backend.api.dependencies import UnitOfWork, allowed
from backend.api.paging import Day
from backend.api.responses import (
    JSON_BODY,
    SIGNED_IN,
    ErrorOut,
    ValidationProblems,
    refused,
    unavailable,
)
from backend.api.schemas import NOT_BLANK
from backend.domain.transcripts import MAX_CHARS, TranscriptError
from backend.security import StaffUser
from backend.service.transcripts import (
    TranscriptDraft,
    TranscriptNotRead,
    draft_from_transcript,
)

router = APIRouter(
    prefix="/api/transcripts",
    tags=["transcripts"],
    responses={**SIGNED_IN, **refused("Only the Access and Response Team hands over transcripts.")},
)
Drafter = Annotated[StaffUser, Depends(allowed("draft_from_transcripts"))]


EXAMPLE_TRANSCRIPT = (  # invented
    "ART: Access and Response Team, how can I help?\n"
    "Caller: I'm a teacher at Yate Academy and I'd like to refer a pupil.\n"
    "ART: Thank you. What is the young person's first name?\n"
    "Caller: Alex. He is in Year 9."
)


class TranscriptIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"transcript": EXAMPLE_TRANSCRIPT, "call_date": "2025-06-02"}]
        }
    )

    transcript: str = Field(
        min_length=1,
        max_length=MAX_CHARS,
        pattern=NOT_BLANK,
        description="'Speaker: words' lines, or a JSON list of {speaker, text} turns.",
    )
    referrer_speaker: str | None = Field(
        default=None,
        max_length=40,
        description="Which speaker is the referrer, when the labels don't make it clear.",
    )
    call_date: Day | None = Field(default=None, description="The day of the call (UK).")


@router.post(
    "",
    response_model=TranscriptDraft,
    status_code=status.HTTP_201_CREATED,
    responses={
        **JSON_BODY,
        422: {
            # Both 422 bodies: the transcript's own problem in words (ErrorOut; the
            # dashboard shows it as it is), or a body breaking the schema (FastAPI's).
            "model": ErrorOut | ValidationProblems,
            "description": "The transcript can't be read (the detail says why, in words), "
            "or the call date is in the future; or the body breaks the schema.",
        },
        **unavailable(
            "The bot could not read it now, or the database cannot be reached: nothing was saved."
        ),
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
