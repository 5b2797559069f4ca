"""The chat page: its files, the Rasa address it should talk to, and the embeddable
widget's script (/widget.js), which other sites load to show the chat page in a frame."""

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

    @router.get("/widget.js", include_in_schema=False)
    def widget() -> FileResponse:
        """Loaded by the pages of other sites (a classic script, so no CORS is needed);
        it frames the chat page, which only WIDGET_HOST_ORIGINS may do."""
        script = static_dir / "widget.js"
        if not script.is_file():
            raise HTTPException(404, detail="The widget is not installed.")
        return FileResponse(
            script, media_type="text/javascript", headers={"Cache-Control": "max-age=300"}
        )

    @router.get("/webchat/config.json")
    def config(request: Request) -> dict[str, str]:
        return {"rasaUrl": request.app.state.settings.rasa_public_url}

    return router
