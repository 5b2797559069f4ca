"""Staff reads of referrals: the list and one record. Every read is audited."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, status

from backend.api.dependencies import CurrentUser, UnitOfWork
from backend.domain.model import Status
from backend.domain.screening import Outcome
from backend.service.referrals import get_record, list_referrals

router = APIRouter(prefix="/api/referrals", tags=["referrals"])


@router.get("")
def list_all(
    user: CurrentUser,
    uow: UnitOfWork,
    status: Status | None = None,
    outcome: Outcome | None = None,
) -> list[dict[str, Any]]:
    """Summaries, newest first, optionally filtered by status and screening outcome."""
    return list_referrals(uow, status=status, outcome=outcome, actor=user.actor)


@router.get("/{reference}")
def read_one(reference: str, user: CurrentUser, uow: UnitOfWork) -> dict[str, Any]:
    record = get_record(uow, reference, actor=user.actor)
    if record is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="No referral has that reference.")
    return record
