"""The audit log, for administrators: who read, exported or changed what, and when."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from backend.api.dependencies import AuditReader, UnitOfWork
from backend.api.paging import Day, PageNumber, PerPage, check_day_range
from backend.api.responses import SIGNED_IN, refused
from backend.api.schemas import AuditPage
from backend.service import review

router = APIRouter(
    prefix="/api/audit",
    tags=["audit"],
    responses={**SIGNED_IN, **refused("The audit log is for administrators.")},
)


@router.get("", response_model=AuditPage)
def read_audit_log(
    user: AuditReader,
    uow: UnitOfWork,
    reference: Annotated[
        str | None, Query(max_length=20, description="A referral's reference; empty: any")
    ] = None,
    actor: Annotated[
        str | None, Query(max_length=120, description="e.g. staff:Jo Bloggs; empty: anyone")
    ] = None,
    action: Annotated[
        str | None, Query(max_length=60, description="e.g. referral.read; empty: any")
    ] = None,
    since: Annotated[Day | None, Query(description="First day, UK time")] = None,
    until: Annotated[Day | None, Query(description="Last day, UK time; not before since")] = None,
    page: PageNumber = 1,
    per_page: PerPage = 100,
) -> review.Page:
    """Entries newest first. Reading the log is itself recorded in it."""
    check_day_range(since, until, first_name="since", last_name="until")
    return review.read_audit_log(
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
