"""A bound on how much of a request body the staff API reads.

FastAPI reads a JSON body whole before validating it, so without a bound one request
could hold any amount of memory. This middleware counts the body as the route reads it
and stops at ``max_bytes`` with a 413 (documented as ``JSON_BODY`` in
backend.api.responses); a declared ``Content-Length`` over the bound is refused before
anything is read. Routes that take no body never read it, so never answer 413.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the server refuses a malformed length before we see it
    return None


class BodySizeLimit:
    """ASGI middleware: 413 for a body over max_bytes on paths under path_prefix.

    The refusal is raised as an HTTPException from ``receive``: FastAPI re-raises one
    met while reading a body, so the app's own error handling answers it (JSON, with
    the usual security headers)."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, path_prefix: str = "/api/") -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.path_prefix = path_prefix

    def _too_large(self) -> HTTPException:
        return HTTPException(413, detail=f"The body is larger than {self.max_bytes:,} bytes.")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.path_prefix):
            await self.app(scope, receive, send)
            return
        declared = _declared_length(scope)
        received = 0

        async def bounded_receive() -> Message:
            nonlocal received
            if declared is not None and declared > self.max_bytes:
                raise self._too_large()
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise self._too_large()
            return message

        await self.app(scope, bounded_receive, send)
