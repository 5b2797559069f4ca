"""Every response's security headers, set on its way out (backend.security says which).

Every response gets the security headers and its path's content policy (a response that
set its own policy, the printable summary, keeps it), the methods a path allows on a 405,
and on the API no caching, as records hold personal data. An error nothing else handled
becomes a plain 500 with no stack trace, and only its type and route in the log: an
exception's text may quote personal data.

A plain ASGI middleware, which edits the response's first message as it passes: unlike
Starlette's BaseHTTPMiddleware, it starts no task and copies no body stream per request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from fastapi import Request, status
from fastapi.responses import JSONResponse
from starlette.datastructures import MutableHeaders
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.api.allowed_methods import methods_allowed
from backend.security import CHAT_PAGE_PATH, content_policy_for

log = logging.getLogger(__name__)


def unexpected_error(request: Request, error: Exception) -> JSONResponse:
    """A 500 with no stack trace for the caller, and only the error's type and route in
    the log: an exception's text may quote personal data."""
    route = getattr(request.scope.get("route"), "path", "?")
    log.error("unexpected %s on %s %s", type(error).__name__, request.method, route)
    return JSONResponse(
        {"detail": "Something went wrong; the error has been logged."},
        status_code=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )


class SecurityHeaders:
    """ASGI middleware: headers (security_headers' output) on every HTTP response, with
    the chat page's own content policy, and routes() asked for a 405's Allow."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        headers: dict[str, str],
        chat_policy: str,
        routes: Callable[[], Sequence[BaseRoute]],
    ) -> None:
        self.app = app
        self.headers = headers
        self.default_policy = headers["Content-Security-Policy"]
        self.chat_policy = chat_policy
        self.routes = routes

    def _finish(self, message: Message, path: str) -> None:
        """The response's first message, its headers set as the module says."""
        message.setdefault("headers", [])  # ASGI lets a response leave them out
        headers = MutableHeaders(scope=message)
        if message["status"] == status.HTTP_405_METHOD_NOT_ALLOWED:
            headers["Allow"] = ", ".join(methods_allowed(self.routes(), path))
        own_policy = headers.get("Content-Security-Policy")
        headers.update(self.headers)
        headers["Content-Security-Policy"] = own_policy or content_policy_for(
            path, self.default_policy, self.chat_policy
        )
        if path == CHAT_PAGE_PATH:
            del headers["X-Frame-Options"]  # frame-ancestors decides (see chat_page_policy)
        if path.startswith("/api/"):
            headers["Cache-Control"] = "no-store"  # records hold personal data

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        path = request.url.path
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                self._finish(message, path)
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as error:  # handled here, so the server never logs its text
            if started:  # too late for another response: the server ends this one
                raise
            await unexpected_error(request, error)(scope, receive, send_with_headers)
