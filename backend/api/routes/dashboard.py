"""The staff dashboard: one page and its own script and styles, served from
backend/dashboard/static. It signs in with a staff token and uses the API like any
other client; the page itself holds no data."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from backend.settings import REPO_ROOT

DASHBOARD_DIR = REPO_ROOT / "backend" / "dashboard" / "static"

router = APIRouter(tags=["dashboard"], include_in_schema=False)


@router.get("/dashboard")
def dashboard() -> FileResponse:
    return FileResponse(DASHBOARD_DIR / "index.html", headers={"Cache-Control": "no-cache"})


@router.get("/dashboard/")
def dashboard_with_slash() -> RedirectResponse:
    return RedirectResponse("/dashboard", status_code=308)


def mount_dashboard_assets(app: FastAPI) -> None:
    app.mount("/dashboard/static", StaticFiles(directory=DASHBOARD_DIR), name="dashboard")
