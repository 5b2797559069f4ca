"""Staff work on referrals: finding them, reading them, deciding, notes, exports.

Every read, export and change is written to the audit log with who did it, including
reads that were refused or found nothing. The screening recommends; each decision here
is a person's, made with a reason. Clinicians see a referral once it was submitted; the
Access and Response Team (and an administrator) see drafts too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Protocol, cast

from backend.domain.audit import AuditEvent
from backend.domain.flags import FLAG_CODES
from backend.domain.model import SOURCES, STATUSES, Referral, ReferralSummary, Status, is_reference
from backend.domain.queue import count_queue, in_queue_order
from backend.domain.record import record_of, summary_of
from backend.domain.referral_query import ReferralQuery
from backend.domain.requests import REQUEST_KINDS, AnyRequestKind, RequestSummary
from backend.domain.review import CaseNote, StatusChange, allowed_next, change_status, make_note
from backend.domain.screening import OUTCOMES
from backend.service.referral_changes import SERVICE_TIMEZONE
from backend.service.unit_of_work import SqlAlchemyUnitOfWork

MAX_PER_PAGE = 200
# The deepest page a list goes to: (MAX_PAGE - 1) * MAX_PER_PAGE stays far inside a
# 64-bit SQL offset. Deeper than this, narrow the list with its filters.
MAX_PAGE = 100_000
QUEUE_LIMIT = 1000  # far more than the team has waiting; a bound, not a page


class Viewer(Protocol):
    """The member of staff asking (backend.security.StaffUser)."""

    @property
    def actor(self) -> str: ...

    @property
    def sees_drafts(self) -> bool: ...


class ReferralNotFound(LookupError):
    """No referral has that reference."""


class ReferralNotVisible(PermissionError):
    """The referral exists but this member of staff may not see it (a draft)."""


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    total: int
    page: int
    per_page: int


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _page_bounds(page: int, per_page: int) -> tuple[int, int]:
    """The SQL offset and limit of a page; refused (ValueError) out of bounds, so no
    page number can overflow an offset."""
    if not 1 <= page <= MAX_PAGE or not 1 <= per_page <= MAX_PER_PAGE:
        raise ValueError(
            f"page is between 1 and {MAX_PAGE}; per_page is between 1 and {MAX_PER_PAGE}"
        )
    return (page - 1) * per_page, per_page


def _uk_midnight(day: date) -> datetime:
    """The start of a calendar day in the UK, in UTC: date filters mean the team's days."""
    return datetime.combine(day, time.min, SERVICE_TIMEZONE).astimezone(timezone.utc)


def _day_range(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """From the start of the first day to the start of the day after the last (UK days),
    in UTC; None for an open end. The last day of the calendar (9999-12-31) has no day
    after it: a range ending there is open."""
    if first and last and last < first:
        raise ValueError("the range ends before it starts")
    start = _uk_midnight(first) if first else None
    end = _uk_midnight(last + timedelta(days=1)) if last and last < date.max else None
    return start, end


def _check_choice(name: str, value: str | None, allowed: tuple[str, ...]) -> None:
    if value is not None and value not in allowed:
        raise ValueError(f"unknown {name} {value!r}")


def change_of(change: StatusChange) -> dict[str, Any]:
    return {
        "from_status": change.from_status,
        "to_status": change.to_status,
        "reason": change.reason,
        "by": change.by,
        "at": _iso(change.at),
    }


def note_of(note_id: int, note: CaseNote) -> dict[str, Any]:
    return {"id": note_id, "text": note.text, "by": note.by, "at": _iso(note.at)}


def search_referrals(
    uow: SqlAlchemyUnitOfWork,
    viewer: Viewer,
    *,
    status: str | None = None,
    outcome: str | None = None,
    flag: str | None = None,
    source: str | None = None,
    created_from: date | None = None,
    created_to: date | None = None,
    text: str | None = None,
    page: int = 1,
    per_page: int = 50,
) -> Page:
    """Summaries (no personal data), newest first, one page at a time; audited."""
    _check_choice("status", status, STATUSES)
    _check_choice("outcome", outcome, OUTCOMES)
    _check_choice("flag", flag, FLAG_CODES)
    _check_choice("source", source, SOURCES)
    if created_from and created_to and created_to < created_from:
        raise ValueError("created_to is before created_from")
    created_since, created_before = _day_range(created_from, created_to)
    offset, limit = _page_bounds(page, per_page)
    query = ReferralQuery(
        status=status,
        outcome=outcome,
        flag=flag,
        source=source,
        created_from=created_since,
        created_before=created_before,
        text=text.strip()[:100] if text and text.strip() else None,
        submitted_only=not viewer.sees_drafts,
    )
    with uow:
        summaries, total = uow.referrals.search(query, offset=offset, limit=limit)
        # The search text may be a name typed by mistake: the log keeps only that there was one.
        filters = {
            "status": status,
            "outcome": outcome,
            "flag": flag,
            "source": source,
            "from": created_from,
            "to": created_to,
        }
        shown = " ".join(f"{k}={v}" for k, v in filters.items() if v)
        searched = "yes" if query.text else "no"
        uow.audit.record(
            actor=viewer.actor,
            action="referral.list",
            detail=f"{shown} text={searched} page={page} count={len(summaries)}".strip(),
        )
        uow.commit()
    return Page([summary_of(s) for s in summaries], total, page, per_page)


def work_queue(uow: SqlAlchemyUnitOfWork, viewer: Viewer) -> dict[str, Any]:
    """The referrals waiting for a decision, IMMEDIATE_RISK and "needs discussion" first,
    with counts per outcome, flag and status; audited."""
    statuses: tuple[str, ...] = ("draft", "submitted", "needs_discussion")
    query = ReferralQuery(statuses=statuses, submitted_only=not viewer.sees_drafts)
    with uow:
        summaries, _total = uow.referrals.search(query, limit=QUEUE_LIMIT)
        queue = in_queue_order(summaries)
        uow.audit.record(actor=viewer.actor, action="referral.queue", detail=f"count={len(queue)}")
        uow.commit()
    counts = count_queue(queue)
    return {
        "items": [_queue_item(s) for s in queue],
        "counts": {
            "total": counts.total,
            "immediate_risk": counts.immediate_risk,
            "by_outcome": counts.by_outcome,
            "by_flag": counts.by_flag,
            "by_status": counts.by_status,
        },
    }


def _queue_item(summary: ReferralSummary) -> dict[str, Any]:
    return {**summary_of(summary), "immediate_risk": "IMMEDIATE_RISK" in summary.flags}


def _visible(
    uow: SqlAlchemyUnitOfWork,
    viewer: Viewer,
    reference: str,
    action: str,
    *,
    for_update: bool = False,
    detail: str | None = None,
    audit_success: bool = True,
) -> tuple[Referral, int]:
    """The referral and its row id, if this viewer may see it. The attempt is audited
    either way (a refusal is committed at once, as the caller's block then rolls back);
    with audit_success=False the caller records what it did instead."""
    known = is_reference(reference)
    referral = uow.referrals.get(reference, for_update=for_update) if known else None
    refusal = None
    if referral is None:
        refusal = "not found"
    elif referral.submitted_at is None and not viewer.sees_drafts:
        refusal = "refused: not submitted"
    if refusal is not None:
        uow.audit.record(
            actor=viewer.actor,
            action=action,
            reference=reference if known else None,
            detail=refusal,
        )
        uow.commit()
        if referral is None:
            raise ReferralNotFound(reference)
        raise ReferralNotVisible(reference)
    assert referral is not None
    if audit_success:
        uow.audit.record(actor=viewer.actor, action=action, reference=reference, detail=detail)
    referral_id = uow.referrals.id_of(reference)
    assert referral_id is not None
    return referral, referral_id


def read_record(uow: SqlAlchemyUnitOfWork, viewer: Viewer, reference: str) -> dict[str, Any]:
    """The whole record, with exactly the spec's top-level keys."""
    with uow:
        referral, _id = _visible(uow, viewer, reference, "referral.read")
        uow.commit()
        return record_of(referral)


def read_transcript(uow: SqlAlchemyUnitOfWork, viewer: Viewer, reference: str) -> dict[str, Any]:
    with uow:
        referral, _id = _visible(uow, viewer, reference, "referral.transcript_read")
        uow.commit()
        return {
            "reference": reference,
            "transcript": [turn.to_dict() for turn in referral.transcript],
            "sources": dict(referral.sources),
        }


def _history(referral: Referral, changes: list[StatusChange]) -> dict[str, Any]:
    return {
        "reference": referral.reference,
        "status": referral.status,
        "allowed_next": list(
            allowed_next(referral.status, ever_submitted=referral.submitted_at is not None)
        ),
        "changes": [change_of(c) for c in changes],
    }


def read_history(uow: SqlAlchemyUnitOfWork, viewer: Viewer, reference: str) -> dict[str, Any]:
    """Every status change, oldest first, and what the status may become next."""
    with uow:
        referral, referral_id = _visible(uow, viewer, reference, "referral.history_read")
        changes = uow.review.status_changes(referral_id)
        uow.commit()
        return _history(referral, changes)


def decide(
    uow: SqlAlchemyUnitOfWork, viewer: Viewer, reference: str, *, status: str, reason: str
) -> dict[str, Any]:
    """A person's decision: change the status, with a reason; refused when the workflow
    does not allow it (backend.domain.review). Returns the history as it now stands."""
    _check_choice("status", status, STATUSES)
    with uow:
        referral, referral_id = _visible(
            uow,
            viewer,
            reference,
            "referral.status_change_refused",
            for_update=True,
            audit_success=False,
        )
        before = referral.status
        try:
            change = change_status(
                referral,
                cast(Status, status),
                reason=reason,
                by=viewer.actor,
                at=datetime.now(timezone.utc),
            )
        except ValueError as refused:  # nothing changed; the attempt is still recorded
            uow.audit.record(
                actor=viewer.actor,
                action="referral.status_change_refused",
                reference=reference,
                detail=f"{before} -> {status}: {type(refused).__name__}",
            )
            uow.commit()
            raise
        uow.review.add_status_change(referral_id, change)
        uow.audit.record(
            actor=viewer.actor,
            action="referral.status_changed",
            reference=reference,
            detail=f"{before} -> {change.to_status}",
        )
        uow.commit()
        return _history(referral, uow.review.status_changes(referral_id))


def read_notes(uow: SqlAlchemyUnitOfWork, viewer: Viewer, reference: str) -> list[dict[str, Any]]:
    with uow:
        _referral, referral_id = _visible(uow, viewer, reference, "referral.notes_read")
        notes = uow.review.notes(referral_id)
        uow.commit()
    return [note_of(note_id, note) for note_id, note in notes]


def add_note(
    uow: SqlAlchemyUnitOfWork, viewer: Viewer, reference: str, *, text: str
) -> dict[str, Any]:
    note = make_note(text, by=viewer.actor, at=datetime.now(timezone.utc))
    with uow:
        _referral, referral_id = _visible(uow, viewer, reference, "referral.note_added")
        note_id = uow.review.add_note(referral_id, note)
        uow.commit()
    return note_of(note_id, note)


def export_case_file(
    uow: SqlAlchemyUnitOfWork, viewer: Viewer, reference: str, *, export_format: str
) -> dict[str, Any]:
    """The record with its history, notes and hand-off requests, for the case file."""
    with uow:
        referral, referral_id = _visible(
            uow, viewer, reference, "referral.exported", detail=export_format
        )
        changes = uow.review.status_changes(referral_id)
        notes = uow.review.notes(referral_id)
        handoffs = uow.requests.handoffs_for(referral_id)
        uow.commit()
    return {
        "record": record_of(referral),
        "history": _history(referral, changes),
        "notes": [note_of(note_id, note) for note_id, note in notes],
        "handoff_requests": [_request_summary(r) for r in handoffs],
        "exported_at": _iso(datetime.now(timezone.utc)),
        "exported_by": viewer.actor,
    }


def record_printed(uow: SqlAlchemyUnitOfWork, viewer: Viewer, reference: str) -> None:
    """A print of the referral page, which the browser makes: the export is recorded."""
    with uow:
        _visible(uow, viewer, reference, "referral.exported", detail="print")
        uow.commit()


def _request_summary(request: RequestSummary) -> dict[str, Any]:
    return {
        "kind": request.kind,
        "id": request.id,
        "created_at": _iso(request.created_at),
        "source": request.source,
        "reference": request.reference,
    }


def list_requests(
    uow: SqlAlchemyUnitOfWork, viewer: Viewer, kind: str, *, page: int = 1, per_page: int = 50
) -> Page:
    """Consultation, training or hand-off requests, newest first, without their details."""
    _check_choice("kind", kind, REQUEST_KINDS)
    request_kind = cast(AnyRequestKind, kind)
    offset, limit = _page_bounds(page, per_page)
    with uow:
        summaries = uow.requests.summaries(request_kind, offset=offset, limit=limit)
        total = uow.requests.count(request_kind)
        uow.audit.record(
            actor=viewer.actor, action=f"{kind}.list", detail=f"page={page} count={len(summaries)}"
        )
        uow.commit()
    return Page([_request_summary(s) for s in summaries], total, page, per_page)


def read_request(
    uow: SqlAlchemyUnitOfWork, viewer: Viewer, kind: str, request_id: int
) -> dict[str, Any] | None:
    _check_choice("kind", kind, REQUEST_KINDS)
    with uow:
        found = uow.requests.get(cast(AnyRequestKind, kind), request_id)
        uow.audit.record(
            actor=viewer.actor,
            action=f"{kind}.read",
            reference=found.reference if found else None,
            detail=f"request {request_id}" + ("" if found else " not found"),
        )
        uow.commit()
    if found is None:
        return None
    return {**_request_summary(found), "details": found.details}


def audit_entry(event: AuditEvent) -> dict[str, Any]:
    return {
        "at": _iso(event.at),
        "actor": event.actor,
        "action": event.action,
        "reference": event.reference,
        "detail": event.detail,
    }


def read_audit_log(
    uow: SqlAlchemyUnitOfWork,
    viewer: Viewer,
    *,
    reference: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    since: date | None = None,
    until: date | None = None,
    page: int = 1,
    per_page: int = 100,
) -> Page:
    """The audit log, newest first; reading it is itself audited."""
    after, before = _day_range(since, until)
    offset, limit = _page_bounds(page, per_page)
    with uow:
        events, total = uow.audit.search(
            reference=reference,
            actor=actor,
            action=action,
            since=after,
            before=before,
            offset=offset,
            limit=limit,
        )
        uow.audit.record(actor=viewer.actor, action="audit.read", detail=f"page={page}")
        uow.commit()
    return Page([audit_entry(e) for e in events], total, page, per_page)
