"""Request-scoped dependencies: a unit of work per request, the signed-in staff user, and
the role check every staff route makes (what each role may do is in backend.security).

Only what touches the database runs in a worker thread (a sync dependency): making the
unit of work and checking a role run on the event loop, so a request costs one thread
hop to sign in and one for its route, not four."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security, status
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from backend.security import Permission, StaffUser, authenticate
from backend.service.unit_of_work import SqlAlchemyUnitOfWork

log = logging.getLogger(__name__)


async def get_uow(request: Request) -> SqlAlchemyUnitOfWork:
    """A fresh unit of work for each request (its sessions open in its blocks)."""
    state = request.app.state
    return SqlAlchemyUnitOfWork(state.session_factory, state.cipher)


UnitOfWork = Annotated[SqlAlchemyUnitOfWork, Depends(get_uow)]


# Declared as the API's security scheme, so the OpenAPI document says which routes need a
# token; it only reads the header (auto_error=False): the refusal below is the API's own.
STAFF_TOKEN = HTTPBearer(
    scheme_name="StaffToken",
    description="A staff token: `python -m backend.cli create-token` or `POST /api/staff/tokens`.",
    auto_error=False,
)


def current_user(
    uow: UnitOfWork,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(STAFF_TOKEN)],
) -> StaffUser:
    """The member of staff whose bearer token came with the request, or 401."""
    token = credentials.credentials if credentials else None
    user = authenticate(uow, token or "")
    if user is None:
        if token:  # someone tried a token: worth a look, but the token is never logged
            log.warning("an unknown, expired or revoked staff token was refused")
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="A valid staff token is required.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


CurrentUser = Annotated[StaffUser, Depends(current_user)]


def refuse_unless(
    user: StaffUser, permission: Permission, uow: SqlAlchemyUnitOfWork, request: Request
) -> None:
    """403 when the user's role does not allow this; the refusal is audited."""
    if user.may(permission):
        return
    route = request.scope.get("route")
    # The route's template, not the URL: a query string could carry typed text.
    where = getattr(route, "path", "?")
    with uow:
        uow.audit.record(
            actor=user.actor,
            action="access.refused",
            detail=f"{request.method} {where} needs {permission}; role {user.role}",
        )
        uow.commit()
    raise HTTPException(
        status.HTTP_403_FORBIDDEN, detail=f"The {user.role} role does not allow this."
    )


def allowed(permission: Permission) -> Callable[..., Awaitable[StaffUser]]:
    """A dependency: the signed-in user, if their role has this permission (a refusal is
    audited, in a worker thread, as it writes)."""

    async def check(user: CurrentUser, uow: UnitOfWork, request: Request) -> StaffUser:
        if not user.may(permission):
            await run_in_threadpool(refuse_unless, user, permission, uow, request)
        return user

    return check


Reader = Annotated[StaffUser, Depends(allowed("read_referrals"))]
Exporter = Annotated[StaffUser, Depends(allowed("export_referrals"))]
Decider = Annotated[StaffUser, Depends(allowed("decide"))]
NoteWriter = Annotated[StaffUser, Depends(allowed("write_notes"))]
StaffManager = Annotated[StaffUser, Depends(allowed("manage_staff"))]
AuditReader = Annotated[StaffUser, Depends(allowed("read_audit"))]
