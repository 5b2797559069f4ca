"""The action server: rasa-sdk's app, with what a deployment needs around it.

Run with ``python -m actions.server``. Compared with ``python -m rasa_sdk`` it

* listens on loopback unless ACTION_SERVER_HOST says otherwise (rasa-sdk's own runner
  listens on every interface);
* refuses every call that does not carry the shared secret ACTION_SERVER_TOKEN, which
  the Rasa server sends as ``Authorization: Bearer ...`` (endpoints.yml), and will not
  start without one: whoever can call it can store referrals;
* answers a failing action with a bare 500 and logs the error's type only (rasa-sdk's
  own handler logs the request and sends the whole tracker back, which Rasa then logs);
* sends no CORS headers (no browser ever calls it);
* retries, in the background, the writes the case backend could not take
  (actions/backend_gateway.py, actions/spool.py).

Only GET /health answers without the secret, with nothing but ``{"status": "ok"}``.
"""

from __future__ import annotations

import hmac
import logging
from typing import Any

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from actions import backend_gateway
from actions.parsing import named_entities
from backend.log_setup import configure_logging
from backend.settings import ConfigurationError, Settings, get_settings

log = logging.getLogger(__name__)
OPEN_PATHS = frozenset({"/health"})
MAX_REQUEST_BYTES = 16 * 1024 * 1024
SPOOL_RETRY_INTERVAL_SECONDS = 1.0


def is_authorised(header: str | None, token: str) -> bool:
    """Whether an Authorization header carries the shared secret (compared in constant
    time; an empty secret authorises nobody)."""
    if not token or not header or not header.startswith("Bearer "):
        return False
    return hmac.compare_digest(header[len("Bearer ") :].encode(), token.encode())


def build_app(settings: Settings) -> Sanic:
    if not settings.action_server_token:
        raise ConfigurationError(
            "ACTION_SERVER_TOKEN is not set: the action server refuses to start without "
            "the secret the Rasa server must send (make_env.py generates one in .env)."
        )
    app = create_app("actions", cors_origins=None)
    app.config.REQUEST_MAX_SIZE = MAX_REQUEST_BYTES
    token = settings.action_server_token

    @app.middleware("request")
    async def authenticate(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS and request.method == "GET":
            return None
        if not is_authorised(request.headers.get("Authorization"), token):
            log.info("refused a call without the shared secret (%s)", request.path[:40])
            return response.json({"error": "unauthorised"}, status=401)
        return None

    async def failed(request: Request, exception: Exception) -> HTTPResponse:
        status = getattr(exception, "status_code", 500)
        if status >= 500:
            log.error("an action failed (%s)", type(exception).__name__)
        return response.json({"error": "action failed" if status >= 500 else "refused"}, status)

    app.error_handler.add(Exception, failed)

    @app.listener("after_server_start")
    async def start_retrying(app: Sanic, loop: Any) -> None:
        app.ctx.retrying = loop.create_task(
            backend_gateway.retry_forever(SPOOL_RETRY_INTERVAL_SECONDS)
        )

    @app.listener("before_server_stop")
    async def stop_retrying(app: Sanic, _loop: Any) -> None:
        # What is still kept stays in the spool for the next start.
        app.ctx.retrying.cancel()

    return app


def main() -> None:
    settings = get_settings()
    configure_logging(settings)
    app = build_app(settings)
    try:
        named_entities.load()
    except named_entities.ModelFilesError as error:
        raise SystemExit(f"action server: {error}") from error
    log.info(
        "action server on %s:%d (callers must send the shared secret)",
        settings.action_server_host,
        settings.action_server_port,
    )
    app.run(
        host=settings.action_server_host,
        port=settings.action_server_port,
        access_log=False,
        motd=False,
        workers=1,
    )


if __name__ == "__main__":
    main()
