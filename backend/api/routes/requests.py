"""Requests that are not referrals: consultation, training, and hand-off to a person.

Lists carry no personal data; one request is read with its details, and audited.
Hand-offs (with their transcripts) are for the Access and Response Team.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request, status

from backend.adapters.request_store import AnyRequestKind
from backend.api.dependencies import CurrentUser, UnitOfWork, refuse_unless
from backend.api.schemas import RequestOut, RequestPage
from backend.security import Permission, StaffUser
from backend.service import review
from backend.service.review import MAX_PER_PAGE
from backend.service.unit_of_work import SqlAlchemyUnitOfWork

router = APIRouter(prefix="/api/requests", tags=["requests"])
REFUSED: dict[int | str, dict[str, Any]] = {
    403: {"description": "Hand-offs are for ART and administrators."}
}


def _check(
    user: StaffUser, kind: AnyRequestKind, uow: SqlAlchemyUnitOfWork, request: Request
) -> None:
    permission: Permission = "read_handoffs" if kind == "handoff" else "read_requests"
    refuse_unless(user, permission, uow, request)


@router.get("/{kind}", response_model=RequestPage, responses=REFUSED)
def list_requests(
    kind: AnyRequestKind,
    user: CurrentUser,
    uow: UnitOfWork,
    request: Request,
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = 50,
) -> dict[str, Any]:
    """Consultation, training or hand-off requests, newest first, without their details."""
    _check(user, kind, uow, request)
    found = review.list_requests(uow, user, kind, page=page, per_page=per_page)
    return {"items": found.items, "total": found.total, "page": page, "per_page": per_page}


@router.get(
    "/{kind}/{request_id}",
    response_model=RequestOut,
    responses={**REFUSED, 404: {"description": "No such request."}},
)
def read_request(
    kind: AnyRequestKind,
    request_id: Annotated[int, Path(ge=1)],
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
