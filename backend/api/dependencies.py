"""Request-scoped dependencies: a unit of work per request, and the signed-in staff user."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request, status

from backend.security import StaffUser, authenticate, bearer_token
from backend.service.unit_of_work import SqlAlchemyUnitOfWork


def get_uow(request: Request) -> SqlAlchemyUnitOfWork:
    """A fresh unit of work (and so a fresh session) for each request."""
    state = request.app.state
    return SqlAlchemyUnitOfWork(state.session_factory, state.cipher)


UnitOfWork = Annotated[SqlAlchemyUnitOfWork, Depends(get_uow)]


def current_user(
    uow: UnitOfWork, authorization: Annotated[str | None, Header()] = None
) -> StaffUser:
    user = authenticate(uow, bearer_token(authorization) or "")
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="A valid staff token is required.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


CurrentUser = Annotated[StaffUser, Depends(current_user)]
