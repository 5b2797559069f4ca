"""Requests that are not referrals: consultation, training, and hand-off to a person.

Lists carry no personal data; one request is read with its details, and audited.
Hand-offs (with their transcripts) are for the Access and Response Team.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, status

from backend.api.dependencies import CurrentUser, UnitOfWork, refuse_unless
from backend.api.paging import PageNumber, PerPage, RowId
from backend.api.responses import SIGNED_IN, not_found, refused
from backend.api.schemas import RequestOut, RequestPage
from backend.domain.requests import AnyRequestKind
from backend.security import Permission, StaffUser
from backend.service import review
from backend.service.unit_of_work import SqlAlchemyUnitOfWork

router = APIRouter(
    prefix="/api/requests",
    tags=["requests"],
    responses={**SIGNED_IN, **refused("Hand-offs are for ART and administrators.")},
)


def _check(
    user: StaffUser, kind: AnyRequestKind, uow: SqlAlchemyUnitOfWork, request: Request
) -> None:
    permission: Permission = "read_handoffs" if kind == "handoff" else "read_requests"
    refuse_unless(user, permission, uow, request)


@router.get("/{kind}", response_model=RequestPage)
def list_requests(
    kind: AnyRequestKind,
    user: CurrentUser,
    uow: UnitOfWork,
    request: Request,
    page: PageNumber = 1,
    per_page: PerPage = 50,
) -> review.Page:
    """Consultation, training or hand-off requests, newest first, without their details."""
    _check(user, kind, uow, request)
    return review.list_requests(uow, user, kind, page=page, per_page=per_page)


@router.get(
    "/{kind}/{request_id}",
    response_model=RequestOut,
    responses=not_found("No request of that kind has that id."),
)
def read_request(
    kind: AnyRequestKind,
    request_id: RowId,
    user: CurrentUser,
    uow: UnitOfWork,
    request: Request,
) -> dict[str, Any]:
    """One request with its details (a hand-off with its reason, contact and transcript)."""
    _check(user, kind, uow, request)
    found = review.read_request(uow, user, kind, request_id)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="No such request.")
    return found
