"""Staff accounts and tokens: who is signed in, and (administrators) accounts and tokens.

A new token is shown once, in the response that creates it; only its hash is stored.
An administrator may create a new account with its first token, or take a new token for
their own account, for at most STAFF_TOKEN_DAYS; never a token for someone else's
existing account (409), so nobody acts under another's name. Whatever a token then
does is audited with its id, which leads back to whoever made it (backend.security).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from fastapi import APIRouter, HTTPException, Request, status

from backend.api.dependencies import CurrentUser, StaffManager, UnitOfWork
from backend.api.paging import RowId
from backend.api.responses import (
    JSON_BODY,
    SIGNED_IN,
    ResponseDocs,
    account_taken,
    not_found,
    refused,
    validation_error,
)
from backend.api.schemas import IssuedTokenOut, MeOut, RevokedOut, StaffAccountOut, TokenIn
from backend.security import PERMISSIONS, issue_token, revoke_tokens, staff_accounts

router = APIRouter(prefix="/api", tags=["staff"], responses=SIGNED_IN)
ADMINISTRATORS_ONLY: ResponseDocs = refused("Accounts and tokens are for administrators.")
SOMEONE_ELSES_ACCOUNT: ResponseDocs = account_taken()


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
    responses={**ADMINISTRATORS_ONLY, **JSON_BODY, **SOMEONE_ELSES_ACCOUNT},
)
def create_token(
    request: TokenIn, user: StaffManager, uow: UnitOfWork, http: Request
) -> dict[str, Any]:
    """A new account with its first token, to hand to its holder; or a new token for the
    administrator's own account (which keeps its role).

    A token for anyone else's existing account is refused (409): whoever holds it could
    act as that person, and the audit log would name them. A replacement is issued on
    the server (`python -m backend.cli create-token`).

    Every token expires: after `expires_in_days`, which is at most STAFF_TOKEN_DAYS (90
    by default; more is refused, 422: only the command line makes longer ones), or after
    STAFF_TOKEN_DAYS when it is left out. The audit log records each token made, who
    made it, and the id of the administrator's own token."""
    if not request.name.split():  # what the account's name would be: spaces collapsed
        raise validation_error(("body", "name"), "A staff account needs a name.", request.name)
    longest = http.app.state.settings.staff_token_days
    if request.expires_in_days is not None and request.expires_in_days > longest:
        raise validation_error(
            ("body", "expires_in_days"),
            f"A token made here lasts at most {longest} days; "
            "a longer one is made on the server (python -m backend.cli create-token).",
            request.expires_in_days,
        )
    own = " ".join(request.name.split()) == user.name
    try:
        issued = issue_token(
            uow,
            name=request.name,
            role=request.role,
            expires_in_days=longest if request.expires_in_days is None else request.expires_in_days,
            actor=user.actor,
            existing_account_allowed=own,
        )
    except ValueError as error:  # AccountExists, or their own account has another role
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(error)) from None
    return {
        "token": issued.token,
        "id": issued.id,
        "account": issued.account,
        "role": issued.role,
        "expires_at": issued.expires_at.isoformat(),
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
