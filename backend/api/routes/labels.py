"""How the dashboard names what it shows: record groups and fields, statuses, outcomes,
criteria, results, sources and flags. No personal data; any signed-in member of staff."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from backend.api.dependencies import CurrentUser
from backend.api.responses import SIGNED_IN
from backend.domain.labels import record_layout

router = APIRouter(prefix="/api", tags=["labels"], responses=SIGNED_IN)


@router.get("/labels")
def labels(_user: CurrentUser) -> dict[str, Any]:
    return record_layout()
