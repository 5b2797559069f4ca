"""GET /health: is the service up and can it reach its database?"""

from __future__ import annotations

import logging
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from backend.api.dependencies import UnitOfWork

log = logging.getLogger(__name__)
router = APIRouter(tags=["health"])


class HealthOut(BaseModel):
    status: Literal["ok", "unavailable"]


@router.get(
    "/health",
    response_model=HealthOut,
    responses={503: {"model": HealthOut, "description": "The database cannot be reached."}},
)
def health(uow: UnitOfWork) -> JSONResponse:
    try:
        with uow:
            uow.ping()
    except Exception as error:  # any failure to reach the database means "unavailable"
        log.error("health check failed: %s", type(error).__name__)
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok"})
