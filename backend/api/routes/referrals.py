"""Staff work on referrals: lists, the queue, records, transcripts, decisions, notes and
exports. Every route checks the role it needs; every read and change is audited."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status
from fastapi.responses import HTMLResponse, JSONResponse, Response

from backend.api.dependencies import Decider, Exporter, NoteWriter, Reader, UnitOfWork
from backend.api.paging import Day, FlagCode, PageNumber, PerPage, check_day_range
from backend.api.responses import (
    JSON_BODY,
    SIGNED_IN,
    ResponseDocs,
    conflict,
    not_found,
    refused,
    validation_error,
)
from backend.api.schemas import (
    CaseFileExport,
    HistoryOut,
    NoteIn,
    NoteOut,
    QueueOut,
    ReferralPage,
    ReferralRecord,
    StatusChangeIn,
    TranscriptOut,
)
from backend.api.summary_page import SUMMARY_POLICY, render_summary
from backend.domain.model import Source, Status
from backend.domain.review import ReasonRequired, TransitionRefused
from backend.domain.screening import Outcome
from backend.service import review

# Every route needs a signed-in member of staff whose role allows it (a 401 or 403
# otherwise); routes on one referral may also find none (404).
router = APIRouter(
    prefix="/api/referrals",
    tags=["referrals"],
    responses={**SIGNED_IN, **refused("The role may not do this.")},
)

REFERENCE = "A reference such as HSB-2025-00012."
ONE_REFERRAL: ResponseDocs = {
    **not_found("No referral has that reference."),
    **refused(
        "The role may not do this, or the referral is a draft, which only the Access and "
        "Response Team (and administrators) can see."
    ),
}


@router.get("", response_model=ReferralPage)
def list_referrals(
    user: Reader,
    uow: UnitOfWork,
    status_: Annotated[Status | None, Query(alias="status")] = None,
    outcome: Outcome | None = None,
    flag: Annotated[FlagCode | None, Query(description="A flag code, e.g. IMMEDIATE_RISK")] = None,
    source: Source | None = None,
    created_from: Annotated[Day | None, Query(description="First day, UK time")] = None,
    created_to: Annotated[
        Day | None, Query(description="Last day, UK time; not before created_from")
    ] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=100,
            description="Text in the reference or referrer organisation; empty: no filter",
        ),
    ] = None,
    page: PageNumber = 1,
    per_page: PerPage = 50,
) -> review.Page:
    """Summaries (no personal data), newest first, filtered and one page at a time.
    Clinicians see only referrals that have been submitted."""
    check_day_range(created_from, created_to, first_name="created_from", last_name="created_to")
    try:
        return review.search_referrals(
            uow,
            user,
            status=status_,
            outcome=outcome,
            flag=flag,
            source=source,
            created_from=created_from,
            created_to=created_to,
            text=q,
            page=page,
            per_page=per_page,
        )
    except ValueError as error:  # the edge checks the same rules; this is a backstop
        raise validation_error(("query",), str(error), None) from None


@router.get("/queue", response_model=QueueOut)
def work_queue(user: Reader, uow: UnitOfWork) -> dict[str, Any]:
    """The referrals waiting for a decision, IMMEDIATE_RISK first, then those that need
    individual discussion; with counts per outcome, flag and status."""
    return review.work_queue(uow, user)


@router.get("/{reference}", response_model=ReferralRecord, responses=ONE_REFERRAL)
def read_record(reference: str, user: Reader, uow: UnitOfWork) -> dict[str, Any]:
    """The whole record, with exactly the spec's top-level keys."""
    return review.read_record(uow, user, reference)


@router.get("/{reference}/transcript", response_model=TranscriptOut, responses=ONE_REFERRAL)
def read_transcript(reference: str, user: Reader, uow: UnitOfWork) -> dict[str, Any]:
    """The conversation: who said what, and when. The referrer's words are untrusted text."""
    return review.read_transcript(uow, user, reference)


@router.get("/{reference}/history", response_model=HistoryOut, responses=ONE_REFERRAL)
def read_history(reference: str, user: Reader, uow: UnitOfWork) -> dict[str, Any]:
    """Every change of status with who, when and why, and what it may become next."""
    return review.read_history(uow, user, reference)


@router.post(
    "/{reference}/status",
    response_model=HistoryOut,
    responses={
        **ONE_REFERRAL,
        **JSON_BODY,
        **conflict("The workflow does not allow that change from this status."),
    },
)
def change_status(
    reference: str, change: StatusChangeIn, user: Decider, uow: UnitOfWork
) -> dict[str, Any]:
    """Record a decision: a new status, with the reason for it. The screening is only a
    recommendation; this is the person's decision."""
    try:
        return review.decide(uow, user, reference, status=change.status, reason=change.reason)
    except TransitionRefused as not_allowed:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(not_allowed)) from None
    except ReasonRequired as missing:
        raise validation_error(("body", "reason"), str(missing), change.reason) from None


@router.get("/{reference}/notes", response_model=list[NoteOut], responses=ONE_REFERRAL)
def read_notes(reference: str, user: Reader, uow: UnitOfWork) -> list[dict[str, Any]]:
    """Staff case notes, oldest first."""
    return review.read_notes(uow, user, reference)


@router.post(
    "/{reference}/notes",
    response_model=NoteOut,
    status_code=status.HTTP_201_CREATED,
    responses={**ONE_REFERRAL, **JSON_BODY},
)
def add_note(reference: str, note: NoteIn, user: NoteWriter, uow: UnitOfWork) -> dict[str, Any]:
    try:
        return review.add_note(uow, user, reference, text=note.text)
    except ReasonRequired as missing:
        raise validation_error(("body", "text"), str(missing), note.text) from None


@router.get(
    "/{reference}/export",
    response_model=CaseFileExport,
    responses={**ONE_REFERRAL, 200: {"description": "A JSON file to download."}},
)
def export_json(reference: str, user: Exporter, uow: UnitOfWork) -> JSONResponse:
    """The record with its status history, notes and hand-off requests, as a JSON file."""
    case_file = review.export_case_file(uow, user, reference, export_format="json")
    return JSONResponse(
        CaseFileExport.model_validate(case_file).model_dump(mode="json"),
        headers={"Content-Disposition": f'attachment; filename="{reference}.json"'},
    )


@router.post(
    "/{reference}/printed",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=ONE_REFERRAL,
)
def record_printing(reference: str, user: Exporter, uow: UnitOfWork) -> Response:
    """Record that the dashboard printed the referral page (its print layout is the
    summary): printing happens in the browser, so the dashboard says so here."""
    review.record_printed(uow, user, reference)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{reference}/summary",
    # Response, not HTMLResponse: FastAPI would document the errors (JSON) as HTML too.
    response_class=Response,
    responses={
        **ONE_REFERRAL,
        200: {
            "description": "A printable HTML page.",
            "content": {"text/html": {"schema": {"type": "string"}}},
        },
    },
)
def printable_summary(reference: str, user: Exporter, uow: UnitOfWork) -> HTMLResponse:
    """The referral summary for the case file: one self-contained HTML page to print or
    save as PDF. Everything the referrer wrote appears as text."""
    case_file = review.export_case_file(uow, user, reference, export_format="summary")
    return HTMLResponse(
        render_summary(case_file),
        headers={
            "Content-Security-Policy": SUMMARY_POLICY,
            "Content-Disposition": f'inline; filename="{reference}-summary.html"',
        },
    )
