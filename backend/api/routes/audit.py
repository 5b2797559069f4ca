"""The audit log, for administrators: who read, exported or changed what, and when."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from backend.api.dependencies import AuditReader, UnitOfWork
from backend.api.schemas import AuditPage
from backend.service import review
from backend.service.review import MAX_PER_PAGE

router = APIRouter(prefix="/api/audit", tags=["audit"])


@router.get("", response_model=AuditPage)
def read_audit_log(
    user: AuditReader,
    uow: UnitOfWork,
    reference: Annotated[str | None, Query(max_length=20)] = None,
    actor: Annotated[str | None, Query(max_length=120, description="e.g. staff:Jo Bloggs")] = None,
    action: Annotated[str | None, Query(max_length=60, description="e.g. referral.read")] = None,
    since: Annotated[date | None, Query(description="First day, UK time")] = None,
    until: Annotated[date | None, Query(description="Last day, UK time")] = None,
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = 100,
) -> dict[str, Any]:
    """Entries newest first. Reading the log is itself recorded in it."""
    found = review.read_audit_log(
        uow,
        user,
        reference=reference,
        actor=actor,
        action=action,
        since=since,
        until=until,
        page=page,
        per_page=per_page,
    )
    return {"items": found.items, "total": found.total, "page": page, "per_page": per_page}
