"""Staff accounts and tokens: who is signed in, and (administrators) accounts and tokens.

A new token is shown once, in the response that creates it; only its hash is stored.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from fastapi import APIRouter, HTTPException, status

from backend.api.dependencies import CurrentUser, StaffManager, UnitOfWork
from backend.api.paging import RowId
from backend.api.responses import (
    JSON_BODY,
    SIGNED_IN,
    ResponseDocs,
    conflict,
    not_found,
    refused,
    validation_error,
)
from backend.api.schemas import IssuedTokenOut, MeOut, RevokedOut, StaffAccountOut, TokenIn
from backend.security import PERMISSIONS, issue_token, revoke_tokens, staff_accounts

router = APIRouter(prefix="/api", tags=["staff"], responses=SIGNED_IN)
ADMINISTRATORS_ONLY: ResponseDocs = refused("Accounts and tokens are for administrators.")


@router.get("/me", response_model=MeOut)
def who_am_i(user: CurrentUser, uow: UnitOfWork) -> dict[str, Any]:
    """The signed-in member of staff, their role and what it allows. The dashboard asks
    this when a session starts (signing in, or opening it again), so it is audited."""
    with uow:
        uow.audit.record(actor=user.actor, action="staff.session_started")
        uow.commit()
    allowed = [permission for permission, roles in PERMISSIONS.items() if user.role in roles]
    return {"name": user.name, "role": user.role, "permissions": allowed}


@router.get("/staff", response_model=list[StaffAccountOut], responses=ADMINISTRATORS_ONLY)
def list_staff(user: StaffManager, uow: UnitOfWork) -> list[dict[str, Any]]:
    """Every account with its tokens' dates (never a token or its hash)."""
    accounts, tokens = staff_accounts(uow, actor=user.actor)
    now = datetime.now(timezone.utc)
    return [
        {
            "name": account.name,
            "role": account.role,
            "created_at": account.created_at.isoformat(),
            "tokens": [
                {
                    "id": token.id,
                    "created_at": token.created_at.isoformat(),
                    "expires_at": token.expires_at.isoformat() if token.expires_at else None,
                    "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
                    "active": token.is_active(now),
                }
                for token in tokens
                if token.account == account.name
            ],
        }
        for account in accounts
    ]


@router.post(
    "/staff/tokens",
    response_model=IssuedTokenOut,
    status_code=status.HTTP_201_CREATED,
    responses={
        **ADMINISTRATORS_ONLY,
        **JSON_BODY,
        **conflict("The account exists with another role."),
    },
)
def create_token(request: TokenIn, user: StaffManager, uow: UnitOfWork) -> dict[str, Any]:
    """A new token for an account (created with the role if it does not exist yet)."""
    if not request.name.split():  # what the account's name would be: spaces collapsed
        raise validation_error(("body", "name"), "A staff account needs a name.", request.name)
    try:
        issued = issue_token(
            uow,
            name=request.name,
            role=request.role,
            expires_in_days=request.expires_in_days,
            actor=user.actor,
        )
    except ValueError as error:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(error)) from None
    return {
        "token": issued.token,
        "id": issued.id,
        "account": issued.account,
        "role": issued.role,
        "expires_at": issued.expires_at.isoformat() if issued.expires_at else None,
    }


@router.post(
    "/staff/tokens/{token_id}/revoke",
    response_model=RevokedOut,
    responses={**ADMINISTRATORS_ONLY, **not_found("No such token, or already revoked.")},
)
def revoke_token(token_id: RowId, user: StaffManager, uow: UnitOfWork) -> dict[str, Any]:
    revoked = revoke_tokens(uow, token_id=token_id, actor=user.actor)
    if not revoked:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="No active token has that id.")
    return {"revoked": revoked}
