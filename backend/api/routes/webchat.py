"""The chat page: its files, and the Rasa address it should talk to."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse

from backend.settings import REPO_ROOT

WEBCHAT_DIR = REPO_ROOT / "bot" / "webchat" / "static"


def webchat_router(static_dir: Path) -> APIRouter:
    router = APIRouter(tags=["webchat"])

    @router.get("/", include_in_schema=False)
    def index() -> FileResponse:
        page = static_dir / "index.html"
        if not page.is_file():
            raise HTTPException(404, detail="The chat page is not installed.")
        return FileResponse(page)

    @router.get("/webchat/config.json")
    def config(request: Request) -> dict[str, str]:
        return {"rasaUrl": request.app.state.settings.rasa_public_url}

    return router
