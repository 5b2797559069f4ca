"""The case backend's HTTP app: `uvicorn backend.api.main:app --port 8000`.

Serves the staff API (/api, documented at /docs), the staff dashboard (/dashboard) and
the chat page (/). While it runs, it also sends the team's notification e-mails from
the outbox every NOTIFY_INTERVAL_SECONDS when SMTP_HOST is set.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

from anyio import to_thread
from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as DatabaseTimeout

from backend.adapters.bot_relay import BotRelay
from backend.adapters.db import make_engine, make_session_factory
from backend.adapters.encryption import FieldCipher
from backend.adapters.mailer import SmtpMailer
from backend.api.body_limit import BodySizeLimit
from backend.api.responses import MAX_BODY_BYTES, validation_problems
from backend.api.routes import (
    audit,
    dashboard,
    health,
    labels,
    referrals,
    requests,
    staff,
    transcripts,
)
from backend.api.routes import sms as sms_routes
from backend.api.routes.webchat import WEBCHAT_DIR, webchat_router
from backend.api.security_headers import SecurityHeaders
from backend.api.sms_runtime import SmsRuntime
from backend.log_setup import configure_logging
from backend.security import chat_page_policy, security_headers
from backend.service.notifications import deliver_periodically
from backend.service.review import ReferralNotFound, ReferralNotVisible
from backend.service.unit_of_work import SqlAlchemyUnitOfWork
from backend.settings import Settings, SmsSettings, get_settings

log = logging.getLogger(__name__)

DESCRIPTION = """\
The case backend of the HSB referral service. Staff sign in with a bearer token
(`python -m backend.cli create-token`). Roles: `art` (the Access and Response Team:
everything, drafts included), `clinician` (referrals once submitted), `admin` (accounts
and the audit log; reads but decides nothing). A missing or wrong token gets 401, a role
that may not do something 403. Every read, export and change is in the audit log.
The screening is a recommendation: only a person changes a referral's status.

Lists come a page at a time, as `{items, total, page, per_page}`; `page` and `per_page`
are bounded. An error is `{"detail": "<what went wrong>"}`; a request that breaks a rule
(a parameter or a body) gets 422 with FastAPI's list of problems,
`{"detail": [{"loc", "msg", "type"}]}`. A method a path does not support gets 405 with
the methods it does in `Allow`.
"""


def _add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, validation_problems)

    @app.exception_handler(OperationalError)
    @app.exception_handler(DatabaseTimeout)
    async def database_unavailable(request: Request, error: Exception) -> JSONResponse:
        """503, as /health answers, while the database cannot be reached (no server, a
        full pool): not a 500. The error's text names the server, so only its type is
        logged."""
        route = getattr(request.scope.get("route"), "path", "?")
        log.error(
            "the database could not be reached on %s %s (%s)",
            request.method,
            route,
            type(error).__name__,
        )
        return JSONResponse(
            {"detail": "The case database cannot be reached just now; try again in a minute."},
            status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
        )

    @app.exception_handler(ReferralNotFound)
    async def not_found(_request: Request, _error: ReferralNotFound) -> JSONResponse:
        return JSONResponse(
            {"detail": "No referral has that reference."}, status_code=status.HTTP_404_NOT_FOUND
        )

    @app.exception_handler(ReferralNotVisible)
    async def not_visible(_request: Request, _error: ReferralNotVisible) -> JSONResponse:
        return JSONResponse(
            {
                "detail": "This referral has not been submitted yet; "
                "only the Access and Response Team can see it."
            },
            status_code=status.HTTP_403_FORBIDDEN,
        )


def _transcript_relay(settings: Settings) -> BotRelay | None:
    """The relay of ART call transcripts to the bot; None while it is switched off."""
    if not settings.transcript_relay_secret:
        return None
    return BotRelay(settings.transcript_relay_url, settings.transcript_relay_secret)


def _lifespan(
    settings: Settings,
    uow_factory: Callable[[], SqlAlchemyUnitOfWork],
    mailer: SmtpMailer | None,
    sms: SmsRuntime,
    transcript_relay: BotRelay | None,
    engine: Engine,
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """While the app runs: the worker thread pool sized (API_WORKER_THREADS), the
    notifier (when SMTP_HOST is set) and the SMS follow-up pass; on the way out, each is
    stopped and the connections closed."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # The pool the sync routes and dependencies run in (anyio's, 40 by default).
        to_thread.current_default_thread_limiter().total_tokens = settings.api_worker_threads
        notifier = None
        if mailer is not None:
            notifier = asyncio.create_task(
                deliver_periodically(
                    uow_factory(),
                    mailer,
                    interval_seconds=settings.notify_interval_seconds,
                    dashboard_url=settings.dashboard_url,
                )
            )
        else:
            log.info("SMTP_HOST is not set: notifications wait in the outbox")
        sms.start()  # SMS follow-ups every SMS_FOLLOWUP_INTERVAL_SECONDS, when set up
        try:
            yield
        finally:
            await sms.close()
            if transcript_relay is not None:
                await transcript_relay.close()
            if notifier is not None:
                notifier.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await notifier
            engine.dispose()

    return lifespan


def _add_security_headers(app: FastAPI, settings: Settings) -> None:
    """Every response: the security headers and its path's content policy, no stack
    trace on an error, Allow on a 405, and no caching of the API's personal data
    (backend.api.security_headers)."""
    # Added before the middleware below, so inside it: its 413 gets the security headers.
    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES)
    headers = security_headers(settings.rasa_public_url)
    chat_policy = chat_page_policy(headers["Content-Security-Policy"], settings.widget_host_origins)
    app.add_middleware(
        SecurityHeaders,
        headers=headers,
        chat_policy=chat_policy,
        routes=lambda: app.router.routes,
    )


def _include_routes(app: FastAPI, static_dir: Path) -> None:
    app.include_router(health.router)
    app.include_router(sms_routes.router)
    app.include_router(referrals.router)
    app.include_router(requests.router)
    app.include_router(staff.router)
    app.include_router(audit.router)
    app.include_router(labels.router)
    app.include_router(transcripts.router)
    app.include_router(dashboard.router)
    dashboard.mount_dashboard_assets(app)
    app.include_router(webchat_router(static_dir))  # before the mount: config.json wins
    if static_dir.is_dir():
        app.mount("/webchat", StaticFiles(directory=static_dir), name="webchat")


def create_app(
    settings: Settings | None = None,
    *,
    webchat_dir: Path | None = None,
    sms_settings: SmsSettings | None = None,
    sms_http_client: Any = None,
) -> FastAPI:
    """The app. sms_settings, when given, stand in for settings.sms; sms_http_client:
    tests' Twilio HTTP client."""
    settings = settings or get_settings()
    configure_logging(settings)
    cipher = FieldCipher.from_settings(settings)  # fail at start-up, not on the first read
    mailer = SmtpMailer.from_settings(settings)  # likewise a half-configured mail server
    engine = make_engine(settings.database_url)
    session_factory = make_session_factory(engine)

    def uow_factory() -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(session_factory, cipher)

    sms = SmsRuntime(sms_settings or settings.sms, uow_factory(), http_client=sms_http_client)
    transcript_relay = _transcript_relay(settings)
    app = FastAPI(
        title="HSB referral case backend",
        description=DESCRIPTION,
        lifespan=_lifespan(settings, uow_factory, mailer, sms, transcript_relay, engine),
    )
    app.state.settings = settings
    app.state.cipher = cipher
    app.state.session_factory = session_factory
    app.state.sms = sms
    app.state.transcript_relay = transcript_relay
    _add_error_handlers(app)
    _add_security_headers(app, settings)
    _include_routes(app, webchat_dir or WEBCHAT_DIR)
    return app


def __getattr__(name: str) -> Any:
    """`app` is built on first use, so importing create_app needs no configuration."""
    if name == "app":
        globals()["app"] = create_app()
        return globals()["app"]
    raise AttributeError(name)
