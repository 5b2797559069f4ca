"""The case backend's HTTP app: `uvicorn backend.api.main:app --port 8000`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles

from backend.adapters.db import make_engine, make_session_factory
from backend.adapters.encryption import FieldCipher
from backend.api.routes import health, referrals
from backend.api.routes.webchat import WEBCHAT_DIR, webchat_router
from backend.security import DOCS_PATHS, DOCS_POLICY, security_headers
from backend.settings import Settings, configure_logging, get_settings


def create_app(settings: Settings | None = None, *, webchat_dir: Path | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings)
    cipher = FieldCipher.from_settings(settings)  # fail at start-up, not on the first read
    engine = make_engine(settings.database_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(title="HSB referral case backend", lifespan=lifespan)
    app.state.settings = settings
    app.state.cipher = cipher
    app.state.session_factory = make_session_factory(engine)

    headers = security_headers(settings.rasa_public_url)

    @app.middleware("http")
    async def add_security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.update(headers)
        if request.url.path in DOCS_PATHS:
            response.headers["Content-Security-Policy"] = DOCS_POLICY
        if request.url.path.startswith("/api/"):
            response.headers["Cache-Control"] = "no-store"  # records hold personal data
        return response

    static_dir = webchat_dir or WEBCHAT_DIR
    app.include_router(health.router)
    app.include_router(referrals.router)
    app.include_router(webchat_router(static_dir))  # before the mount: config.json wins
    if static_dir.is_dir():
        app.mount("/webchat", StaticFiles(directory=static_dir), name="webchat")
    return app


def __getattr__(name: str) -> Any:
    """`app` is built on first use, so importing create_app needs no configuration."""
    if name == "app":
        globals()["app"] = create_app()
        return globals()["app"]
    raise AttributeError(name)
